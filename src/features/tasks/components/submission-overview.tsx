import { useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import { useSubmissionOverview } from '../api/get-submission-overview';
import { useRemindMissing } from '../api/remind-missing';
import { countByStatus, missingStudents, sortRows, submissionStatuses, type SubmissionStatus, type Student } from '../lib/assignment-model';
import { FeedbackForm } from './feedback-form';
import { DATE_TIME, SubmissionTable, type SortOrder } from './submission-table';
import { Loading, RetryAlert } from '../../../components/ui/query-state';

/** The teacher's grid: every student with status, hand-in time and files; sortable; counts; remind; feedback. */
export function SubmissionOverview({ teacherId, className, roomToken, assignment }: { teacherId: string; className: string; roomToken: string | null; assignment: Assignment }) {
  const t = useT();
  const overview = useSubmissionOverview(teacherId, className, assignment);
  const reminder = useReminder(assignment, roomToken);
  const [sort, setSort] = useState<SortOrder>({ key: 'name', ascending: true });
  const [feedbackFor, setFeedbackFor] = useState<string | null>(null);

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
  const missing = missingStudents(rows);
  const selected = rows.find((r) => r.student.id === feedbackFor);

  return (
    <div className="flex flex-col gap-4">
      <StatusCounts counts={countByStatus(rows)} />
      <div className="flex flex-wrap items-center gap-3">
        {missing.length > 0 ? (
          <Button variant="secondary" disabled={reminder.remind.isPending || roomToken === null} onClick={() => reminder.send(missing)}>
            {t('tasks.overview.remind', { count: missing.length })}
          </Button>
        ) : (
          <p>{t('tasks.overview.nobodyMissing')}</p>
        )}
        <p role="status">{reminder.reminded === null ? '' : t('tasks.overview.reminded', { count: reminder.reminded })}</p>
        {reminder.remind.isError ? <Alert>{t('tasks.actionError')}</Alert> : null}
      </div>
      <SubmissionTable
        title={assignment.title}
        rows={sortRows(rows, sort.key, sort.ascending)}
        sort={sort}
        onSort={setSort}
        feedbackFor={feedbackFor}
        onFeedback={setFeedbackFor}
      />
      {selected === undefined ? null : (
        <FeedbackForm key={selected.student.id} teacherId={teacherId} cardId={assignment.cardId} row={selected} onClose={() => setFeedbackFor(null)} />
      )}
    </div>
  );
}

/** Reminding those who have not handed in, in the class conversation; remembers how many were reminded. */
function useReminder(assignment: Assignment, roomToken: string | null) {
  const t = useT();
  const format = useFormat();
  const remind = useRemindMissing();
  const [reminded, setReminded] = useState<number | null>(null);
  const send = (missing: Student[]) => {
    const text = t('tasks.overview.remindText', {
      title: assignment.title,
      date: assignment.due === null ? t('tasks.noDue') : format.date(assignment.due, DATE_TIME),
    });
    if (roomToken === null) return;
    remind.mutate({ roomToken, text, students: missing }, { onSuccess: () => setReminded(missing.length) });
  };
  return { remind, reminded, send };
}

function StatusCounts({ counts }: { counts: Record<SubmissionStatus, number> }) {
  const t = useT();
  return (
    <section aria-label={t('tasks.overview.counts')}>
      <ul className="flex flex-wrap gap-2" data-testid="status-counts">
        {submissionStatuses.map((s) => (
          <li key={s} className="rounded-lg border border-slate-300 px-3 py-1 dark:border-slate-700">
            {t(`tasks.status.${s}`)}: <strong>{counts[s]}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
