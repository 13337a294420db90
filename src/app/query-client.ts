import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, type ApiErrorKind } from '../api/api-error';

/** Only failures where the server did not (or could not) act are worth repeating. 4xx never are. */
const retryableKinds: ReadonlySet<ApiErrorKind> = new Set(['network', 'unavailable', 'rate-limited']);
export const MAX_RETRIES = 3;
/** A server asking us to wait longer than this gets no automatic retry: the user decides. */
export const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (!isApiError(error) || !retryableKinds.has(error.kind)) return false;
  if (error.retryAfterMs !== null && error.retryAfterMs > MAX_RETRY_AFTER_MS) return false;
  return failureCount < MAX_RETRIES;
}

/** Mutations are not idempotent: repeat only when the server said it did not process the request (429). */
export function shouldRetryMutation(failureCount: number, error: unknown): boolean {
  return isApiError(error) && error.kind === 'rate-limited' && shouldRetryQuery(failureCount, error);
}

/** Honours Retry-After; otherwise exponential backoff (1 s, 2 s, 4 s, ...) with a little jitter. */
export function retryDelay(failureCount: number, error: unknown): number {
  if (isApiError(error) && error.retryAfterMs !== null) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  const backoff = Math.min(1000 * 2 ** failureCount, MAX_BACKOFF_MS);
  return backoff + Math.floor(Math.random() * 250);
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
        retryDelay,
        staleTime: 30_000,
      },
      mutations: {
        retry: shouldRetryMutation,
        retryDelay,
      },
    },
  });
}
