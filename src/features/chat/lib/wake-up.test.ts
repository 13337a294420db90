import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pause, pauseUntil } from './wake-up';

describe('pauseUntil', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends with the value it is woken with, before the time is up', async () => {
    let wake: ((value: string) => void) | undefined;
    const pending = pauseUntil(new AbortController().signal, 60_000, 'timeout', (w) => (wake = w));
    wake?.('woken');
    expect(await pending).toBe('woken');
  });

  it('ends with the fallback when the time is up or the signal aborts', async () => {
    const timed = pauseUntil(new AbortController().signal, 1000, 'timeout');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await timed).toBe('timeout');
    const controller = new AbortController();
    const aborted = pauseUntil(controller.signal, null, 'stopped');
    controller.abort();
    expect(await aborted).toBe('stopped');
  });

  it('without a timeout waits for the wake-up alone', async () => {
    let wake: (() => void) | undefined;
    let done = false;
    const pending = pause(new AbortController().signal, null, (w) => (wake = w)).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(done).toBe(false);
    wake?.();
    await pending;
    expect(done).toBe(true);
  });
});
