import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteMessage, editMessage, setReadMarker } from '../../../api/talk/chat-messages';
import { addReaction, removeReaction } from '../../../api/talk/reactions';
import { closePoll, createPoll, votePoll } from '../../../api/talk/polls';
import { mergeIntoTimeline } from './get-timeline';
import { setReactions } from './live-updates';
import { chatKeys } from './query-keys';

export function useEditMessage(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, message }: { messageId: number; message: string }) => editMessage({ token, messageId, message }),
    onSuccess: (systemMessage) => {
      mergeIntoTimeline(queryClient, token, [systemMessage]);
    },
  });
}

export function useDeleteMessage(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId }: { messageId: number }) => deleteMessage({ token, messageId }),
    onSuccess: (systemMessage) => {
      mergeIntoTimeline(queryClient, token, [systemMessage]);
    },
  });
}

/** `me`: the signed-in user, whose own reactions Talk's answer tells apart. */
export function useToggleReaction(token: string, me: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, reaction, remove }: { messageId: number; reaction: string; remove: boolean }) =>
      remove ? removeReaction({ token, messageId, reaction }) : addReaction({ token, messageId, reaction }),
    // An added reaction wakes no long-poll (it comes with the next message): Talk's answer is the new state at once.
    onSuccess: (reactions, { messageId }) => {
      setReactions(queryClient, token, messageId, reactions, me);
    },
  });
}

export function useMarkRead(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lastReadMessage: number) => setReadMarker({ token, lastReadMessage }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chatKeys.conversations() }),
  });
}

export function useCreatePoll(token: string) {
  return useMutation({
    mutationFn: ({ question, options }: { question: string; options: string[] }) => createPoll({ token, question, options }),
  });
}

export function useVotePoll(token: string, pollId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (optionIds: number[]) => votePoll({ token, pollId, optionIds }),
    onSuccess: (poll) => queryClient.setQueryData(chatKeys.poll(token, pollId), poll),
  });
}

export function useClosePoll(token: string, pollId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => closePoll({ token, pollId }),
    onSuccess: (poll) => queryClient.setQueryData(chatKeys.poll(token, pollId), poll),
  });
}
