import { queryOptions, useQuery } from '@tanstack/react-query';
import { getConversation, listConversations } from '../../../api/talk/chat-conversations';
import { chatKeys } from './query-keys';

export function conversationsQueryOptions() {
  return queryOptions({
    queryKey: chatKeys.conversations(),
    queryFn: ({ signal }) => listConversations({}, { signal }),
    // Unread counts change with every message; the list refreshes gently, the open chat streams.
    refetchInterval: 60_000,
  });
}

export function useConversations() {
  return useQuery(conversationsQueryOptions());
}

export function conversationQueryOptions(token: string) {
  return queryOptions({
    queryKey: chatKeys.conversation(token),
    queryFn: ({ signal }) => getConversation({ token }, { signal }),
  });
}

export function useConversation(token: string) {
  return useQuery(conversationQueryOptions(token));
}
