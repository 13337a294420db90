import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Session } from '../../../api/auth/session';
import { authKeys } from '../api/query-keys';

/**
 * Records in the cache that nobody is signed in (keeping the known auth mode), so the login screen
 * shows at once and signed-in routes redirect. Call before navigating to the login screen.
 */
export function markSignedOut(queryClient: QueryClient): void {
  const previous = queryClient.getQueryData<Session>(authKeys.session());
  if (previous === undefined) {
    queryClient.removeQueries({ queryKey: authKeys.session() });
    return;
  }
  // Keep what the gateway said about embedding: inside the portal frame the login screen must open the
  // popup again (Nextcloud's login refuses to be framed).
  const signedOut: Session = { authenticated: false, authMode: previous.authMode };
  if (previous.embedAllowed !== undefined) signedOut.embedAllowed = previous.embedAllowed;
  queryClient.setQueryData<Session>(authKeys.session(), signedOut);
}

/**
 * Drops everything cached for the previous user except the session state and what belongs to nobody
 * (`keep`: key prefixes such as the school's branding, which screens outside the routes show). Call once no
 * signed-in screen is mounted any more (e.g. from the login screen), or mounted queries would refetch at once.
 */
export function forgetUserData(queryClient: QueryClient, keep: readonly QueryKey[] = []): void {
  const sessionKey = authKeys.session();
  const kept = (key: QueryKey) => keep.some((prefix) => prefix.every((part, i) => key[i] === part));
  queryClient.removeQueries({
    predicate: (query) =>
      !(query.queryKey.length === sessionKey.length && query.queryKey.every((part, i) => part === sessionKey[i])) && !kept(query.queryKey),
  });
}
