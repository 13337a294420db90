import { Link } from 'react-router';
import { buttonClasses } from '../../components/ui/button';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function NotFoundRoute() {
  const t = useT();
  useDocumentTitle(t('app.pageTitle', { page: t('notFound.title') }));
  return (
    <div className="flex flex-col items-start gap-4">
      <h1 className="text-3xl font-bold tracking-tight">{t('notFound.title')}</h1>
      <p className="text-slate-700 dark:text-slate-300">{t('notFound.text')}</p>
      <Link to="/" className={buttonClasses('primary')}>
        {t('notFound.home')}
      </Link>
    </div>
  );
}
