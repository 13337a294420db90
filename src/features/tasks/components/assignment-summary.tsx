import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';

const DATE_TIME = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;

/** Due date, availability and grace period of an assignment, as text. */
export function AssignmentDates({ assignment, overdue = false }: { assignment: Assignment; overdue?: boolean }) {
  const t = useT();
  const format = useFormat();
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-1 text-slate-700 dark:text-slate-300">
      <span className={overdue ? 'font-semibold text-red-800 dark:text-red-300' : ''}>
        {assignment.due === null ? t('tasks.noDue') : t('tasks.due', { date: format.date(assignment.due, DATE_TIME) })}
        {overdue ? ` – ${t('tasks.overdue')}` : ''}
      </span>
      {assignment.settings.availableFrom === null ? null : <span>{t('tasks.availableFrom', { date: format.date(assignment.settings.availableFrom, DATE_TIME) })}</span>}
      {assignment.settings.toleranceMinutes > 0 ? <span>{t('tasks.tolerance', { count: assignment.settings.toleranceMinutes })}</span> : null}
    </p>
  );
}
