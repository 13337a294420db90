import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { receiveMessages } from '../../../api/talk/chat-messages';
import { emptyTimeline, mergeMessages, type Timeline } from '../lib/timeline';
import { chatKeys } from './query-keys';

const HISTORY_PAGE = 50;

export interface LoadedTimeline extends Timeline {
  historyLoaded: boolean;
}

function current(queryClient: QueryClient, token: string): LoadedTimeline {
  return queryClient.getQueryData<LoadedTimeline>(chatKeys.timeline(token)) ?? { ...emptyTimeline, historyLoaded: false };
}

/**
 * A conversation's timeline. The first load fetches the newest page; everything newer arrives from the
 * chat hub (long-poll stream, possibly from another tab) and is merged into the same cache entry.
 */
export function timelineQueryOptions(queryClient: QueryClient, token: string) {
  return queryOptions({
    queryKey: chatKeys.timeline(token),
    queryFn: async ({ signal }): Promise<LoadedTimeline> => {
      const batch = await receiveMessages({ token, lookIntoFuture: false, limit: HISTORY_PAGE }, { signal });
      const merged = mergeMessages(current(queryClient, token), batch.messages, batch.lastCommonRead === null ? {} : { lastCommonRead: batch.lastCommonRead });
      return { ...merged, historyLoaded: true, hasMoreHistory: batch.messages.length >= HISTORY_PAGE };
    },
    staleTime: Infinity,
    refetchOnMount: (query) => (query.state.data?.historyLoaded ? false : 'always'),
    refetchOnWindowFocus: false,
  });
}

export function useTimeline(token: string) {
  const queryClient = useQueryClient();
  return useQuery(timelineQueryOptions(queryClient, token));
}

/** Pages upward (lookIntoFuture=0 from the oldest loaded message). */
export function useLoadOlder(token: string) {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const timeline = current(queryClient, token);
    if (timeline.oldestId === null || !timeline.hasMoreHistory) return;
    const batch = await receiveMessages({ token, lookIntoFuture: false, lastKnownMessageId: timeline.oldestId, limit: HISTORY_PAGE });
    queryClient.setQueryData<LoadedTimeline>(chatKeys.timeline(token), (old) => {
      const base = old ?? timeline;
      return { ...mergeMessages(base, batch.messages), historyLoaded: base.historyLoaded, hasMoreHistory: batch.messages.length >= HISTORY_PAGE };
    });
  }, [queryClient, token]);
}

/** Merges messages from anywhere (hub stream, send and edit responses) into the cached timeline. */
export function mergeIntoTimeline(queryClient: QueryClient, token: string, messages: Parameters<typeof mergeMessages>[1], lastCommonRead: number | null = null): void {
  queryClient.setQueryData<LoadedTimeline>(chatKeys.timeline(token), (old) => {
    const base = old ?? { ...emptyTimeline, historyLoaded: false };
    const merged = mergeMessages(base, messages, lastCommonRead === null ? {} : { lastCommonRead });
    return merged === base ? base : { ...merged, historyLoaded: base.historyLoaded };
  });
}
