import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { useAssignmentsOfBoards, type Assignment } from '../api/get-board-assignments';
import { useMySubmission } from '../api/get-my-submission';
import { isOverdue } from '../lib/assignment-model';
import { useNow } from '../lib/use-now';
import { AssignmentDates } from './assignment-summary';
import { StatusBadge } from './status-badge';
import { Loading } from '../../../components/ui/query-state';

export interface TaskBoard {
  classId: string;
  className: string;
  boardId: number;
}

export interface MyAssignmentsProps {
  userId: string;
  boards: readonly TaskBoard[];
  /** Where one assignment opens (the route knows the class page's URL). */
  hrefOf: (classId: string, cardId: number) => string;
  /** "today": only what is due today or overdue and still open (home screen). */
  range?: 'all' | 'today';
}

function endOfToday(now: number): number {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d.getTime();
}

function Row({ userId, assignment, board, href, range, now }: { userId: string; assignment: Assignment; board: TaskBoard; href: string; range: 'all' | 'today'; now: number }) {
  const t = useT();
  const submission = useMySubmission(userId, assignment);
  const status = submission.data?.derived.status ?? null;
  const overdue = status !== null && isOverdue(now, assignment.due, status);
  const done = status === 'handed-in' || status === 'late' || status === 'returned';
  if (range === 'today' && (done || status === null)) return null;
  return (
    <li
      className={
        'rounded-2xl border bg-white p-4 dark:bg-slate-900 ' +
        (overdue ? 'border-2 border-red-700 dark:border-red-300' : 'border-slate-300 dark:border-slate-700')
      }
    >
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('tasks.my.inClass', { name: board.className })}</p>
      <h3 className="text-lg font-semibold">
        <Link to={href} className="inline-flex min-h-11 items-center underline-offset-4 hover:underline">
          {assignment.title}
        </Link>
      </h3>
      <div className="flex flex-wrap items-center gap-3">
        {status === null ? <Spinner /> : <StatusBadge status={status} />}
        <AssignmentDates assignment={assignment} overdue={overdue} />
      </div>
    </li>
  );
}

/** "Meine Aufgaben": a student's assignments across all classes, by due date, overdue ones marked. */
export function MyAssignments({ userId, boards, hrefOf, range = 'all' }: MyAssignmentsProps) {
  const t = useT();
  const now = useNow();
  const assignments = useAssignmentsOfBoards(boards.map((b) => b.boardId));
  if (assignments.isPending) {
    return (
      <Loading label={t('tasks.loading')} />
    );
  }
  if (assignments.error !== null) return <Alert>{t('tasks.loadError')}</Alert>;
  const mine = assignments.data
    .filter((a) => a.students.some((s) => s.id === userId))
    .filter((a) => range === 'all' || (a.due !== null && a.due <= endOfToday(now)))
    .sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity));
  if (mine.length === 0) return <p>{range === 'today' ? t('tasks.my.todayEmpty') : t('tasks.my.empty')}</p>;
  return (
    <ul className="flex flex-col gap-3">
      {mine.map((a) => {
        const board = boards.find((b) => b.boardId === a.boardId);
        if (board === undefined) return null;
        return <Row key={a.cardId} userId={userId} assignment={a} board={board} href={hrefOf(board.classId, a.cardId)} range={range} now={now} />;
      })}
    </ul>
  );
}
