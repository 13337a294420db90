import type { ReactNode } from 'react';
import { useCurrentUser } from '../../features/auth/api/get-current-user';
import { MyAssignments, NewFeedback, NextAssignment, type TaskBoard } from '../../features/tasks/components/my-assignments';
import { isTeacher } from '../../features/teams/lib/class-space';
import { useClasses } from '../../features/teams/api/get-classes';
import type { ClassSummary } from '../../features/teams/lib/discover-classes';
import type { DirectoryMapping } from '../../api/gateway-contract';
import { Alert } from '../../components/ui/alert';
import { errorMessageKey } from '../../api/api-error';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Loading } from '../../components/ui/query-state';

/** The class boards the tasks feature reads, from the teams feature's class list. */
export function taskBoardsOf(classes: readonly ClassSummary[]): TaskBoard[] {
  return classes.flatMap((c) => (c.boardId === null ? [] : [{ classId: c.classId, className: c.name, boardId: c.boardId }]));
}

/** The class page's Aufgaben tab with one assignment open. */
export function assignmentHref(classId: string, cardId: number): string {
  const params = new URLSearchParams({ ansicht: 'aufgaben', aufgabe: String(cardId) });
  return `/klassen/${encodeURIComponent(classId)}?${params.toString()}`;
}

function useTaskBoards() {
  const user = useCurrentUser();
  const classes = useClasses(user.data);
  return { user, classes, boards: classes.data === undefined ? [] : taskBoardsOf(classes.data) };
}

/** The home screen's "heute" section: what is due today (or overdue) and still open. */
export function TodayAssignmentsSection() {
  const t = useT();
  const { user, classes, boards } = useTaskBoards();
  if (user.data === undefined || classes.data === undefined) return null;
  return (
    <section aria-labelledby="today-assignments" className="flex flex-col gap-3">
      <h2 id="today-assignments" className="text-2xl font-bold">
        {t('tasks.my.today')}
      </h2>
      <MyAssignments userId={user.data.id} boards={boards} hrefOf={assignmentHref} range="today" />
    </section>
  );
}

/**
 * A student's class cards say what she still has to do (the tasks feature's rule, the same as "Heute fällig");
 * a teacher's keep the board's next due card. undefined: the teams feature's own line.
 */
export function nextAssignmentOf(mapping: DirectoryMapping, user: { id: string; groups: readonly string[] }): ((summary: ClassSummary) => ReactNode) | undefined {
  if (isTeacher(mapping, user.groups)) return undefined;
  return (summary) => (summary.boardId === null ? null : <NextAssignment userId={user.id} boardId={summary.boardId} />);
}

/** Home: recently returned feedback with its count, or nothing. */
export function NewFeedbackSection() {
  const { user, classes, boards } = useTaskBoards();
  if (user.data === undefined || classes.data === undefined) return null;
  return <NewFeedback userId={user.data.id} boards={boards} hrefOf={assignmentHref} />;
}

/** /aufgaben: "Meine Aufgaben" across all classes. */
export function MyAssignmentsRoute() {
  const t = useT();
  useDocumentTitle(t('app.pageTitle', { page: t('tasks.my.title') }));
  const { user, classes, boards } = useTaskBoards();
  const error = user.error ?? classes.error;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold tracking-tight">{t('tasks.my.title')}</h1>
      {error !== null ? <Alert>{t(errorMessageKey(error))}</Alert> : null}
      {user.data === undefined || classes.data === undefined ? (
        error === null ? (
          <Loading label={t('common.loading')} />
        ) : null
      ) : (
        <MyAssignments userId={user.data.id} boards={boards} hrefOf={assignmentHref} />
      )}
    </div>
  );
}
