import { useId, useState, type SyntheticEvent } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useBreakoutMembers, useBreakoutRooms } from '../api/get-breakout-rooms';
import { useBreakoutActions } from '../api/manage-breakout-rooms';
import { useRoomLabel } from './breakout-room-label';
import { BreakoutRoomList } from './breakout-room-list';
import { BroadcastForm, MIN_GROUPS, OpenGroupsForm } from './breakout-teacher-forms';

/** While groups run: how often the rooms (asking for help?) and their members are refreshed. */
const RUNNING_REFRESH_MS = 10_000;

/** The lesson's groups and their members; asked again only while groups run (help requests, members). */
function useGroups(parentToken: string) {
  const [running, setRunning] = useState(false);
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
  return { rooms, pending: roomsQuery.isPending, running, members };
}

/** The message to all groups being written, and whether the last one arrived. */
function useBroadcast(broadcast: ReturnType<typeof useBreakoutActions>['broadcast'], onStart: () => void, onError: () => void) {
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState(false);
  const send = (e: SyntheticEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (text === '') return;
    onStart();
    setSent(false);
    broadcast.mutate(text, {
      onError,
      onSuccess: () => {
        setMessage('');
        setSent(true);
      },
    });
  };
  const edit = (text: string) => {
    setMessage(text);
    setSent(false);
  };
  return { message, sent, pending: broadcast.isPending, edit, send };
}

/** A teacher visiting a group: which one, and back to the lesson. */
function VisitingBar({ room, moving, onBack }: { room: string; moving: boolean; onBack: () => void }) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <p role="status">{t('lessons.breakout.visiting', { room })}</p>
      <Button variant="secondary" disabled={moving} onClick={onBack}>
        {t('lessons.breakout.back')}
      </Button>
    </div>
  );
}

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
  const [failed, setFailed] = useState(false);
  const { rooms, pending, running, members } = useGroups(parentToken);
  const actions = useBreakoutActions(parentToken);
  const busy = moving || actions.open.isPending || actions.stop.isPending || actions.remove.isPending;
  const visiting = rooms.find((r) => r.token === currentToken);
  const onError = () => {
    setFailed(true);
  };
  const broadcast = useBroadcast(actions.broadcast, () => setFailed(false), onError);

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-xl border p-3">
      <h3 id={`${id}-title`} className="font-semibold">
        {t('lessons.breakout.title')}
      </h3>
      {failed ? <Alert>{t('lessons.breakout.failed')}</Alert> : null}
      {visiting !== undefined ? <VisitingBar room={roomLabel(visiting)} moving={moving} onBack={() => onVisit(parentToken)} /> : null}

      {!running ? (
        <OpenGroupsForm
          id={id}
          configured={rooms.length > 0}
          amount={amount}
          setAmount={setAmount}
          disabled={busy || pending}
          onOpen={(n) => {
            setFailed(false);
            actions.open.mutate({ amount: n, configured: rooms.length > 0 }, { onError });
          }}
          removeDisabled={busy}
          onRemove={() => {
            setFailed(false);
            actions.remove.mutate(undefined, { onError });
          }}
        />
      ) : null}

      {rooms.length > 0 ? <BreakoutRoomList rooms={rooms} members={members} running={running} currentToken={currentToken} moving={moving} onVisit={onVisit} /> : null}

      {running ? (
        <>
          <BroadcastForm message={broadcast.message} sent={broadcast.sent} pending={broadcast.pending} onEdit={broadcast.edit} onSend={broadcast.send} />
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
