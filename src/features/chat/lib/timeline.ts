import type { ChatMessage, ChatParentMessage } from '../../../api/talk/chat-messages';
import type { ReactionMap } from '../../../api/talk/reactions';
import { sameReactions, withReactions } from './system-messages';

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

type UpdatedMessage = Extract<ChatParentMessage, { message: string }>;

/** An update-only system message's parent is the new state of that message (edited, deleted, new reaction counts). */
function applyUpdate(byId: Map<number, ChatMessage>, updated: UpdatedMessage): void {
  const target = byId.get(updated.id);
  if (target) {
    // Talk's parent may leave out reactionsSelf: keep the viewer's own, minus emojis nobody uses any more.
    const reactionsSelf = updated.reactionsSelf ?? (target.reactionsSelf ?? []).filter((emoji) => emoji in updated.reactions);
    byId.set(updated.id, { ...target, ...updated, reactionsSelf, parent: target.parent });
  }
  // Replies quoting it show its new text, or that it was deleted.
  for (const [id, reply] of byId) {
    if (id !== updated.id && reply.parent?.id === updated.id) byId.set(id, { ...reply, parent: updated });
  }
}

/** The timeline with one message's reactions as Talk just answered them; the same object when nothing changed. */
export function withMessageReactions<T extends Timeline>(timeline: T, messageId: number, reactions: ReactionMap, me: string): T {
  const index = timeline.messages.findIndex((m) => m.id === messageId);
  const current = timeline.messages[index];
  if (!current) return timeline;
  const next = withReactions(current, reactions, me);
  if (sameReactions(current, next)) return timeline;
  const messages = [...timeline.messages];
  messages[index] = next;
  return { ...timeline, messages };
}

export function mergeMessages(timeline: Timeline, incoming: readonly ChatMessage[], extra: Partial<Pick<Timeline, 'lastCommonRead'>> = {}): Timeline {
  // Nothing new (the leader's read refresh every few seconds, mostly): the same object, no re-render.
  if (incoming.length === 0 && (extra.lastCommonRead === undefined || extra.lastCommonRead === timeline.lastCommonRead)) return timeline;
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
    if (!isShown(m) && parent && 'message' in parent) applyUpdate(byId, parent);
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
