import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getConversation, listConversations } from '../../../api/talk/chat-conversations';
import { CONVERSATIONS_INTERVAL_MS } from '../lib/leader-loops';
import { getChatHub, useChatHub } from '../lib/use-chat-hub';
import { chatKeys } from './query-keys';

/**
 * Every conversation of the user. Unread counts change with every message, so the list refreshes every
 * minute: by the chat hub's leader tab for all tabs (followers take its broadcast). A tab fetches on its
 * own only on a user action (opening the list, focusing a stale tab, marking read), and shares the result;
 * without a hub (no BroadcastChannel) every tab refreshes for itself.
 */
export function conversationsQueryOptions() {
  return queryOptions({
    queryKey: chatKeys.conversations(),
    queryFn: async ({ signal }) => {
      const list = await listConversations({}, { signal });
      getChatHub()?.shareConversations(list);
      return list;
    },
    refetchInterval: () => (getChatHub() === null ? CONVERSATIONS_INTERVAL_MS : false),
  });
}

/**
 * A screen that shows unread badges from elsewhere (the home page's class cards) keeps the leader's list refresh
 * running while it is visible, without fetching anything itself: the list arrives in this feature's cache.
 */
export function useKeepConversationsFresh(): void {
  const hub = useChatHub();
  useEffect(() => hub?.watchConversationList(), [hub]);
}

export function useConversations() {
  const hub = useChatHub();
  useEffect(() => hub?.watchConversationList(), [hub]);
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
