import { useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import { useSubmissionOverview } from '../api/get-submission-overview';
import { useRemindMissing } from '../api/remind-missing';
import { countByStatus, missingStudents, sortRows, submissionStatuses, type SortKey } from '../lib/assignment-model';
import { FeedbackForm } from './feedback-form';
import { StatusBadge } from './status-badge';
import { Loading, RetryAlert } from '../../../components/ui/query-state';

/** Visual sort direction (the header's aria-sort says it to screen readers). */
const ARROW_UP = ' ▲';
const ARROW_DOWN = ' ▼';
const DATE_TIME = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;

/** The teacher's grid: every student with status, hand-in time and files; sortable; counts; remind; feedback. */
export function SubmissionOverview({ teacherId, className, roomToken, assignment }: { teacherId: string; className: string; roomToken: string | null; assignment: Assignment }) {
  const t = useT();
  const format = useFormat();
  const overview = useSubmissionOverview(teacherId, className, assignment);
  const remind = useRemindMissing();
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'name', ascending: true });
  const [feedbackFor, setFeedbackFor] = useState<string | null>(null);
  const [reminded, setReminded] = useState<number | null>(null);

  if (overview.isPending) {
    return (
      <Loading label={t('common.loading')} />
    );
  }
  if (overview.isError) {
    return <RetryAlert message={t('tasks.loadError')} onRetry={() => overview.refetch()} />;
  }
  const rows = overview.data;
  if (rows.length === 0) return <p>{t('tasks.overview.noStudents')}</p>;
  const counts = countByStatus(rows);
  const missing = missingStudents(rows);
  const sorted = sortRows(rows, sort.key, sort.ascending);
  const selected = rows.find((r) => r.student.id === feedbackFor);

  function header(key: SortKey, label: string) {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'} className="p-0 text-left">
        <button
          type="button"
          className="min-h-11 w-full px-3 text-left font-semibold hover:bg-slate-100 dark:hover:bg-slate-800"
          onClick={() => setSort({ key, ascending: active ? !sort.ascending : true })}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.ascending ? ARROW_UP : ARROW_DOWN) : null}</span>
        </button>
      </th>
    );
  }

  function sendReminder() {
    const text = t('tasks.overview.remindText', {
      title: assignment.title,
      date: assignment.due === null ? t('tasks.noDue') : format.date(assignment.due, DATE_TIME),
    });
    if (roomToken === null) return;
    remind.mutate({ roomToken, text, students: missing }, { onSuccess: () => setReminded(missing.length) });
  }

  return (
    <div className="flex flex-col gap-4">
      <section aria-label={t('tasks.overview.counts')}>
        <ul className="flex flex-wrap gap-2" data-testid="status-counts">
          {submissionStatuses.map((s) => (
            <li key={s} className="rounded-lg border border-slate-300 px-3 py-1 dark:border-slate-700">
              {t(`tasks.status.${s}`)}: <strong>{counts[s]}</strong>
            </li>
          ))}
        </ul>
      </section>
      <div className="flex flex-wrap items-center gap-3">
        {missing.length > 0 ? (
          <Button variant="secondary" disabled={remind.isPending || roomToken === null} onClick={sendReminder}>
            {t('tasks.overview.remind', { count: missing.length })}
          </Button>
        ) : (
          <p>{t('tasks.overview.nobodyMissing')}</p>
        )}
        <p role="status">{reminded === null ? '' : t('tasks.overview.reminded', { count: reminded })}</p>
        {remind.isError ? <Alert>{t('tasks.actionError')}</Alert> : null}
      </div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">{t('tasks.overview.caption', { title: assignment.title })}</caption>
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
            {sorted.map((row) => (
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
                  <Button variant="secondary" onClick={() => setFeedbackFor(row.student.id)} aria-expanded={feedbackFor === row.student.id}>
                    {t('tasks.overview.feedbackFor', { name: row.student.displayName })}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected === undefined ? null : (
        <FeedbackForm key={selected.student.id} teacherId={teacherId} cardId={assignment.cardId} row={selected} onClose={() => setFeedbackFor(null)} />
      )}
    </div>
  );
}
