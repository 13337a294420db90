import type { ChatMessage } from '../../../api/talk/chat-messages';

/**
 * A conversation's messages as this tab knows them: sorted by id, each id once, however often and in
 * whatever order batches arrive (history pages, long-poll, other tabs, send responses).
 */
export interface Timeline {
  messages: ChatMessage[];
  /** Newest id seen, hidden system messages included: the long-poll cursor. */
  newestId: number;
  /** Oldest id loaded: where the next history page starts. */
  oldestId: number | null;
  hasMoreHistory: boolean;
  lastCommonRead: number | null;
}

export const emptyTimeline: Timeline = { messages: [], newestId: 0, oldestId: null, hasMoreHistory: true, lastCommonRead: null };

/** System messages that only update another message (Talk: "should not be shown"); their parent is the new state. */
const UPDATE_ONLY = new Set(['message_edited', 'message_deleted', 'reaction', 'reaction_deleted', 'reaction_revoked', 'poll_voted']);

export function isShown(m: ChatMessage): boolean {
  return !(m.messageType === 'system' && UPDATE_ONLY.has(m.systemMessage));
}

export function mergeMessages(timeline: Timeline, incoming: readonly ChatMessage[], extra: Partial<Pick<Timeline, 'lastCommonRead'>> = {}): Timeline {
  if (incoming.length === 0 && extra.lastCommonRead === undefined) return timeline;
  const byId = new Map(timeline.messages.map((m) => [m.id, m]));
  let newestId = timeline.newestId;
  let oldestId = timeline.oldestId;
  for (const m of incoming) {
    newestId = Math.max(newestId, m.id);
    if (isShown(m)) {
      const existing = byId.get(m.id);
      // A later edit already applied wins over an older copy of the same message.
      if (!existing || (m.lastEditTimestamp ?? 0) >= (existing.lastEditTimestamp ?? 0)) byId.set(m.id, m);
      oldestId = oldestId === null ? m.id : Math.min(oldestId, m.id);
    }
    const parent = m.parent;
    if (!isShown(m) && parent && 'message' in parent) {
      const target = byId.get(parent.id);
      if (target) byId.set(parent.id, { ...target, ...parent, parent: target.parent });
    }
  }
  const messages = [...byId.values()].sort((a, b) => a.id - b.id);
  return {
    ...timeline,
    messages,
    newestId,
    oldestId,
    lastCommonRead: extra.lastCommonRead ?? timeline.lastCommonRead,
  };
}
