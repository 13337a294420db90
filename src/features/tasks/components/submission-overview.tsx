import { useRef, useState } from 'react';
import { Loading, RetryAlert } from '../../../components/ui/query-state';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import { useSubmissionOverview } from '../api/get-submission-overview';
import { countByStatus, missingStudents, sortRows, submissionStatuses, type SubmissionStatus } from '../lib/assignment-model';
import { GradingView } from './grading-view';
import { RemindMissing } from './remind-missing';
import { SubmissionTable, type SortOrder } from './submission-table';

/**
 * The teacher's grid: every student with status, hand-in time and files; sortable; counts; remind. "Bewerten"
 * opens the grading view in its place (one student at a time, in the grid's order).
 */
export function SubmissionOverview({ teacherId, className, assignment }: { teacherId: string; className: string; assignment: Assignment }) {
  const t = useT();
  const overview = useSubmissionOverview(teacherId, className, assignment);
  const [sort, setSort] = useState<SortOrder>({ key: 'name', ascending: true });
  const [grading, setGrading] = useState<string | null>(null);
  const table = useRef<HTMLDivElement>(null);

  if (overview.isPending) return <Loading label={t('common.loading')} />;
  if (overview.isError) return <RetryAlert message={t('tasks.loadError')} onRetry={() => overview.refetch()} />;
  const rows = sortRows(overview.data, sort.key, sort.ascending);
  if (rows.length === 0) return <p>{t('tasks.overview.noStudents')}</p>;

  if (grading !== null && rows.some((r) => r.student.id === grading)) {
    const close = () => {
      const back = grading;
      setGrading(null);
      // Back in the grid, on the row of the student graded last.
      requestAnimationFrame(() => table.current?.querySelector<HTMLButtonElement>(`[data-student="${CSS.escape(back)}"]`)?.focus());
    };
    return <GradingView teacherId={teacherId} assignment={assignment} rows={rows} studentId={grading} onSelect={setGrading} onClose={close} />;
  }

  return (
    <div className="flex flex-col gap-4">
      <StatusCounts counts={countByStatus(rows)} />
      <RemindMissing assignment={assignment} missing={missingStudents(rows)} />
      <div ref={table}>
        <SubmissionTable title={assignment.title} rows={rows} sort={sort} onSort={setSort} onGrade={setGrading} />
      </div>
    </div>
  );
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
