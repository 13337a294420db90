import { isApiError } from '../../../api/api-error';

/** Failures where nothing was stored, so sending again is safe: no answer, gateway/Nextcloud busy or restarting. */
export function isTransient(error: unknown): boolean {
  return isApiError(error) && (error.kind === 'network' || error.kind === 'unavailable' || error.kind === 'rate-limited');
}

const BASE_MS = 1000;
const CAP_MS = 15_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before attempt `attempt` (1 = first retry). Retry-After wins (0 from the gateway's
 * token_refreshed means "now"); otherwise exponential backoff with "equal jitter" so many clients that
 * lost the server at once do not come back in lockstep.
 */
export function retryDelayMs(attempt: number, error: unknown, random: () => number = Math.random): number {
  if (isApiError(error) && error.retryAfterMs !== null) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  signal?: AbortSignal;
  maxAttempts?: number;
  /** Told before each wait, e.g. to show "waiting for the connection". */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  random?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Runs `task` and repeats it after transient failures; anything else (403, 404, 412, 507, ...) is thrown at once. */
export async function withRetry<T>(task: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { signal, maxAttempts = 15, onRetry, random = Math.random, wait = sleep } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (signal?.aborted || !isTransient(error) || attempt >= maxAttempts) throw error;
      const delay = retryDelayMs(attempt, error, random);
      onRetry?.(attempt, delay, error);
      await wait(delay, signal);
    }
  }
}
