import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTabInterval, crossTabRole, SHARED_ACROSS_TABS, shareQueriesAcrossTabs } from './cross-tab-queries';
import { FakeChannel, fakeLocks } from './testing/fake-tabs';

/** One tab per test (the role is per JavaScript realm, as in a browser tab); the other tabs are a bare channel. */
function members(version: number) {
  return [{ id: 's7a1', status: version % 2 === 0 ? 'online' : 'away' }];
}

describe('queries shared across tabs', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const channel of [...FakeChannel.open]) channel.close();
    vi.useRealTimers();
  });

  it('the leader tab refreshes every minute and the other tab takes its result without fetching', async () => {
    const leaderClient = new QueryClient();
    const followerChannel = new FakeChannel('klassenraum-queries:s7a1');
    const stop = shareQueriesAcrossTabs(leaderClient, 's7a1', { locks: fakeLocks(), channel: new FakeChannel('klassenraum-queries:s7a1') });
    await vi.advanceTimersByTimeAsync(1);
    expect(crossTabRole()).toBe('leader');

    let version = 0;
    const queryFn = vi.fn(() => Promise.resolve(members(++version)));
    const observer = new QueryObserver(leaderClient, { queryKey: ['teams', 'members', 'k7a'], queryFn, refetchInterval: crossTabInterval(60_000), meta: SHARED_ACROSS_TABS });
    const unsubscribe = observer.subscribe(() => undefined);
    const seen: unknown[] = [];
    followerChannel.onmessage = (event) => seen.push(event.data);

    await vi.advanceTimersByTimeAsync(3 * 60_000 + 10);
    // The first load and three refreshes, each sent to the other tabs.
    expect(queryFn).toHaveBeenCalledTimes(4);
    expect(seen).toHaveLength(4);
    expect(seen.at(-1)).toMatchObject({ key: ['teams', 'members', 'k7a'], data: members(4) });
    unsubscribe();
    stop();
  });

  it('a follower takes arriving results, so its own (three times longer) timer never fires while the leader refreshes', async () => {
    const locks = fakeLocks();
    // Another tab holds the lock: this one follows.
    void locks.request('klassenraum:s7a1:refresh-leader', {}, () => new Promise(() => undefined));
    const leaderChannel = new FakeChannel('klassenraum-queries:s7a1');
    const client = new QueryClient();
    const stop = shareQueriesAcrossTabs(client, 's7a1', { locks, channel: new FakeChannel('klassenraum-queries:s7a1') });
    await vi.advanceTimersByTimeAsync(1);
    expect(crossTabRole()).toBe('follower');

    const queryFn = vi.fn(() => Promise.resolve(members(0)));
    const observer = new QueryObserver(client, { queryKey: ['teams', 'members', 'k7a'], queryFn, refetchInterval: crossTabInterval(60_000), meta: SHARED_ACROSS_TABS });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    expect(queryFn).toHaveBeenCalledTimes(1); // opening the screen loads it

    // The leader sends a fresh result every minute for ten minutes.
    for (let minute = 1; minute <= 10; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      leaderChannel.postMessage({ key: ['teams', 'members', 'k7a'], data: members(minute), at: Date.now() });
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(queryFn).toHaveBeenCalledTimes(1);
    expect(observer.getCurrentResult().data).toEqual(members(10));

    // The leader stops sending (it does not show this class): the follower refreshes itself after three minutes.
    await vi.advanceTimersByTimeAsync(3 * 60_000 + 10);
    expect(queryFn).toHaveBeenCalledTimes(2);
    unsubscribe();
    stop();
  });

  it('ignores results for queries this tab does not hold, older results, and never sends unshared queries', async () => {
    const other = new FakeChannel('klassenraum-queries:s7a1');
    const client = new QueryClient();
    const stop = shareQueriesAcrossTabs(client, 's7a1', { locks: fakeLocks(), channel: new FakeChannel('klassenraum-queries:s7a1') });
    const sent: unknown[] = [];
    other.onmessage = (event) => sent.push(event.data);

    await client.query({ queryKey: ['private'], queryFn: () => Promise.resolve('mine') });
    await client.query({ queryKey: ['shared'], queryFn: () => Promise.resolve('fresh'), meta: SHARED_ACROSS_TABS });
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([expect.objectContaining({ key: ['shared'], data: 'fresh' })]);

    other.postMessage({ key: ['shared'], data: 'older', at: Date.now() - 5_000 });
    other.postMessage({ key: ['unknown'], data: 'x', at: Date.now() + 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect(client.getQueryData(['shared'])).toBe('fresh');
    expect(client.getQueryCache().find({ queryKey: ['unknown'] })).toBeUndefined();
    // Taking another tab's result is not sent back (no echo between tabs).
    other.postMessage({ key: ['shared'], data: 'newer', at: Date.now() + 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect(client.getQueryData(['shared'])).toBe('newer');
    expect(sent).toHaveLength(1);
    stop();
  });

  it('without sharing every tab refreshes on the normal interval', () => {
    expect(crossTabRole()).toBe('solo');
    expect(crossTabInterval(60_000)()).toBe(60_000);
  });
});
