import type { Query, QueryClient, QueryKey } from '@tanstack/react-query';
import { browserLocks, electLeader, type LockRequester } from './leader-election';

/**
 * Queries that refresh on a timer (class members' presence, a teacher's submission overview) would be
 * fetched by every visible tab of the same user. Marked with `meta: SHARED_ACROSS_TABS` and given
 * `refetchInterval: crossTabInterval(ms)`, they refresh once per browser instead: the leader tab (Web Locks)
 * on the timer, and every successful fetch in any tab is sent to the other tabs, which take the data.
 * A follower keeps a timer three times as long, which each arriving result restarts: it fires only when
 * the leader does not show that query (or is hidden), so nothing goes stale for long.
 * Without BroadcastChannel or before sign-in every tab refreshes for itself.
 */

export const SHARED_ACROSS_TABS = { shareAcrossTabs: true } as const;
export const FOLLOWER_FACTOR = 3;

type Role = 'solo' | 'leader' | 'follower';
let role: Role = 'solo';

export interface SharedResult {
  key: QueryKey;
  data: unknown;
  at: number;
}

/** `refetchInterval` for a query marked SHARED_ACROSS_TABS. */
export function crossTabInterval(ms: number): () => number {
  return () => (role === 'follower' ? ms * FOLLOWER_FACTOR : ms);
}

export function crossTabRole(): Role {
  return role;
}

function isShared(query: Query): boolean {
  return query.meta?.['shareAcrossTabs'] === true;
}

/** The part of BroadcastChannel we use (a fake in tests). */
export interface TabChannel {
  postMessage(data: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent<SharedResult>) => void) | null;
}

export interface CrossTabOptions {
  locks?: LockRequester | null;
  channel?: TabChannel;
}

/** Starts sharing for the signed-in user's tabs; returns stop(). */
export function shareQueriesAcrossTabs(queryClient: QueryClient, userId: string, options: CrossTabOptions = {}): () => void {
  if (options.channel === undefined && typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel: TabChannel = options.channel ?? new BroadcastChannel(`klassenraum-queries:${userId}`);
  const cache = queryClient.getQueryCache();

  const setRole = (next: Role) => {
    if (role === next) return;
    role = next;
    // Observers compute their interval again (a new leader takes over the one-minute timer at once).
    for (const query of cache.findAll({ predicate: isShared })) {
      for (const observer of query.observers) observer.setOptions(observer.options);
    }
  };
  setRole('follower');
  const election = electLeader(
    `klassenraum:${userId}:refresh-leader`,
    (leader) => {
      setRole(leader ? 'leader' : 'follower');
    },
    options.locks === undefined ? browserLocks() : options.locks,
  );

  const unsubscribe = cache.subscribe((event) => {
    // A fetch's result only: data this tab took from another (setQueryData: manual) is not sent back.
    if (event.type !== 'updated' || event.action.type !== 'success' || event.action.manual === true) return;
    const query = event.query as Query;
    if (!isShared(query)) return;
    const message: SharedResult = { key: query.queryKey, data: query.state.data, at: query.state.dataUpdatedAt };
    try {
      channel.postMessage(message);
    } catch (error) {
      // Data that cannot be cloned (or a closed channel): the other tabs refresh on their own timer.
      console.debug('cross-tab query not shared', error);
    }
  });

  channel.onmessage = (event: MessageEvent<SharedResult>) => {
    const { key, data, at } = event.data;
    const query = cache.find({ queryKey: key, exact: true });
    // Only what this tab holds; never older than what it has.
    if (query === undefined || query.state.dataUpdatedAt >= at) return;
    queryClient.setQueryData(key, data, { updatedAt: at });
  };

  return () => {
    unsubscribe();
    election.stop();
    channel.onmessage = null;
    if (options.channel === undefined) channel.close();
    role = 'solo';
  };
}
