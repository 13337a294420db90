import { queryOptions, useQuery } from '@tanstack/react-query';
import { pollLoginFlow } from '../../../api/auth/session';
import { authKeys } from './query-keys';

export const LOGIN_FLOW_POLL_INTERVAL_MS = 2000;

/** Polls the gateway every 2 s while the Login Flow v2 sign-in is pending. One query per attempt. */
export function pollLoginFlowQueryOptions(attempt: number) {
  return queryOptions({
    queryKey: authKeys.loginFlowPoll(attempt),
    queryFn: ({ signal }) => pollLoginFlow({}, { signal }),
    refetchInterval: (query) =>
      query.state.data === undefined || query.state.data === 'pending' ? LOGIN_FLOW_POLL_INTERVAL_MS : false,
    // The user is signing in in another tab: keep polling while this one is hidden.
    refetchIntervalInBackground: true,
    staleTime: 0,
    gcTime: 0,
  });
}

export function usePollLoginFlow(attempt: number | null) {
  return useQuery({ ...pollLoginFlowQueryOptions(attempt ?? 0), enabled: attempt !== null });
}
