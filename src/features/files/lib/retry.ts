import { backoffDelayMs, isTransient, sleep } from '../../../lib/backoff';

/** Files retry sooner and give up waiting sooner than the background loops: a user watches the bar. */
const FILES_BACKOFF = { baseMs: 1000, capMs: 15_000, maxRetryAfterMs: 60_000 } as const;

/** How long to wait before attempt `attempt` (1 = first retry): the app's one policy (lib/backoff). */
export function retryDelayMs(attempt: number, error: unknown, random: () => number = Math.random): number {
  return backoffDelayMs(attempt, error, { ...FILES_BACKOFF, random });
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
