import type { QueryClient } from '@tanstack/react-query';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import type { Poll } from '../../../api/talk/polls';
import type { ReactionMap } from '../../../api/talk/reactions';
import { isModeratorType, type Conversation } from '../../../api/talk/chat-conversations';
import { followUps, seesVotes } from '../lib/system-messages';
import { withMessageReactions } from '../lib/timeline';
import type { LoadedTimeline } from './get-timeline';
import { chatKeys } from './query-keys';

/**
 * Where the chat hub's updates land in this tab's query cache, beside the timeline merge: polls and
 * reactions named by update-only system messages, and what the leader's live refresh fetched.
 */

function visible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/**
 * Polls voted in or closed, messages whose reactions changed: what this tab shows is fetched again at once;
 * a hidden tab only marks it stale (fetched when the tab shows itself again).
 */
export function followUpSystemMessages(queryClient: QueryClient, token: string, messages: readonly ChatMessage[], me: string): void {
  const { polls, closedPolls, reactions } = followUps(messages);
  const refetchType = visible() ? 'active' : 'none';
  const conversation = queryClient.getQueryData<Conversation>(chatKeys.conversation(token));
  const moderator = conversation !== undefined && isModeratorType(conversation.participantType);
  for (const pollId of polls) {
    const poll = queryClient.getQueryData<Poll>(chatKeys.poll(token, pollId));
    const changesCard = poll === undefined || closedPolls.includes(pollId) || seesVotes(poll, me, moderator);
    void queryClient.invalidateQueries({ queryKey: chatKeys.poll(token, pollId), refetchType: changesCard ? refetchType : 'none' });
  }
  for (const messageId of reactions) void queryClient.invalidateQueries({ queryKey: chatKeys.reactions(token, messageId), refetchType });
}

/** A message's reactions as Talk answered them: the reactor list and the message's counts and own reactions. */
export function setReactions(queryClient: QueryClient, token: string, messageId: number, reactions: ReactionMap, me: string): void {
  queryClient.setQueryData(chatKeys.reactions(token, messageId), reactions);
  queryClient.setQueryData<LoadedTimeline>(chatKeys.timeline(token), (old) => (old ? withMessageReactions(old, messageId, reactions, me) : old));
}

export function setPoll(queryClient: QueryClient, token: string, poll: Poll): void {
  queryClient.setQueryData(chatKeys.poll(token, poll.id), poll);
}
