import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Session } from '../../../api/auth/session';
import { currentUserFromOcsData, getCurrentUser } from '../../../api/core/current-user';
import { authKeys } from './query-keys';

export function currentUserQueryOptions() {
  return queryOptions({
    queryKey: authKeys.currentUser(),
    queryFn: ({ signal }) => getCurrentUser({}, { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The session answer brought the user (the gateway asked Nextcloud meanwhile): no request of its own,
 * unless the cache already has a user (a later navigation must not replace it with the older copy). */
export function seedCurrentUser(queryClient: QueryClient, session: Session): void {
  const key = currentUserQueryOptions().queryKey;
  if (!session.authenticated || session.firstWave?.currentUser === undefined || queryClient.getQueryData(key) !== undefined) return;
  const user = currentUserFromOcsData(session.firstWave.currentUser);
  if (user !== null) queryClient.setQueryData(key, user);
}

export function useCurrentUser() {
  return useQuery(currentUserQueryOptions());
}
