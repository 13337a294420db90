import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { breakoutKeys, useBreakoutRooms } from '../api/get-breakout-rooms';
import { mediaToCarryOver } from '../lib/breakout-media';
import { CallTransportError, type CallTransport, type LocalMedia } from '../transport/call-transport';
import { useRoomLabel } from './breakout-room-label';
import { BreakoutStudentPanel } from './breakout-student-panel';
import { BreakoutTeacherPanel } from './breakout-teacher-panel';
import { CallView } from './call-view';
import { Loading } from '../../../components/ui/query-state';

/**
 * Coming back from the groups, a student may find the lesson's call ended (everyone had left it; a visiting teacher
 * too) and Talk refuses them a new one (lesson mode: only teachers start it). The teacher is sent back at the same
 * moment and restarts it; until then the student asks again.
 */
const NOT_STARTED_RETRIES = 20;
const NOT_STARTED_RETRY_MS = 1500;

interface Current {
  token: string;
  transport: CallTransport;
}

/**
 * The lesson's call, following Talk's breakout rooms: when the server says `switchTo` (breakout rooms started or
 * stopped) or the teacher visits a group, the current connection ends and the same media connects to the other
 * conversation. The class's conversation (`parentToken`) stays the lesson; the current token is held here.
 */
export function BreakoutCall({
  parentToken,
  transport,
  createTransport,
  teacher,
  onLeave,
  sidePanel,
  notStartedRetryMs = NOT_STARTED_RETRY_MS,
}: {
  parentToken: string;
  /** The connection to the class's conversation the lesson panel made (and disconnects itself). */
  transport: CallTransport;
  createTransport: (options: { token: string }) => Promise<CallTransport>;
  teacher: boolean;
  onLeave: () => void;
  /** Shown beside the call in the class's conversation (its chat); a group's call goes without it. */
  sidePanel?: ReactNode;
  /** The pause before asking again when the lesson's call is not running (replaceable in tests). */
  notStartedRetryMs?: number;
}) {
  const t = useT();
  const roomLabel = useRoomLabel();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<Current>({ token: parentToken, transport });
  const [moving, setMoving] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  /** When the current conversation was reached (ms): what was known about the groups before is stale. */
  const [arrivedAt, setArrivedAt] = useState(0);
  const currentRef = useRef(current);
  const movingRef = useRef<string | null>(null);
  const mediaRef = useRef<LocalMedia | null>(null);
  useEffect(() => {
    currentRef.current = current;
  }, [current]);
  // Students ask once in the lesson too: groups may be running already when they join (switchto came before them).
  const rooms = useBreakoutRooms(parentToken);

  const follow = useCallback(
    async (token: string) => {
      const from = currentRef.current;
      if (movingRef.current === token || (movingRef.current === null && token === from.token && from.transport.state !== 'disconnected')) return;
      movingRef.current = token;
      setMoving(token);
      setFailed(null);
      // A connection already ended (a move before failed or was overtaken) has no media left to read.
      if (from.transport.state !== 'disconnected') mediaRef.current = mediaToCarryOver(from.transport.local);
      const media = mediaRef.current ?? { audio: false, video: true };
      let next: CallTransport | null = null;
      try {
        await from.transport.disconnect();
        for (let attempt = 1; ; attempt++) {
          next = await createTransport({ token });
          try {
            await next.connect(media);
            break;
          } catch (err) {
            await next.disconnect();
            next = null;
            const notStarted = err instanceof CallTransportError && err.code === 'cannot-start';
            if (!notStarted || attempt >= NOT_STARTED_RETRIES || movingRef.current !== token) throw err;
            await new Promise((resolve) => setTimeout(resolve, notStartedRetryMs));
          }
        }
        if (movingRef.current !== token) {
          // Overtaken by another move (or the lesson was left) while connecting.
          await next.disconnect();
          return;
        }
        currentRef.current = { token, transport: next };
        setCurrent(currentRef.current);
        setArrivedAt(Date.now());
        void queryClient.invalidateQueries({ queryKey: breakoutKeys.all(parentToken) });
      } catch (err) {
        console.warn('lessons: moving to another room failed', err);
        await next?.disconnect();
        if (movingRef.current === token) setFailed(token);
      } finally {
        if (movingRef.current === token) {
          movingRef.current = null;
          setMoving(null);
        }
      }
    },
    [createTransport, notStartedRetryMs, parentToken, queryClient],
  );

  useEffect(
    () =>
      current.transport.on('switchTo', ({ token }) => {
        void follow(token);
      }),
    [current.transport, follow],
  );

  // A student in the lesson while their group runs (joined late, or reloaded): Talk sent the switchto before this
  // session existed, so go there now. Talk lists a student only their own group; a running one has its lobby open.
  // Only an answer given after arriving counts: the one cached in the group still says it runs.
  const runningGroup = teacher || rooms.dataUpdatedAt <= arrivedAt ? undefined : rooms.data?.find((r) => r.lobbyState === 0)?.token;
  useEffect(() => {
    if (runningGroup !== undefined && current.token === parentToken && movingRef.current === null) void follow(runningGroup);
  }, [runningGroup, current.token, parentToken, follow]);

  // Leaving the tab: the connection made here is ours to end (the panel ends its own).
  useEffect(
    () => () => {
      movingRef.current = null;
      if (currentRef.current.transport !== transport) void currentRef.current.transport.disconnect();
    },
    [transport],
  );

  const leave = () => {
    movingRef.current = null;
    if (currentRef.current.transport !== transport) void currentRef.current.transport.disconnect();
    onLeave();
  };

  const labelOf = (token: string): string | null => {
    const room = rooms.data?.find((r) => r.token === token);
    return room === undefined ? null : roomLabel(room);
  };
  const movingText = (token: string) => {
    if (token === parentToken) return t('lessons.breakout.movingBack');
    const label = labelOf(token);
    return label === null ? t('lessons.breakout.movingToGroup') : t('lessons.breakout.movingTo', { room: label });
  };
  const inGroup = current.token !== parentToken;

  return (
    <div className="flex min-w-0 flex-col gap-4">
      {moving !== null ? (
        <Loading label={movingText(moving)} />
      ) : failed !== null ? (
        <Alert>
          <p>{t('lessons.breakout.moveFailed')}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void follow(failed)}>
              {t('common.retry')}
            </Button>
            <Button variant="secondary" onClick={leave}>
              {t('lessons.call.leave')}
            </Button>
          </div>
        </Alert>
      ) : (
        <CallView key={current.token} transport={current.transport} teacher={teacher} onLeave={leave} sidePanel={inGroup ? undefined : sidePanel} />
      )}
      {teacher ? (
        <BreakoutTeacherPanel
          parentToken={parentToken}
          currentToken={current.token}
          moving={moving !== null}
          onVisit={(token) => {
            void follow(token);
          }}
        />
      ) : inGroup && moving === null ? (
        <BreakoutStudentPanel parentToken={parentToken} groupToken={current.token} label={labelOf(current.token)} />
      ) : null}
    </div>
  );
}
