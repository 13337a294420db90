import { isApiError } from '../api/api-error';

/**
 * The one backoff policy of the app (chat long-poll, outbox, notifications, react-query, file uploads,
 * lesson admission, the signaling socket): exponential with "full jitter" so many tabs and browsers that
 * lost the server together do not come back in lockstep; a server's Retry-After wins. Callers differ only
 * in their numbers (BackoffOptions), never in the rule.
 */

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A server asking for a longer pause than this is still honoured, but only up to this long. */
  maxRetryAfterMs?: number;
  random?: () => number;
}

const DEFAULTS = { baseMs: 1000, capMs: 60_000, maxRetryAfterMs: 300_000 };

/**
 * The pause before retry number `attempt` (1 = first retry). Without Retry-After: a random point below the
 * exponential ceiling, never below baseMs / 2 (never hammer). With Retry-After: that long (capped), plus
 * jitter of at most a second (and at most the wait itself, so 0, the gateway's "token refreshed, go
 * again", still means at once).
 */
export function backoffDelayMs(attempt: number, error: unknown, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULTS.baseMs;
  const capMs = options.capMs ?? DEFAULTS.capMs;
  const random = options.random ?? Math.random;
  if (isApiError(error) && error.retryAfterMs !== null) {
    const wanted = Math.min(error.retryAfterMs, options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs);
    return wanted + Math.round(random() * Math.min(1000, baseMs, wanted));
  }
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.max(baseMs / 2, random() * ceiling));
}

/** The server is alive but asks us to slow down (429) or is overloaded/restarting (502-504). */
export function isServerBusy(error: unknown): boolean {
  return isApiError(error) && (error.kind === 'rate-limited' || error.kind === 'unavailable');
}

export function isOffline(error: unknown): boolean {
  return isApiError(error) && error.kind === 'network';
}

/** Failures where the server did not act, so repeating is safe: no answer, busy, restarting, 429. */
export function isTransient(error: unknown): boolean {
  return isOffline(error) || isServerBusy(error);
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
