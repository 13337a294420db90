import { useEffect, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useBreakoutRooms } from '../api/get-breakout-rooms';
import type { CallTransport } from '../transport/call-transport';
import { useRoomLabel } from './breakout-room-label';
import { BreakoutStudentPanel } from './breakout-student-panel';
import { BreakoutTeacherPanel } from './breakout-teacher-panel';
import { CallView } from './call-view';
import { NOT_STARTED_RETRY_MS, useBreakoutMoves } from './use-breakout-moves';
import { Loading } from '../../../components/ui/query-state';

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
  const { current, moving, failed, arrivedAt, follow, stop, idle } = useBreakoutMoves({ parentToken, transport, createTransport, notStartedRetryMs });
  // Students ask once in the lesson too: groups may be running already when they join (switchto came before them).
  const rooms = useBreakoutRooms(parentToken);

  // A student in the lesson while their group runs (joined late, or reloaded): Talk sent the switchto before this
  // session existed, so go there now. Talk lists a student only their own group; a running one has its lobby open.
  // Only an answer given after arriving counts: the one cached in the group still says it runs.
  const runningGroup = teacher || rooms.dataUpdatedAt <= arrivedAt ? undefined : rooms.data?.find((r) => r.lobbyState === 0)?.token;
  useEffect(() => {
    if (runningGroup !== undefined && current.token === parentToken && idle()) void follow(runningGroup);
  }, [runningGroup, current.token, parentToken, follow, idle]);

  const leave = () => {
    stop();
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
