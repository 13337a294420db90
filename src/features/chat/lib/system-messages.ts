import type { ChatMessage } from '../../../api/talk/chat-messages';
import type { Poll } from '../../../api/talk/polls';
import type { ReactionMap } from '../../../api/talk/reactions';

/**
 * What the long-poll's update-only system messages ask of the app beyond the timeline merge (timeline.ts
 * applies a `parent` that carries the new state of an edited or deleted message, or its new reaction counts).
 * Shapes as Talk 22 sends them (recording talk-live.json, (c)–(f)):
 * - `poll_voted` (public results only; from the actor guests/system, no parent) and `poll_closed` name the poll
 *   in messageParameters.poll (type talk-poll, id as a string): the poll itself must be fetched again.
 * - `reaction_revoked` and `reaction_deleted` (the removed reaction's own message) have the reacted-to message as
 *   parent, with its new counts: who reacted (an announcement's confirmation list) must be fetched again.
 *   `reaction` (one added, same parent) wakes no long-poll: Talk's last-message cache keeps answering "nothing new"
 *   (recording (b)), so it only comes with the next message or once that cache expires (30 s in spreed's ChatManager).
 */

const POLL_CHANGES = new Set(['poll_voted', 'poll_closed']);
const REACTION_CHANGES = new Set(['reaction', 'reaction_revoked', 'reaction_deleted']);

export interface FollowUps {
  /** Poll ids whose poll changed. */
  polls: number[];
  /** Of those, the ones that were closed (everybody sees the results now). */
  closedPolls: number[];
  /** Ids of messages whose reactions changed. */
  reactions: number[];
}

export function followUps(messages: readonly ChatMessage[]): FollowUps {
  const polls = new Set<number>();
  const closedPolls = new Set<number>();
  const reactions = new Set<number>();
  for (const m of messages) {
    if (m.messageType !== 'system') continue;
    const poll = m.messageParameters['poll'];
    if (POLL_CHANGES.has(m.systemMessage) && poll?.type === 'talk-poll' && /^\d+$/.test(poll.id)) {
      polls.add(Number(poll.id));
      if (m.systemMessage === 'poll_closed') closedPolls.add(Number(poll.id));
    }
    if (REACTION_CHANGES.has(m.systemMessage) && m.parent) reactions.add(m.parent.id);
  }
  return { polls: [...polls], closedPolls: [...closedPolls], reactions: [...reactions] };
}

/**
 * Whether another user's vote changes what this viewer's card shows (Talk's PollController::renderPoll): the
 * results once they voted themselves (public results), the number of voters for the author and moderators.
 * Anyone else sees no counts before the poll closes: a vote is not worth a request for them (30 students, 30 votes).
 */
export function seesVotes(poll: Poll, me: string, moderator: boolean): boolean {
  const author = poll.actorType === 'users' && poll.actorId === me;
  return moderator || author || (poll.votedSelf ?? []).length > 0;
}

/**
 * The message with the reactions Talk just answered (GET, POST or DELETE /reaction): counts per emoji and the
 * viewer's own. An added reaction reaches nobody through the long-poll, not even the tab that added it.
 */
export function withReactions(message: ChatMessage, reactions: ReactionMap, me: string): ChatMessage {
  const counts: Record<string, number> = {};
  const self: string[] = [];
  for (const [emoji, reactors] of Object.entries(reactions)) {
    if (reactors.length === 0) continue;
    counts[emoji] = reactors.length;
    if (reactors.some((r) => r.actorType === 'users' && r.actorId === me)) self.push(emoji);
  }
  return { ...message, reactions: counts, reactionsSelf: self };
}

export function sameReactions(a: ChatMessage, b: ChatMessage): boolean {
  const keys = Object.keys(a.reactions);
  if (keys.length !== Object.keys(b.reactions).length || keys.some((k) => a.reactions[k] !== b.reactions[k])) return false;
  const selfA = [...(a.reactionsSelf ?? [])].sort().join('\n');
  return selfA === [...(b.reactionsSelf ?? [])].sort().join('\n');
}
