import type { ClassSummary } from './discover-classes';

/** What a fresher conversation list knows about a class chat's badges. */
export interface RoomBadges {
  token: string;
  unreadMessages: number;
  unreadMention: boolean;
}

/**
 * The class list with each class chat's unread count and mention taken from a newer conversation list (the
 * leader tab's refresh), without asking the server again. Unchanged classes (and an unchanged list) keep their
 * identity, so nothing re-renders for nothing. Rooms missing from the list are left alone.
 */
export function withRoomBadges(classes: ClassSummary[], rooms: readonly RoomBadges[]): ClassSummary[] {
  const byToken = new Map(rooms.map((r) => [r.token, r]));
  const next = classes.map((c) => {
    const fresh = c.room === null ? undefined : byToken.get(c.room.token);
    if (c.room === null || fresh === undefined) return c;
    if (fresh.unreadMessages === c.room.unreadMessages && fresh.unreadMention === c.room.unreadMention) return c;
    return { ...c, room: { ...c.room, unreadMessages: fresh.unreadMessages, unreadMention: fresh.unreadMention } };
  });
  return next.some((c, i) => c !== classes[i]) ? next : classes;
}
