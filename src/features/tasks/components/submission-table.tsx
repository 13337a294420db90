import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { OverviewRow } from '../api/get-submission-overview';
import type { SortKey } from '../lib/assignment-model';
import { StatusBadge } from './status-badge';

/** Visual sort direction (the header's aria-sort says it to screen readers). */
const ARROW_UP = ' ▲';
const ARROW_DOWN = ' ▼';
export const DATE_TIME = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;

export interface SortOrder {
  key: SortKey;
  ascending: boolean;
}

interface SubmissionTableProps {
  title: string;
  /** The rows, already sorted. */
  rows: readonly OverviewRow[];
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
  /** Opens the grading view on this student. */
  onGrade: (studentId: string) => void;
}

/** Every student of the class with status, hand-in time and files; sortable by name, status and time. */
export function SubmissionTable({ title, rows, sort, onSort, onGrade }: SubmissionTableProps) {
  const t = useT();
  const format = useFormat();
  const header = (key: SortKey, label: string) => <SortHeader sortKey={key} label={label} sort={sort} onSort={onSort} />;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">{t('tasks.overview.caption', { title })}</caption>
        <thead className="border-b-2 border-slate-300 dark:border-slate-700">
          <tr>
            {header('name', t('tasks.overview.name'))}
            {header('status', t('tasks.overview.status'))}
            {header('handedInAt', t('tasks.overview.handedInAt'))}
            <th scope="col" className="px-3 font-semibold">
              {t('tasks.overview.files')}
            </th>
            <th scope="col" className="px-3 font-semibold">
              {t('tasks.overview.actions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.student.id} className="border-b border-slate-200 dark:border-slate-800">
              <th scope="row" className="px-3 py-2 font-medium">
                {row.student.displayName}
              </th>
              <td className="px-3 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-3 py-2">{row.handedInAt === null ? '–' : format.date(row.handedInAt, DATE_TIME)}</td>
              <td className="px-3 py-2">{row.entries.map((e) => e.name).join(', ') || '–'}</td>
              <td className="px-3 py-2">
                <Button variant="secondary" data-student={row.student.id} onClick={() => onGrade(row.student.id)}>
                  {t('tasks.overview.grade', { name: row.student.displayName })}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SortHeader({ sortKey, label, sort, onSort }: { sortKey: SortKey; label: string; sort: SortOrder; onSort: (sort: SortOrder) => void }) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'} className="p-0 text-left">
      <button
        type="button"
        className="min-h-11 w-full px-3 text-left font-semibold hover:bg-slate-100 dark:hover:bg-slate-800"
        onClick={() => onSort({ key: sortKey, ascending: active ? !sort.ascending : true })}
      >
        {label}
        <span aria-hidden="true">{active ? (sort.ascending ? ARROW_UP : ARROW_DOWN) : null}</span>
      </button>
    </th>
  );
}
