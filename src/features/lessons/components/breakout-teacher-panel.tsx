import { useId, useState, type SyntheticEvent } from 'react';
import { BREAKOUT_STATUS_ASSISTANCE_REQUESTED } from '../../../api/talk/breakout-rooms';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useBreakoutMembers, useBreakoutRooms } from '../api/get-breakout-rooms';
import { useBreakoutActions } from '../api/manage-breakout-rooms';
import { useRoomLabel } from './breakout-room-label';

/** How many groups a teacher may open here (Talk allows 1 to 20; one group is no split, more than 10 no class). */
export const MIN_GROUPS = 2;
export const MAX_GROUPS = 10;
/** While groups run: how often the rooms (asking for help?) and their members are refreshed. */
const RUNNING_REFRESH_MS = 10_000;

const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/**
 * The teacher's "Gruppenräume": open groups (the class spread automatically by Talk), see who is where and who asks
 * for help, send a message to every group, visit one and come back, end them (everyone returns to the lesson).
 */
export function BreakoutTeacherPanel({
  parentToken,
  currentToken,
  moving,
  onVisit,
}: {
  parentToken: string;
  /** The conversation the teacher is connected to: the class's, or a group being visited. */
  currentToken: string;
  moving: boolean;
  /** Connect to this conversation instead (a group's, or the class's to come back). */
  onVisit: (token: string) => void;
}) {
  const t = useT();
  const id = useId();
  const roomLabel = useRoomLabel();
  const [amount, setAmount] = useState(MIN_GROUPS);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState(false);
  const [failed, setFailed] = useState(false);
  const [running, setRunning] = useState(false);
  // Asked again only while groups run (help requests, members); otherwise after the teacher's own actions.
  const roomsQuery = useBreakoutRooms(parentToken, { refetchInterval: running ? RUNNING_REFRESH_MS : false });
  const rooms = roomsQuery.data ?? [];
  // Talk opens the groups' lobbies when it starts them, and closes them when it stops them.
  const runningNow = rooms.some((r) => r.lobbyState === 0);
  if (runningNow !== running) setRunning(runningNow);
  const members = useBreakoutMembers(
    parentToken,
    rooms.map((r) => r.token),
    running ? RUNNING_REFRESH_MS : false,
  );
  const actions = useBreakoutActions(parentToken);
  const busy = moving || actions.open.isPending || actions.stop.isPending || actions.remove.isPending;
  const visiting = rooms.find((r) => r.token === currentToken);
  const onError = () => {
    setFailed(true);
  };

  const open = (e: SyntheticEvent) => {
    e.preventDefault();
    setFailed(false);
    actions.open.mutate({ amount: Math.min(MAX_GROUPS, Math.max(MIN_GROUPS, amount)), configured: rooms.length > 0 }, { onError });
  };
  const broadcast = (e: SyntheticEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (text === '') return;
    setFailed(false);
    setSent(false);
    actions.broadcast.mutate(text, {
      onError,
      onSuccess: () => {
        setMessage('');
        setSent(true);
      },
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-xl border p-3">
      <h3 id={`${id}-title`} className="font-semibold">
        {t('lessons.breakout.title')}
      </h3>
      {failed ? <Alert>{t('lessons.breakout.failed')}</Alert> : null}
      {visiting !== undefined ? (
        <div className="flex flex-wrap items-center gap-2">
          <p role="status">{t('lessons.breakout.visiting', { room: roomLabel(visiting) })}</p>
          <Button variant="secondary" disabled={moving} onClick={() => onVisit(parentToken)}>
            {t('lessons.breakout.back')}
          </Button>
        </div>
      ) : null}

      {!running ? (
        <form onSubmit={open} className="flex flex-col gap-2">
          {rooms.length === 0 ? (
            <>
              <label className="flex flex-col gap-1 font-medium">
                {t('lessons.breakout.amount')}
                <input
                  type="number"
                  min={MIN_GROUPS}
                  max={MAX_GROUPS}
                  required
                  value={amount}
                  onChange={(e) => setAmount(Number(e.target.value))}
                  aria-describedby={`${id}-auto`}
                  className={`${inputClasses} max-w-32`}
                />
              </label>
              <p id={`${id}-auto`} className="text-sm">
                {t('lessons.breakout.automatic')}
              </p>
            </>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={busy || roomsQuery.isPending}>
              {rooms.length === 0 ? t('lessons.breakout.start') : t('lessons.breakout.restart')}
            </Button>
            {rooms.length > 0 ? (
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() => {
                  setFailed(false);
                  actions.remove.mutate(undefined, { onError });
                }}
              >
                {t('lessons.breakout.remove')}
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}

      {rooms.length > 0 ? (
        <ul className="flex flex-col gap-2">
          {rooms.map((room, i) => {
            const label = roomLabel(room);
            const names = (members[i]?.data ?? []).map((p) => p.displayName);
            const help = room.breakoutRoomStatus === BREAKOUT_STATUS_ASSISTANCE_REQUESTED;
            return (
              <li key={room.token} className="flex flex-wrap items-center justify-between gap-2 rounded-lg border p-2">
                <div className="min-w-0">
                  <h4 className="font-medium">
                    {label}
                    {/* The space keeps "Gruppenraum 2 bittet um Hilfe" two words for screen readers (Chromium joins inline text). */}
                    {help ? ' ' : null}
                    {help ? <span className="ml-1 rounded bg-amber-100 px-2 text-sm text-amber-950 dark:bg-amber-900 dark:text-amber-50">{t('lessons.breakout.asksForHelp')}</span> : null}
                  </h4>
                  <p className="text-sm break-words">{names.length > 0 ? names.join(', ') : t('lessons.breakout.noMembers')}</p>
                </div>
                {running && room.token !== currentToken ? (
                  <Button variant="secondary" disabled={moving} aria-label={t('lessons.breakout.visitRoom', { room: label })} onClick={() => onVisit(room.token)}>
                    {t('lessons.breakout.visit')}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}

      {running ? (
        <>
          <form onSubmit={broadcast} className="flex flex-col gap-2">
            <label className="flex flex-col gap-1 font-medium">
              {t('lessons.breakout.broadcast')}
              <textarea
                value={message}
                maxLength={32000}
                rows={2}
                onChange={(e) => {
                  setMessage(e.target.value);
                  setSent(false);
                }}
                className={inputClasses}
              />
            </label>
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" variant="secondary" disabled={actions.broadcast.isPending || message.trim() === ''}>
                {t('lessons.breakout.send')}
              </Button>
              <p role="status" className="text-sm">
                {sent ? t('lessons.breakout.sent') : null}
              </p>
            </div>
          </form>
          <div>
            <Button
              disabled={busy}
              onClick={() => {
                setFailed(false);
                actions.stop.mutate(undefined, {
                  onError,
                  // Talk sends everyone in a group back (switchto); a visiting teacher goes back also without it.
                  onSuccess: () => {
                    if (currentToken !== parentToken) onVisit(parentToken);
                  },
                });
              }}
            >
              {t('lessons.breakout.stop')}
            </Button>
          </div>
        </>
      ) : null}
    </section>
  );
}
