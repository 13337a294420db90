/**
 * Test doubles for several tabs of one browser inside one test document: a BroadcastChannel whose instances of
 * one name deliver to each other (a structured clone, asynchronously, as the browser does) and a Web Locks
 * stand-in with one exclusive lock and a FIFO queue. Stub the channel with `vi.stubGlobal('BroadcastChannel',
 * FakeChannel)` and close `FakeChannel.open` after each test.
 */
import type { LockRequester } from '../leader-election';

export class FakeChannel {
  static open = new Set<FakeChannel>();
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.open.add(this);
  }
  postMessage(data: unknown): void {
    const copy: unknown = structuredClone(data);
    for (const other of FakeChannel.open) {
      if (other !== this && other.name === this.name) queueMicrotask(() => other.onmessage?.({ data: copy } as MessageEvent));
    }
  }
  close(): void {
    FakeChannel.open.delete(this);
  }
}

/** Exclusive lock, FIFO queue, released when the holder's callback settles or the waiter aborts. */
export function fakeLocks(): LockRequester {
  let held = false;
  const queue: (() => void)[] = [];
  const release = () => {
    held = false;
    queue.shift()?.();
  };
  return {
    request(_name, options, callback) {
      return new Promise((resolve, reject) => {
        const grant = () => {
          held = true;
          void callback(null).then(resolve, reject).finally(release);
        };
        if (!held) {
          grant();
          return;
        }
        queue.push(grant);
        options.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(grant), 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
  };
}
