import { isAbortError } from '../../../api/api-error';
import { sendHeartbeat, type HeartbeatStatus } from '../../../api/user-status/heartbeat';
import { backoffDelayMs } from '../../../lib/backoff';
import { localStorageOrMemory } from '../../../lib/browser-storage';
import { pause } from './wake-up';

/**
 * Presence: the user-status heartbeat Nextcloud's own web client sends (apps/user_status), from the leader tab
 * only, for every tab of this browser. Nextcloud keeps an automatic status for 15 minutes after the last beat;
 * without any beat the user has no status row at all, shows "Offline", and Talk cannot restore the status
 * after a call (it keeps "Abwesend · In einem Anruf", as it has no backup of a previous status to go back to).
 *
 * As Nextcloud's client: a beat every 5 minutes, "away" after 2 minutes without input, "online" at once when
 * the user comes back, nothing from a browser that was never looked at. Unlike it: any input counts (touch,
 * keys, pointer: school tablets have no mouse), in any tab; and a browser whose tabs are all hidden is away.
 */

/** Nextcloud's HEARTBEAT_INTERVAL: below the server's 15 minutes, so the status never lapses while the app is open. */
export const HEARTBEAT_INTERVAL_MS = 5 * 60_000;
/** Nextcloud's AWAY_TIMEOUT: no input for this long is "away". */
export const AWAY_AFTER_MS = 2 * 60_000;
/** Input is noted at most this often per tab (Nextcloud debounces its mousemove by 2 s). */
export const ACTIVITY_DEBOUNCE_MS = 2_000;

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/** One tab's input: when the user last did something here. */
export class ActivityTracker {
  /** Opening or reloading the page is input too. */
  lastActive = Date.now();
  private lastNoted = 0;

  /** `onResume`: the user acts again after at least AWAY_AFTER_MS without input (or shows a hidden tab again). */
  constructor(private readonly onResume: () => void) {}

  start(): void {
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.onInput, { capture: true, passive: true });
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  stop(): void {
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.onInput, { capture: true });
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Input now (also what the listeners call). */
  note(now = Date.now()): void {
    if (now - this.lastNoted < ACTIVITY_DEBOUNCE_MS) return;
    this.lastNoted = now;
    const wasIdle = now - this.lastActive >= AWAY_AFTER_MS;
    this.lastActive = now;
    if (wasIdle) this.onResume();
  }

  private readonly onInput = () => {
    this.note();
  };

  private readonly onVisibility = () => {
    if (document.visibilityState !== 'visible') return;
    // Looking at the tab again is the user coming back: say so now, not at the next input.
    this.lastNoted = 0;
    const wasIdle = Date.now() - this.lastActive >= AWAY_AFTER_MS;
    this.lastActive = Date.now();
    if (wasIdle) this.onResume();
  };
}

/** What the leader tells Nextcloud: online while a visible tab had input within AWAY_AFTER_MS, else away. */
export function presenceStatus(now: number, lastActive: number, anyVisible: boolean): HeartbeatStatus {
  return anyVisible && now - lastActive < AWAY_AFTER_MS ? 'online' : 'away';
}

/** The last beat of this browser (any tab, any leader), so a reload or a new leader does not beat again at once. */
export interface BeatRecord {
  at: number;
  status: HeartbeatStatus;
}

export function beatKey(userId: string): string {
  return `klassenraum.presence.${userId}`;
}

function readBeat(key: string): BeatRecord | null {
  try {
    const raw = localStorageOrMemory().getItem(key);
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<BeatRecord>;
    if (typeof value.at !== 'number' || (value.status !== 'online' && value.status !== 'away')) return null;
    // A beat "from the future" (a clock set back) is no reason to wait.
    return value.at <= Date.now() ? { at: value.at, status: value.status } : null;
  } catch {
    return null;
  }
}

function writeBeat(key: string, beat: BeatRecord): void {
  try {
    localStorageOrMemory().setItem(key, JSON.stringify(beat));
  } catch (error) {
    console.debug('presence: last heartbeat not stored', error);
  }
}

/** Read through a call: TypeScript would otherwise narrow `signal.aborted` to false across awaits. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

export interface PresenceHost {
  readonly userId: string;
  readonly tabs: { anyVisible(): boolean; lastActive(): number };
  readonly wakers: { visible: Set<() => void>; presence: (() => void) | null };
}

/** What to do now: beat with a status, or wait (null) until `wakeAt`. */
export function nextBeat(now: number, last: BeatRecord | null, status: HeartbeatStatus): { beat: HeartbeatStatus | null; wakeAt: number } {
  if (last === null) return { beat: status, wakeAt: now };
  const due = last.at + HEARTBEAT_INTERVAL_MS;
  // Coming back is sent at once (Nextcloud shows online immediately); going away waits for the next beat.
  if (now >= due || (last.status === 'away' && status === 'online')) return { beat: status, wakeAt: now };
  return { beat: null, wakeAt: due };
}

/** The leader's heartbeat loop. Woken by the hub when a tab reports input after a pause or shows itself. */
export async function runPresence(host: PresenceHost, signal: AbortSignal): Promise<void> {
  const key = beatKey(host.userId);
  let attempt = 0;
  while (!signal.aborted) {
    const last = readBeat(key);
    if (last === null && !host.tabs.anyVisible()) {
      // A browser opened in the background has nothing to report until someone looks at it.
      await pause(signal, null, (wake) => {
        host.wakers.visible.add(wake);
      });
      continue;
    }
    const now = Date.now();
    const plan = nextBeat(now, last, presenceStatus(now, host.tabs.lastActive(), host.tabs.anyVisible()));
    const waitMs = plan.wakeAt - now;
    if (plan.beat !== null) {
      try {
        await sendHeartbeat({ status: plan.beat }, { signal });
        writeBeat(key, { at: Date.now(), status: plan.beat });
        attempt = 0;
        continue;
      } catch (error) {
        if (isAborted(signal) || isAbortError(error)) return;
        attempt++;
        // Not sooner for input or a tab showing itself: a failing server is never hammered. After three
        // retries (a 429 storm's Retry-After could be short) the next try is the regular beat.
        const retryMs = attempt > 3 ? HEARTBEAT_INTERVAL_MS : backoffDelayMs(attempt, error, { baseMs: 30_000, capMs: HEARTBEAT_INTERVAL_MS });
        await pause(signal, retryMs);
        continue;
      }
    }
    await pause(signal, Math.max(0, waitMs), (wake) => {
      host.wakers.presence = () => {
        host.wakers.presence = null;
        wake();
      };
    });
  }
}
