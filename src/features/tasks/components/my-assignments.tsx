import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Loading } from '../../../components/ui/query-state';
import { Spinner } from '../../../components/ui/spinner';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { useAssignmentsOfBoards, useBoardAssignments, usePlainDueCards, type Assignment, type PlainDueCard } from '../api/get-board-assignments';
import { useMySubmissions, type MySubmission } from '../api/get-my-submission';
import { isOverdue, type SubmissionStatus } from '../lib/assignment-model';
import { dueToday, nextOpen, recentlyReturned } from '../lib/open-tasks';
import { useNow } from '../lib/use-now';
import { AssignmentDates } from './assignment-summary';
import { StatusBadge } from './status-badge';

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
  /** "today": only what is open and due today or overdue (home screen; the rule of lib/open-tasks.ts). */
  range?: 'all' | 'today';
}

function Row({ assignment, board, href, submission, now }: { assignment: Assignment; board: TaskBoard; href: string; submission: MySubmission | undefined; now: number }) {
  const t = useT();
  const status = submission?.derived.status ?? null;
  const overdue = status !== null && isOverdue(now, assignment.due, status);
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

function useMine(userId: string, boards: readonly TaskBoard[]) {
  const assignments = useAssignmentsOfBoards(boards.map((b) => b.boardId));
  const mine = assignments.data.filter((a) => a.students.some((s) => s.id === userId));
  const submissions = useMySubmissions(userId, mine);
  return { assignments, mine, submissions };
}

const DUE_FORMAT = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;

/** A card made in Deck itself (no hand-in): open until it is marked done there. */
function PlainRow({ card, board, now }: { card: PlainDueCard; board: TaskBoard; now: number }) {
  const t = useT();
  const format = useFormat();
  const overdue = now > card.due;
  return (
    <li className={'rounded-2xl border bg-white p-4 dark:bg-slate-900 ' + (overdue ? 'border-2 border-red-700 dark:border-red-300' : 'border-slate-300 dark:border-slate-700')}>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('tasks.my.inClass', { name: board.className })}</p>
      <h3 className="text-lg font-semibold">{card.title}</h3>
      <p className={overdue ? 'font-semibold text-red-800 dark:text-red-300' : 'text-slate-700 dark:text-slate-300'}>
        {t('tasks.due', { date: format.date(card.due, DUE_FORMAT) })}
        {overdue ? ` – ${t('tasks.overdue')}` : ''}
      </p>
    </li>
  );
}

interface RowListProps {
  items: readonly Assignment[];
  plain?: readonly PlainDueCard[];
  boards: readonly TaskBoard[];
  hrefOf: MyAssignmentsProps['hrefOf'];
  byCard: Map<number, MySubmission>;
  now: number;
}

function RowList({ items, plain = [], boards, hrefOf, byCard, now }: RowListProps) {
  const boardOf = (boardId: number) => boards.find((b) => b.boardId === boardId);
  type Entry = { due: number; kind: 'assignment'; a: Assignment } | { due: number; kind: 'plain'; c: PlainDueCard };
  const entries: Entry[] = [
    ...items.map((a): Entry => ({ due: a.due ?? Infinity, kind: 'assignment', a })),
    ...plain.map((c): Entry => ({ due: c.due, kind: 'plain', c })),
  ].sort((x, y) => x.due - y.due);
  return (
    <ul className="flex flex-col gap-3">
      {entries.map((e) => {
        const board = boardOf(e.kind === 'plain' ? e.c.boardId : e.a.boardId);
        if (board === undefined) return null;
        if (e.kind === 'plain') return <PlainRow key={`c${String(e.c.cardId)}`} card={e.c} board={board} now={now} />;
        return <Row key={e.a.cardId} assignment={e.a} board={board} href={hrefOf(board.classId, e.a.cardId)} submission={byCard.get(e.a.cardId)} now={now} />;
      })}
    </ul>
  );
}

/** A plain card has no hand-in: it is open (not started) until done in Deck, which already left it out. */
const PLAIN_STATUS = (): SubmissionStatus => 'not-started';

/** "Meine Aufgaben": a student's assignments across all classes, by due date, overdue ones marked; or what is due today. */
export function MyAssignments({ userId, boards, hrefOf, range = 'all' }: MyAssignmentsProps) {
  const t = useT();
  const now = useNow();
  const { assignments, mine, submissions } = useMine(userId, boards);
  const plain = usePlainDueCards(range === 'today' ? boards.map((b) => b.boardId) : []);
  if (assignments.isPending) return <Loading label={t('tasks.loading')} />;
  if (assignments.error !== null) return <Alert>{t('tasks.loadError')}</Alert>;
  if (range === 'today') {
    // Only once every status is known: a list that first shows a task and then drops it would mislead.
    if (submissions.isPending || plain.isPending) return <Loading label={t('tasks.loading')} />;
    if (submissions.error !== null || plain.error !== null) return <Alert>{t('tasks.loadError')}</Alert>;
    const today = dueToday(mine, (a) => submissions.byCard.get(a.cardId)?.derived.status, now);
    const plainToday = dueToday(plain.data, PLAIN_STATUS, now);
    if (today.length === 0 && plainToday.length === 0) return <p>{t('tasks.my.todayEmpty')}</p>;
    return <RowList items={today} plain={plainToday} boards={boards} hrefOf={hrefOf} byCard={submissions.byCard} now={now} />;
  }
  if (mine.length === 0) return <p>{t('tasks.my.empty')}</p>;
  const sorted = [...mine].sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity));
  return <RowList items={sorted} boards={boards} hrefOf={hrefOf} byCard={submissions.byCard} now={now} />;
}

/**
 * "Neue Rückmeldungen" on home: tasks returned in the last days, with a count badge; nothing at all when there
 * are none (no empty heading).
 */
export function NewFeedback({ userId, boards, hrefOf }: Omit<MyAssignmentsProps, 'range'>) {
  const t = useT();
  const now = useNow();
  const { mine, submissions } = useMine(userId, boards);
  const returned = recentlyReturned(mine, (a) => submissions.byCard.get(a.cardId)?.feedback?.returnedAt ?? null, now);
  if (returned.length === 0) return null;
  return (
    <section aria-labelledby="new-feedback" className="flex flex-col gap-3">
      <h2 id="new-feedback" className="flex items-center gap-3 text-2xl font-bold">
        {t('tasks.my.newFeedback')}
        <span className="rounded-full bg-blue-700 px-3 py-0.5 text-base font-semibold text-white dark:bg-blue-300 dark:text-slate-950">
          <span aria-hidden="true">{returned.length}</span>
          <span className="sr-only">{t('tasks.my.newFeedbackCount', { count: returned.length })}</span>
        </span>
      </h2>
      <RowList items={returned} boards={boards} hrefOf={hrefOf} byCard={submissions.byCard} now={now} />
    </section>
  );
}

/**
 * A class card's "Nächste Aufgabe" for a student: the earliest-due task she still has to do, an assignment or a
 * card made in Deck (the same rule and the same cards as "Heute fällig").
 */
export function NextAssignment({ userId, boardId }: { userId: string; boardId: number }) {
  const t = useT();
  const format = useFormat();
  const assignments = useBoardAssignments(boardId);
  const mine = (assignments.data ?? []).filter((a) => a.students.some((s) => s.id === userId));
  const submissions = useMySubmissions(userId, mine);
  const plain = usePlainDueCards([boardId]);
  const muted = 'text-slate-600 dark:text-slate-400';
  if (assignments.isPending || submissions.isPending || plain.isPending) return <p className={muted}>{t('tasks.my.nextLoading')}</p>;
  if (assignments.isError || submissions.error !== null || plain.error !== null) return <p className={muted}>{t('tasks.my.nextUnavailable')}</p>;
  const candidates = [
    ...mine.map((a) => ({ title: a.title, due: a.due, status: submissions.byCard.get(a.cardId)?.derived.status })),
    ...plain.data.map((c) => ({ title: c.title, due: c.due, status: PLAIN_STATUS() })),
  ];
  const next = nextOpen(candidates, (c) => c.status);
  if (next === null) return <p className="text-slate-700 dark:text-slate-300">{t('tasks.my.noNext')}</p>;
  return (
    <p className="text-slate-700 dark:text-slate-300">
      {t('tasks.my.next', {
        title: next.title,
        date: format.date(next.due, DUE_FORMAT),
      })}
    </p>
  );
}
