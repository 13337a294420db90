import type { ChatMessage } from '../../../api/talk/chat-messages';

const GROUP_WINDOW_S = 5 * 60;

/** Local calendar day of a Talk timestamp (seconds), e.g. "2026-11-23". */
export function dayOf(timestamp: number): string {
  const d = new Date(timestamp * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface TimelineRow {
  message: ChatMessage;
  /** First message of a new day: draw a day separator above it. */
  newDay: boolean;
  /** Same author as the message above within five minutes: no name/time header. */
  continued: boolean;
  /** The first unread message: the "new messages" divider goes above it. */
  firstUnread: boolean;
}

export function toRows(messages: readonly ChatMessage[], lastReadAtOpen: number | null, me: string): TimelineRow[] {
  let unreadMarked = false;
  return messages.map((message, i) => {
    const prev = i > 0 ? messages[i - 1] : undefined;
    const newDay = prev === undefined || dayOf(prev.timestamp) !== dayOf(message.timestamp);
    const continued =
      prev !== undefined &&
      !newDay &&
      prev.messageType === 'comment' &&
      message.messageType === 'comment' &&
      prev.actorType === message.actorType &&
      prev.actorId === message.actorId &&
      message.timestamp - prev.timestamp < GROUP_WINDOW_S;
    let firstUnread = false;
    if (!unreadMarked && lastReadAtOpen !== null && message.id > lastReadAtOpen && message.actorId !== me && message.messageType !== 'system') {
      firstUnread = true;
      unreadMarked = true;
    }
    return { message, newDay, continued: continued && !firstUnread, firstUnread };
  });
}
