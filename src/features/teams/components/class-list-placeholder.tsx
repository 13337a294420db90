import { useT } from '../../../i18n/i18n';

/** Stands in for the class list until the Teams issue lands. */
export function ClassListPlaceholder() {
  const t = useT();
  return (
    <div className="rounded-2xl border border-dashed border-slate-400 bg-white p-8 text-center dark:border-slate-600 dark:bg-slate-900">
      <p className="text-lg font-semibold">{t('teams.placeholder.title')}</p>
      <p className="mt-2 text-slate-700 dark:text-slate-300">{t('teams.placeholder.text')}</p>
    </div>
  );
}
