import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error';
import { retryDelayMs, withRetry } from './retry';

const network = () => new ApiError({ kind: 'network', status: null });
const tokenRefreshed = () => new ApiError({ kind: 'unavailable', status: 503, retryAfterMs: 0, serverMessage: 'token_refreshed' });

describe('retry delays', () => {
  it('honours Retry-After with at most a second of jitter, and 0 for a refreshed token means at once', () => {
    expect(retryDelayMs(3, tokenRefreshed())).toBe(0);
    expect(retryDelayMs(1, new ApiError({ kind: 'unavailable', status: 502, retryAfterMs: 5000 }), () => 0)).toBe(5000);
    expect(retryDelayMs(1, new ApiError({ kind: 'unavailable', status: 502, retryAfterMs: 5000 }), () => 1)).toBe(6000);
  });

  it('backs off exponentially with full jitter below the ceiling, never under half the base, capped', () => {
    expect(retryDelayMs(1, network(), () => 0)).toBe(500);
    expect(retryDelayMs(1, network(), () => 1)).toBe(1000);
    expect(retryDelayMs(3, network(), () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, network(), () => 1)).toBe(4000);
    expect(retryDelayMs(20, network(), () => 1)).toBe(15_000);
  });
});

describe('withRetry', () => {
  it('repeats transient failures and returns the eventual result', async () => {
    const task = vi.fn<() => Promise<string>>().mockRejectedValueOnce(network()).mockRejectedValueOnce(tokenRefreshed()).mockResolvedValue('ok');
    const waits: number[] = [];
    const result = await withRetry(task, { random: () => 0, wait: (ms) => { waits.push(ms); return Promise.resolve(); } });
    expect(result).toBe('ok');
    expect(task).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([500, 0]);
  });

  it('never repeats what the server refused', async () => {
    const quota = new ApiError({ kind: 'insufficient-storage', status: 507 });
    const task = vi.fn<() => Promise<string>>().mockRejectedValue(quota);
    await expect(withRetry(task, { wait: () => Promise.resolve() })).rejects.toBe(quota);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts', async () => {
    const task = vi.fn<() => Promise<string>>().mockRejectedValue(network());
    await expect(withRetry(task, { maxAttempts: 3, wait: () => Promise.resolve() })).rejects.toBeInstanceOf(ApiError);
    expect(task).toHaveBeenCalledTimes(3);
  });
});
