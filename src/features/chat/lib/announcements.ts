import { isModeratorType } from '../../../api/talk/chat-conversations';

/**
 * Announcements (docs/adr/0005-announcements.md): a message in the class conversation that starts with the
 * marker below and whose author is a moderator attendee of that conversation. Students confirm with the
 * acknowledgement reaction; whether everyone has read it comes from Talk's lastCommonReadMessage.
 */
export const ANNOUNCEMENT_MARKER = '📢 ';
export const ACKNOWLEDGE_REACTION = '✅';

interface Attendee {
  actorType: string;
  actorId: string;
  participantType: number;
}

interface Authored {
  actorType: string;
  actorId: string;
  message: string;
  messageType: string;
}

/** Anybody can type the marker: it is only a candidate until the author is checked (isAnnouncement). */
export function hasAnnouncementMarker(text: string): boolean {
  return text.startsWith(ANNOUNCEMENT_MARKER);
}

export function announcementText(text: string): string {
  return hasAnnouncementMarker(text) ? text.slice(ANNOUNCEMENT_MARKER.length) : text;
}

function actorKey(actor: { actorType: string; actorId: string }): string {
  return `${actor.actorType}/${actor.actorId}`;
}

/** The attendees of this conversation who may announce: owners, moderators, guest moderators. */
export function announcers(participants: readonly Attendee[]): ReadonlySet<string> {
  return new Set(participants.filter((p) => isModeratorType(p.participantType)).map(actorKey));
}

/**
 * A comment with the marker by a moderator attendee of this conversation, matched by actor type and id:
 * a student, a bot, a bridged or federated actor that is not a moderator here, a deleted user, or a
 * message edited by a teacher keeps its author and stays an ordinary message. Not yet knowing the
 * attendees (null) means no announcement.
 */
export function isAnnouncement(message: Authored, moderators: ReadonlySet<string> | null): boolean {
  return message.messageType === 'comment' && hasAnnouncementMarker(message.message) && moderators !== null && moderators.has(actorKey(message));
}
