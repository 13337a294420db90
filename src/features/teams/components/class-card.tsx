import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { useNextDueTask } from '../api/get-next-due-task';
import type { ClassSummary } from '../lib/discover-classes';

function NextDueTask({ boardId }: { boardId: number | null }) {
  const t = useT();
  const format = useFormat();
  const next = useNextDueTask(boardId);
  if (boardId === null) return null;
  if (next.isPending) return <p className="text-slate-600 dark:text-slate-400">{t('teams.card.nextTaskLoading')}</p>;
  if (next.isError) return <p className="text-slate-600 dark:text-slate-400">{t('teams.card.nextTaskUnavailable')}</p>;
  if (next.data === null) return <p className="text-slate-700 dark:text-slate-300">{t('teams.card.noTasks')}</p>;
  return (
    <p className="text-slate-700 dark:text-slate-300">
      {t('teams.card.nextTask', {
        title: next.data.title,
        date: format.date(next.data.duedate, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
      })}
    </p>
  );
}

/**
 * One class on the home screen: name, unread chat, next due task, live lesson. The whole card is one link.
 * `nextTask` replaces the board's next due card (a student's card shows what she still has to do: the route
 * puts the tasks feature's line there).
 */
export function ClassCard({ summary, nextTask }: { summary: ClassSummary; nextTask?: ReactNode }) {
  const t = useT();
  const room = summary.room;
  const unread = room?.unreadMessages ?? 0;
  return (
    <article className="relative flex min-h-32 flex-col gap-2 rounded-2xl border border-slate-300 bg-white p-5 shadow-sm focus-within:ring-2 focus-within:ring-blue-700 hover:border-blue-700 dark:border-slate-700 dark:bg-slate-900 dark:hover:border-blue-300">
      <h2 className="text-xl font-semibold">
        <Link to={`/klassen/${encodeURIComponent(summary.classId)}`} className="outline-none after:absolute after:inset-0 after:content-['']">
          {summary.name}
        </Link>
      </h2>
      {room?.hasCall ? (
        <p className="inline-flex w-fit items-center gap-2 rounded-full bg-red-700 px-3 py-1 text-sm font-semibold text-white">
          <span aria-hidden="true" className="size-2 rounded-full bg-white" />
          {t('teams.card.live')}
        </p>
      ) : null}
      {room !== null ? (
        <p className={unread > 0 ? 'font-semibold text-blue-800 dark:text-blue-200' : 'text-slate-700 dark:text-slate-300'}>
          {unread > 0 ? t('teams.card.unread', { count: unread }) : t('teams.card.noUnread')}
          {room.unreadMention ? <span className="ml-2">{t('teams.card.mentioned')}</span> : null}
        </p>
      ) : null}
      {nextTask === undefined ? <NextDueTask boardId={summary.boardId} /> : nextTask}
    </article>
  );
}
