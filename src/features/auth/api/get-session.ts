import { queryOptions, useQuery } from '@tanstack/react-query';
import { getSession } from '../../../api/auth/session';
import { authKeys } from './query-keys';

/** Signed in or not, and how to sign in. Changes only through login, logout or a 401, all handled explicitly. */
export function sessionQueryOptions() {
  return queryOptions({
    queryKey: authKeys.session(),
    queryFn: ({ signal }) => getSession({}, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSession() {
  return useQuery(sessionQueryOptions());
}
