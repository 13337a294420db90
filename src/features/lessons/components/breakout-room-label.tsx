import { breakoutRoomNumber, type BreakoutRoom } from '../../../api/talk/breakout-rooms';
import { useT } from '../../../i18n/i18n';

/** Names a breakout room: "Gruppenraum 2" from Talk's "Room 2", or the room's own name when it was renamed. */
export function useRoomLabel(): (room: Pick<BreakoutRoom, 'name' | 'displayName'>) => string {
  const t = useT();
  return (room) => {
    const number = breakoutRoomNumber(room);
    return number === null ? room.displayName : t('lessons.breakout.room', { number });
  };
}
