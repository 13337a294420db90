/**
 * Announcements (docs/adr/0005-announcements.md): a teacher's message in the class conversation that
 * starts with the marker below. Students confirm with the acknowledgement reaction; whether everyone
 * has read it comes from Talk's lastCommonReadMessage.
 */
export const ANNOUNCEMENT_MARKER = '📢 ';
export const ACKNOWLEDGE_REACTION = '✅';

export function isAnnouncement(text: string): boolean {
  return text.startsWith(ANNOUNCEMENT_MARKER);
}

export function announcementText(text: string): string {
  return isAnnouncement(text) ? text.slice(ANNOUNCEMENT_MARKER.length) : text;
}
