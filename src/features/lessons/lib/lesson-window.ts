import { backoffDelayMs, isServerBusy, sleep } from '../../../lib/backoff';

/**
 * The waiting room: a student who comes before the teacher opened the lesson (started the Talk call) waits here.
 * Talk tells nobody outside the call that a call started except through the room (`hasCall`), so the client asks
 * gently: every 10-20 s (jittered), never while the tab is hidden, longer when the server says it is busy.
 */

export interface Visibility {
  visible(): boolean;
  /** Calls `listener` whenever the page's visibility changes; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export const documentVisibility: Visibility = {
  visible: () => document.visibilityState === 'visible',
  onChange: (listener) => {
    document.addEventListener('visibilitychange', listener);
    return () => {
      document.removeEventListener('visibilitychange', listener);
    };
  },
};

/** Resolves as soon as the page is visible (at once when it is). */
function whenVisible(visibility: Visibility, signal: AbortSignal): Promise<void> {
  if (visibility.visible()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      off();
      signal.removeEventListener('abort', aborted);
    };
    const off = visibility.onChange(() => {
      if (!visibility.visible()) return;
      done();
      resolve();
    });
    const aborted = () => {
      done();
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', aborted, { once: true });
  });
}

export interface WaitForLessonOptions {
  signal: AbortSignal;
  pollMs: () => number;
  visibility?: Visibility;
  random?: () => number;
}

/**
 * Resolves once `callRuns` says the lesson's call runs (asked at once, then after each pause). A busy server is
 * asked again only after its Retry-After or a backoff; other failures (offline) keep the normal pace.
 */
export async function waitForLesson(callRuns: (signal: AbortSignal) => Promise<boolean>, { signal, pollMs, visibility = documentVisibility, random }: WaitForLessonOptions): Promise<void> {
  let busy = 0;
  for (;;) {
    await whenVisible(visibility, signal);
    let pause: number;
    try {
      if (await callRuns(signal)) return;
      busy = 0;
      pause = pollMs();
    } catch (err) {
      signal.throwIfAborted();
      console.warn('lessons: cannot ask whether the lesson runs', err);
      pause = isServerBusy(err) ? Math.max(pollMs(), backoffDelayMs(++busy, err, { baseMs: 10_000, capMs: 120_000, ...(random === undefined ? {} : { random }) })) : pollMs();
    }
    await sleep(pause, signal);
  }
}
