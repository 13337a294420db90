/**
 * The one way the chat engine's loops pause: until woken, until `ms` have passed (never, when null) or until
 * `signal` aborts, whichever comes first. `register` receives the function that wakes this pause with a
 * value; keep it where the waker can reach it. Timeout and abort end the pause with `fallback`.
 */
export function pauseUntil<T>(
  signal: AbortSignal,
  ms: number | null,
  fallback: T,
  register?: (wake: (value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (value: T) => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => {
      finish(fallback);
    };
    if (signal.aborted) {
      resolve(fallback);
      return;
    }
    if (ms !== null) timer = setTimeout(onAbort, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    register?.(finish);
  });
}

/** `pauseUntil` for a pause that carries no value. */
export function pause(signal: AbortSignal, ms: number | null, register?: (wake: () => void) => void): Promise<void> {
  return pauseUntil(signal, ms, undefined, register && ((wake) => register(() => wake(undefined))));
}
