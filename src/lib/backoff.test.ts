import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { backoffDelayMs, isServerBusy, sleep } from './backoff';

const busy = (retryAfterMs: number | null) => new ApiError({ kind: 'unavailable', status: 503, retryAfterMs });

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, with jitter inside the window', () => {
    const max = () => 0.999999;
    expect(backoffDelayMs(1, busy(null), { random: max })).toBe(1000);
    expect(backoffDelayMs(2, busy(null), { random: max })).toBe(2000);
    expect(backoffDelayMs(4, busy(null), { random: max })).toBe(8000);
    expect(backoffDelayMs(20, busy(null), { random: max })).toBe(60_000);
  });

  it('never waits less than half the base delay, even with unlucky jitter', () => {
    expect(backoffDelayMs(3, busy(null), { random: () => 0 })).toBe(500);
  });

  it('spreads clients: different random draws give different delays', () => {
    const a = backoffDelayMs(5, busy(null), { random: () => 0.2 });
    const b = backoffDelayMs(5, busy(null), { random: () => 0.8 });
    expect(b).toBeGreaterThan(a);
  });

  it('honours Retry-After (plus at most a second of jitter) instead of the exponential delay', () => {
    expect(backoffDelayMs(1, busy(30_000), { random: () => 0 })).toBe(30_000);
    const withJitter = backoffDelayMs(1, busy(30_000), { random: () => 0.5 });
    expect(withJitter).toBeGreaterThan(30_000);
    expect(withJitter).toBeLessThanOrEqual(31_000);
  });

  it('caps an absurd Retry-After', () => {
    expect(backoffDelayMs(1, busy(86_400_000), { random: () => 0, maxRetryAfterMs: 120_000 })).toBe(120_000);
  });
});

describe('isServerBusy', () => {
  it('is true for 429 and 503, false for a network failure or a 400', () => {
    expect(isServerBusy(new ApiError({ kind: 'rate-limited', status: 429 }))).toBe(true);
    expect(isServerBusy(busy(null))).toBe(true);
    expect(isServerBusy(new ApiError({ kind: 'network', status: null }))).toBe(false);
    expect(isServerBusy(new ApiError({ kind: 'bad-request', status: 400 }))).toBe(false);
  });
});

describe('sleep', () => {
  it('rejects when aborted', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
