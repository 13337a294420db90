import { queryOptions, useQuery } from '@tanstack/react-query';
import { getPoll } from '../../../api/talk/polls';
import { chatKeys } from './query-keys';

export function pollQueryOptions(token: string, pollId: number) {
  return queryOptions({
    queryKey: chatKeys.poll(token, pollId),
    queryFn: ({ signal }) => getPoll({ token, pollId }, { signal }),
  });
}

export function usePoll(token: string, pollId: number) {
  return useQuery(pollQueryOptions(token, pollId));
}
