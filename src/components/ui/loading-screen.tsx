import { useT } from '../../i18n/i18n';
import { Spinner } from './spinner';

/** Full-page placeholder while the app finds out who is signed in. */
export function LoadingScreen() {
  const t = useT();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 p-6">
      <h1 className="sr-only">{t('app.name')}</h1>
      <p role="status" className="flex items-center gap-3 text-slate-700 dark:text-slate-300">
        <Spinner />
        {t('common.loading')}
      </p>
    </main>
  );
}
