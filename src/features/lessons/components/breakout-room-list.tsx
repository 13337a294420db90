import { BREAKOUT_STATUS_ASSISTANCE_REQUESTED, type BreakoutRoom } from '../../../api/talk/breakout-rooms';
import type { TalkParticipant } from '../../../api/talk/rooms';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useRoomLabel } from './breakout-room-label';

/** The teacher's view of the groups: who is in each, which one asks for help, and (while they run) "besuchen". */
export function BreakoutRoomList({
  rooms,
  members,
  running,
  currentToken,
  moving,
  onVisit,
}: {
  rooms: BreakoutRoom[];
  /** Each room's members, in the order of `rooms`. */
  members: readonly { data?: TalkParticipant[] | undefined }[];
  running: boolean;
  currentToken: string;
  moving: boolean;
  onVisit: (token: string) => void;
}) {
  const t = useT();
  const roomLabel = useRoomLabel();
  return (
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
  );
}
