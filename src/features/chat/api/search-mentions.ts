import { queryOptions, useQuery } from '@tanstack/react-query';
import { searchMentions } from '../../../api/talk/chat-messages';
import { chatKeys } from './query-keys';

export function mentionsQueryOptions(token: string, search: string) {
  return queryOptions({
    queryKey: chatKeys.mentions(token, search),
    queryFn: ({ signal }) => searchMentions({ token, search }, { signal }),
    staleTime: 60_000,
  });
}

/** Suggestions while the user types "@…"; Talk decides whether "all" is offered (mention permissions). */
export function useMentionSuggestions(token: string, search: string | null) {
  return useQuery({ ...mentionsQueryOptions(token, search ?? ''), enabled: search !== null });
}
