import { useT } from '../../../i18n/i18n';
import type { SubmissionStatus } from '../lib/assignment-model';

const styles: Record<SubmissionStatus, string> = {
  'not-started': 'border-slate-500 text-slate-800 dark:text-slate-200',
  'in-progress': 'border-amber-700 text-amber-900 dark:border-amber-300 dark:text-amber-200',
  'handed-in': 'border-green-700 text-green-900 dark:border-green-300 dark:text-green-200',
  late: 'border-orange-700 text-orange-900 dark:border-orange-300 dark:text-orange-200',
  returned: 'border-blue-700 text-blue-900 dark:border-blue-300 dark:text-blue-200',
};

/** The status as text in a bordered pill (never colour alone). */
export function StatusBadge({ status }: { status: SubmissionStatus }) {
  const t = useT();
  return <span className={`inline-block rounded-full border-2 px-2 py-0.5 text-sm font-medium ${styles[status]}`}>{t(`tasks.status.${status}`)}</span>;
}
