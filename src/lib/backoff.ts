import { isApiError } from '../api/api-error';

/**
 * Backoff for background loops (chat long-poll, outbox, notifications): exponential with "full jitter"
 * so many tabs and browsers that lost the server together do not come back in lockstep; Retry-After wins.
 */

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A server asking for a longer pause than this is still honoured, but only up to this long. */
  maxRetryAfterMs?: number;
  random?: () => number;
}

const DEFAULTS = { baseMs: 1000, capMs: 60_000, maxRetryAfterMs: 300_000 };

/** The pause before retry number `attempt` (1 = first retry). Never below baseMs / 2: never hammer. */
export function backoffDelayMs(attempt: number, error: unknown, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULTS.baseMs;
  const capMs = options.capMs ?? DEFAULTS.capMs;
  const random = options.random ?? Math.random;
  if (isApiError(error) && error.retryAfterMs !== null) {
    // Honour Retry-After, plus a little jitter so all clients do not return in the same millisecond.
    const wanted = Math.min(error.retryAfterMs, options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs);
    return Math.max(wanted, baseMs / 2) + Math.round(random() * Math.min(1000, baseMs));
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
