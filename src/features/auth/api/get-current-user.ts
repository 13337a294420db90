import { queryOptions, useQuery } from '@tanstack/react-query';
import { getCurrentUser } from '../../../api/core/current-user';
import { authKeys } from './query-keys';

export function currentUserQueryOptions() {
  return queryOptions({
    queryKey: authKeys.currentUser(),
    queryFn: ({ signal }) => getCurrentUser({}, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useCurrentUser() {
  return useQuery(currentUserQueryOptions());
}
