import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivityTracker, AWAY_AFTER_MS, beatKey, HEARTBEAT_INTERVAL_MS, runPresence, type PresenceHost } from './presence';

const api = vi.hoisted(() => ({ sendHeartbeat: vi.fn() }));
vi.mock('../../../api/user-status/heartbeat', () => ({ sendHeartbeat: api.sendHeartbeat }));

/** The leader's view of the browser: whether a tab is visible, when the user last did something. */
function fakeHost() {
  const host = {
    userId: 's7a2',
    visible: true,
    activeAt: Date.now(),
    tabs: {
      anyVisible: () => host.visible,
      lastActive: () => host.activeAt,
    },
    wakers: { visible: new Set<() => void>(), presence: null as (() => void) | null },
    /** What the hub does when a tab reports input after a pause or shows itself. */
    wake() {
      host.wakers.presence?.();
      for (const w of [...host.wakers.visible]) w();
      host.wakers.visible.clear();
    },
  };
  return host satisfies PresenceHost;
}

/** The statuses sent so far, in order. */
function sent(): string[] {
  return api.sendHeartbeat.mock.calls.map((call) => (call[0] as { status: string }).status);
}

describe('the heartbeat schedule (leader tab)', () => {
  let controller: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    api.sendHeartbeat.mockReset();
    api.sendHeartbeat.mockResolvedValue({ userId: 's7a2', status: 'online' });
    controller = new AbortController();
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  it('beats "online" at once while the user is active, then every 5 minutes, and not in between', async () => {
    const host = fakeHost();
    void runPresence(host, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toEqual(['online']);
    for (let minute = 1; minute <= 14; minute++) {
      host.activeAt = Date.now(); // the user keeps working
      host.wake(); // tabs announce themselves every 15 s: that alone sends nothing
      await vi.advanceTimersByTimeAsync(60_000);
    }
    // 0, 5, 10 minutes: three beats in 14 minutes (Nextcloud drops an automatic status after 15).
    expect(sent()).toEqual(['online', 'online', 'online']);
  });

  it('says "away" after 2 minutes without input (at the next beat), and "online" at once when the user is back', async () => {
    const host = fakeHost();
    void runPresence(host, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(AWAY_AFTER_MS + 1_000);
    expect(sent()).toEqual(['online']); // going away is not urgent: Nextcloud keeps online for a while anyway
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS - AWAY_AFTER_MS);
    expect(sent()).toEqual(['online', 'away']);

    await vi.advanceTimersByTimeAsync(30_000);
    host.activeAt = Date.now();
    host.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toEqual(['online', 'away', 'online']);
  });

  it('sends nothing from a browser that was never looked at; a browser whose tabs are all hidden is "away"', async () => {
    const host = fakeHost();
    host.visible = false;
    void runPresence(host, controller.signal);
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(sent()).toEqual([]);

    host.visible = true;
    host.activeAt = Date.now();
    host.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toEqual(['online']);

    host.visible = false; // the tablet's browser goes to the background
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS);
    expect(sent()).toEqual(['online', 'away']);
    // Hidden: one beat per 5 minutes keeps the status "away" (without it Nextcloud shows offline after 15).
    await vi.advanceTimersByTimeAsync(2 * HEARTBEAT_INTERVAL_MS - 1_000);
    expect(sent()).toEqual(['online', 'away', 'away']);
  });

  it('a reload or a new leader does not beat again when this browser beat less than 5 minutes ago', async () => {
    localStorage.setItem(beatKey('s7a2'), JSON.stringify({ at: Date.now() - 60_000, status: 'online' }));
    const host = fakeHost();
    void runPresence(host, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toEqual([]);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS - 2 * 60_000);
    host.activeAt = Date.now();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent()).toEqual(['online']);
  });

  it('backs off when the server fails, even when tabs keep reporting input', async () => {
    api.sendHeartbeat.mockRejectedValue(new Error('network'));
    const host = fakeHost();
    void runPresence(host, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i++) {
      host.activeAt = Date.now();
      host.wake();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(api.sendHeartbeat).toHaveBeenCalledTimes(1);
    // Tried again later, never sooner than 15 s after the last failure.
    const at: number[] = [];
    api.sendHeartbeat.mockImplementation(() => {
      at.push(Date.now());
      return Promise.reject(new Error('network'));
    });
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS);
    expect(at.length).toBeGreaterThanOrEqual(1);
    // Three retries at most, then once per regular beat.
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_INTERVAL_MS);
    expect(at.length).toBeLessThanOrEqual(3 + 3);
    at.slice(1).forEach((time, i) => {
      expect(time - (at[i] ?? 0)).toBeGreaterThanOrEqual(15_000);
    });
  });

  it('stops when the tab stops leading', async () => {
    const host = fakeHost();
    void runPresence(host, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_INTERVAL_MS);
    expect(sent()).toEqual(['online']);
  });
});

describe('ActivityTracker (every tab)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('notes touch, keys and pointer input, and reports coming back after 2 minutes without input', () => {
    const onResume = vi.fn();
    const tracker = new ActivityTracker(onResume);
    tracker.start();
    const opened = Date.now();
    vi.advanceTimersByTime(60_000);
    window.dispatchEvent(new Event('touchstart'));
    expect(tracker.lastActive).toBe(opened + 60_000);
    expect(onResume).not.toHaveBeenCalled();

    vi.advanceTimersByTime(AWAY_AFTER_MS);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(onResume).toHaveBeenCalledTimes(1);

    // Debounced: a burst of input is noted once per 2 s.
    vi.advanceTimersByTime(500);
    window.dispatchEvent(new Event('pointermove'));
    expect(tracker.lastActive).toBe(opened + 60_000 + AWAY_AFTER_MS);
    tracker.stop();
    vi.advanceTimersByTime(AWAY_AFTER_MS * 2);
    window.dispatchEvent(new Event('pointerdown'));
    expect(onResume).toHaveBeenCalledTimes(1);
  });
});
