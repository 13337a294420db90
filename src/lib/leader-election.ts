/**
 * One leader among the tabs of a browser profile, with Web Locks: every tab asks for the same exclusive
 * lock; the browser grants it to one and queues the rest. When the leader's tab closes (or crashes),
 * the browser releases its lock at once and grants it to the next tab: failover without heartbeats.
 */

/** The part of `navigator.locks` we use (a fake in tests). */
export interface LockRequester {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** Leave the election: give up the lock (if held) or the place in the queue. */
  stop(): void;
}

export function browserLocks(): LockRequester | null {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return null;
  return navigator.locks;
}

/**
 * Joins the election for `name`. `onChange(true)` when this tab becomes leader, `onChange(false)` when it
 * stops leading. Without Web Locks (very old browsers) every tab leads: correct, only less frugal.
 */
export function electLeader(name: string, onChange: (leader: boolean) => void, locks: LockRequester | null = browserLocks()): LeaderElection {
  let leader = false;
  let stopped = false;
  let release: (() => void) | null = null;
  const controller = new AbortController();

  const become = (value: boolean) => {
    if (leader === value) return;
    leader = value;
    onChange(value);
  };

  if (locks === null) {
    queueMicrotask(() => {
      if (!stopped) become(true);
    });
  } else {
    locks
      .request(name, { signal: controller.signal }, () => {
        if (stopped) return Promise.resolve();
        return new Promise<void>((resolve) => {
          release = resolve;
          become(true);
        });
      })
      .catch((error: unknown) => {
        // Aborted while waiting in the queue: that is stop(). Anything else (a SecurityError where the
        // browser refuses storage, e.g. a portal iframe with third-party storage blocked) means no tab can
        // lead through the lock: this tab leads for itself, as without Web Locks. Never leaderless.
        if (stopped) return;
        console.debug('Web Locks refused, this tab leads alone', error);
        if (release === null) become(true);
      });
  }

  return {
    isLeader: () => leader,
    stop() {
      if (stopped) return;
      stopped = true;
      controller.abort();
      release?.();
      become(false);
    },
  };
}
