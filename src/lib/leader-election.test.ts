import { describe, expect, it } from 'vitest';
import { electLeader, type LockRequester } from './leader-election';

/** An in-memory Web Locks: exclusive, FIFO queue, abortable while waiting, released when the callback settles. */
class FakeLocks implements LockRequester {
  private held = new Set<string>();
  private queues = new Map<string, { grant: () => void; signal?: AbortSignal | undefined }[]>();

  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.held.add(name);
        callback({ name }).then(
          (value) => {
            this.release(name);
            resolve(value);
          },
          (error: unknown) => {
            this.release(name);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      };
      if (!this.held.has(name)) {
        grant();
        return;
      }
      const queue = this.queues.get(name) ?? [];
      const entry = { grant, signal: options.signal };
      queue.push(entry);
      this.queues.set(name, queue);
      options.signal?.addEventListener('abort', () => {
        const q = this.queues.get(name) ?? [];
        this.queues.set(name, q.filter((e) => e !== entry));
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }

  private release(name: string) {
    this.held.delete(name);
    const next = this.queues.get(name)?.shift();
    next?.grant();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('electLeader', () => {
  it('makes exactly one of three tabs the leader', async () => {
    const locks = new FakeLocks();
    const tabs = [1, 2, 3].map(() => electLeader('chat', () => undefined, locks));
    await flush();
    expect(tabs.filter((t) => t.isLeader())).toHaveLength(1);
    expect(tabs[0]?.isLeader()).toBe(true);
  });

  it('hands over to a waiting tab when the leader tab goes away', async () => {
    const locks = new FakeLocks();
    const events: string[] = [];
    const first = electLeader('chat', (l) => events.push(`first:${String(l)}`), locks);
    const second = electLeader('chat', (l) => events.push(`second:${String(l)}`), locks);
    const third = electLeader('chat', (l) => events.push(`third:${String(l)}`), locks);
    await flush();
    first.stop();
    await flush();
    expect(second.isLeader()).toBe(true);
    expect(third.isLeader()).toBe(false);
    expect(events).toEqual(['first:true', 'first:false', 'second:true']);
  });

  it('a follower that leaves never leads and does not disturb the leader', async () => {
    const locks = new FakeLocks();
    const leader = electLeader('chat', () => undefined, locks);
    const events: boolean[] = [];
    const follower = electLeader('chat', (l) => events.push(l), locks);
    await flush();
    follower.stop();
    leader.stop();
    await flush();
    expect(events).toEqual([]);
  });

  it('elections with different names are independent (one per user)', async () => {
    const locks = new FakeLocks();
    const a = electLeader('chat:schmidt', () => undefined, locks);
    const b = electLeader('chat:s7a1', () => undefined, locks);
    await flush();
    expect(a.isLeader() && b.isLeader()).toBe(true);
  });

  it('leads alone when the browser refuses the lock (storage blocked), instead of leaving the tab without a leader', async () => {
    const refusing: LockRequester = { request: () => Promise.reject(new DOMException('storage blocked', 'SecurityError')) };
    const events: boolean[] = [];
    const tab = electLeader('chat', (l) => events.push(l), refusing);
    await flush();
    expect(tab.isLeader()).toBe(true);
    tab.stop();
    expect(events).toEqual([true, false]);
  });

  it('without Web Locks every tab leads', async () => {
    const tab = electLeader('chat', () => undefined, null);
    await flush();
    expect(tab.isLeader()).toBe(true);
  });
});
