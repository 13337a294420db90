import { isApiError } from '../../../api/api-error';
import { backoffDelayMs, sleep, type BackoffOptions } from '../../../lib/backoff';
import { CallTransportError } from '../transport/call-transport';

/**
 * Paced admission to a lesson: when a whole class presses "join" at 8:00:00 (or is let in together when the teacher
 * opens the lesson), each client waits a random moment inside a spread window before its first attempt, so the joins
 * reach Talk and the signaling server over a few seconds instead of in one burst. An overloaded answer puts the client
 * back in the queue with exponential backoff and full jitter; a server's Retry-After wins (`src/lib/backoff.ts`).
 */

export type AdmissionPhase =
  /** Waiting before the next attempt; `reason` says whether this is the initial spread or a busy server. */
  | { phase: 'queued'; reason: 'pacing' | 'busy'; attempt: number; delayMs: number }
  | { phase: 'joining'; attempt: number };

export interface PacedAdmissionOptions {
  /** The first attempt happens at a uniformly random moment in [0, spreadMs). */
  spreadMs: number;
  /** Attempts in all (the first included) before an overloaded answer is given up on. */
  maxAttempts: number;
  backoff: BackoffOptions;
  random: () => number;
}

/** Students: spread over 5 s; a busy server is asked again after 2 s, 4 s, 8 s … (at most 30 s) or its Retry-After. */
export const STUDENT_ADMISSION: PacedAdmissionOptions = {
  spreadMs: 5000,
  maxAttempts: 8,
  backoff: { baseMs: 2000, capMs: 30_000, maxRetryAfterMs: 120_000 },
  random: Math.random,
};

/** Teachers start the lesson everyone waits for: no initial spread, the same backoff when the server is busy. */
export const TEACHER_ADMISSION: PacedAdmissionOptions = { ...STUDENT_ADMISSION, spreadMs: 0 };

/**
 * The server (or the media server behind it) is overloaded or briefly unreachable: worth queueing again.
 * 429 and 502-504 from Nextcloud through the gateway, and a transport whose media connection failed.
 */
export function isOverloaded(error: unknown): boolean {
  if (isApiError(error)) return error.kind === 'rate-limited' || error.kind === 'unavailable';
  return error instanceof CallTransportError && error.code === 'connection-failed';
}

/**
 * Runs `attempt` paced: first after the spread delay, again after a backoff while the answer is "overloaded", up to
 * `maxAttempts`. Any other failure is thrown at once. Aborting `signal` (the user cancels) rejects with its reason.
 */
export async function admitPaced<T>(
  attempt: (n: number) => Promise<T>,
  { signal, onPhase, ...options }: PacedAdmissionOptions & { signal: AbortSignal; onPhase: (phase: AdmissionPhase) => void },
): Promise<T> {
  let delayMs = Math.floor(options.random() * options.spreadMs);
  let reason: 'pacing' | 'busy' = 'pacing';
  for (let n = 1; ; n++) {
    if (delayMs > 0) {
      onPhase({ phase: 'queued', reason, attempt: n, delayMs });
      await sleep(delayMs, signal);
    }
    signal.throwIfAborted();
    onPhase({ phase: 'joining', attempt: n });
    try {
      return await attempt(n);
    } catch (err) {
      signal.throwIfAborted();
      if (!isOverloaded(err) || n >= options.maxAttempts) throw err;
      delayMs = backoffDelayMs(n, err, { ...options.backoff, random: options.random });
      reason = 'busy';
    }
  }
}

/**
 * Students waiting for the teacher ask Talk whether the call runs every 10-20 s (jittered, so a class that opened
 * the tab together does not poll together), and only while the tab is visible.
 */
export function waitingPollDelayMs(random: () => number = Math.random): number {
  return 10_000 + Math.floor(random() * 10_000);
}
