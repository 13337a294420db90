import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, type ApiErrorKind } from '../api/api-error';
import { backoffDelayMs } from '../lib/backoff';

/** Only failures where the server did not (or could not) act are worth repeating. 4xx never are. */
const retryableKinds: ReadonlySet<ApiErrorKind> = new Set(['network', 'unavailable', 'rate-limited']);
export const MAX_RETRIES = 3;
/** A server asking us to wait longer than this gets no automatic retry: the user decides. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (!isApiError(error) || !retryableKinds.has(error.kind)) return false;
  if (error.retryAfterMs !== null && error.retryAfterMs > MAX_RETRY_AFTER_MS) return false;
  return failureCount < MAX_RETRIES;
}

/** Mutations are not idempotent: repeat only when the server said it did not process the request (429). */
export function shouldRetryMutation(failureCount: number, error: unknown): boolean {
  return isApiError(error) && error.kind === 'rate-limited' && shouldRetryQuery(failureCount, error);
}

/**
 * Queries back off like everything else (lib/backoff). Base 2 s: the first retry comes after 1-2 s, never
 * sooner than a second, and three retries (at most 2 + 4 + 8 s) fit in the time a user still watches a screen.
 */
const QUERY_BACKOFF = { baseMs: 2000, capMs: 30_000, maxRetryAfterMs: MAX_RETRY_AFTER_MS } as const;

/** react-query counts failures from 0 before the first retry; the policy counts retries from 1. */
export function retryDelay(failureCount: number, error: unknown, random: () => number = Math.random): number {
  return backoffDelayMs(failureCount + 1, error, { ...QUERY_BACKOFF, random });
}

export interface AppQueryClientOptions {
  /** Called when any query or mutation fails with 'unauthenticated' (401 from the gateway). */
  onUnauthenticated: () => void;
}

export function createAppQueryClient({ onUnauthenticated }: AppQueryClientOptions): QueryClient {
  const handleError = (error: unknown) => {
    if (isApiError(error) && error.kind === 'unauthenticated') onUnauthenticated();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handleError }),
    mutationCache: new MutationCache({ onError: handleError }),
    defaultOptions: {
      queries: {
        retry: shouldRetryQuery,
        retryDelay: (failureCount, error) => retryDelay(failureCount, error),
        staleTime: 30_000,
      },
      mutations: {
        retry: shouldRetryMutation,
        retryDelay: (failureCount, error) => retryDelay(failureCount, error),
      },
    },
  });
}
