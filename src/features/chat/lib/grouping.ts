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

/**
 * System messages that stay on their own line: a call (students join from the chat), the chat locked or opened,
 * the history cleared, a poll's results. Everything else (people added or removed, renames, joining and leaving a
 * call) is housekeeping and folds into one line when two or more follow each other.
 */
const STANDALONE_SYSTEM = new Set([
  'call_started',
  'call_ended',
  'call_ended_everyone',
  'call_missed',
  'read_only',
  'read_only_off',
  'lobby_none',
  'lobby_non_moderators',
  'lobby_timer_reached',
  'history_cleared',
  'poll_closed',
]);

export type TimelineEntry =
  | { kind: 'message'; row: TimelineRow }
  /** Two or more consecutive housekeeping system messages of one day, shown as one line that expands. */
  | { kind: 'system-run'; newDay: boolean; messages: ChatMessage[] };

function collapsible(row: TimelineRow): boolean {
  return row.message.messageType === 'system' && !STANDALONE_SYSTEM.has(row.message.systemMessage);
}

/** The rows with each run of housekeeping system messages folded into one entry (a run never spans two days). */
export function collapseSystemRuns(rows: readonly TimelineRow[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let run: TimelineRow[] = [];
  const flush = () => {
    const first = run[0];
    if (first && run.length === 1) entries.push({ kind: 'message', row: first });
    if (first && run.length > 1) entries.push({ kind: 'system-run', newDay: first.newDay, messages: run.map((r) => r.message) });
    run = [];
  };
  for (const row of rows) {
    if (!collapsible(row)) {
      flush();
      entries.push({ kind: 'message', row });
      continue;
    }
    if (row.newDay) flush();
    run.push(row);
  }
  flush();
  return entries;
}
