import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error';
import { CallTransportError } from '../transport/call-transport';
import { admitPaced, isOverloaded, STUDENT_ADMISSION, type AdmissionPhase } from './paced-admission';

/** A seeded generator, so the spread of 30 clients is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('admitPaced', () => {
  it('spreads 30 students who press join in the same second over several seconds', async () => {
    const random = seeded(7);
    const reachedServerAt: number[] = [];
    const start = Date.now();
    const all = Array.from({ length: 30 }, () =>
      admitPaced(
        () => {
          reachedServerAt.push(Date.now() - start);
          return Promise.resolve('in');
        },
        { ...STUDENT_ADMISSION, random, signal: new AbortController().signal, onPhase: () => undefined },
      ),
    );
    await vi.advanceTimersByTimeAsync(STUDENT_ADMISSION.spreadMs);
    expect(await Promise.all(all)).toHaveLength(30);
    expect(reachedServerAt).toHaveLength(30);
    expect(Math.max(...reachedServerAt) - Math.min(...reachedServerAt)).toBeGreaterThan(3000);
    // No second of the window carries more than a third of the class.
    for (let s = 0; s < 5; s++) expect(reachedServerAt.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length).toBeLessThanOrEqual(10);
  });

  it('shows the queue before the first attempt, then joining', async () => {
    const phases: AdmissionPhase[] = [];
    const joined = admitPaced(() => Promise.resolve('in'), { ...STUDENT_ADMISSION, random: () => 0.5, signal: new AbortController().signal, onPhase: (p) => phases.push(p) });
    expect(phases).toEqual([{ phase: 'queued', reason: 'pacing', attempt: 1, delayMs: 2500 }]);
    await vi.advanceTimersByTimeAsync(2499);
    expect(phases).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await joined).toBe('in');
    expect(phases.at(-1)).toEqual({ phase: 'joining', attempt: 1 });
  });

  it('queues again after a 503 with Retry-After, and never asks before it has passed', async () => {
    const attempts: number[] = [];
    const start = Date.now();
    const joined = admitPaced(
      (n) => {
        attempts.push(Date.now() - start);
        return n === 1 ? Promise.reject(new ApiError({ kind: 'unavailable', status: 503, retryAfterMs: 7000 })) : Promise.resolve('in');
      },
      { ...STUDENT_ADMISSION, spreadMs: 0, random: () => 0, signal: new AbortController().signal, onPhase: () => undefined },
    );
    await vi.advanceTimersByTimeAsync(6999);
    expect(attempts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await joined).toBe('in');
    expect(attempts).toEqual([0, 7000]);
  });

  it('backs off exponentially with jitter on 429 and a failed media connection, then gives up', async () => {
    const attempts: number[] = [];
    const phases: AdmissionPhase[] = [];
    const start = Date.now();
    const errors = [new ApiError({ kind: 'rate-limited', status: 429 }), new CallTransportError('connection-failed')];
    const joined = admitPaced(
      (n) => {
        attempts.push(Date.now() - start);
        return Promise.reject(errors[n % 2] ?? new Error('unreachable'));
      },
      { ...STUDENT_ADMISSION, spreadMs: 0, maxAttempts: 4, random: () => 0.999, signal: new AbortController().signal, onPhase: (p) => phases.push(p) },
    );
    const outcome = joined.then(
      () => 'joined',
      (err: unknown) => err,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toBeInstanceOf(ApiError);
    // Waits of about 2 s, 4 s, 8 s between the four attempts (full jitter at its top here).
    expect(attempts.map((t, i) => t - (attempts[i - 1] ?? 0)).slice(1)).toEqual([1998, 3996, 7992]);
    expect(phases.flatMap((p) => (p.phase === 'queued' ? [p.reason] : []))).toEqual(['busy', 'busy', 'busy']);
  });

  it('does not retry what is not overload (a refused start, a 403)', async () => {
    const attempt = vi.fn(() => Promise.reject(new CallTransportError('cannot-start')));
    const joined = admitPaced(attempt, { ...STUDENT_ADMISSION, spreadMs: 0, random: () => 0, signal: new AbortController().signal, onPhase: () => undefined });
    await expect(joined).rejects.toMatchObject({ code: 'cannot-start' });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('stops at once when the student cancels while queued', async () => {
    const controller = new AbortController();
    const attempt = vi.fn(() => Promise.resolve('in'));
    const joined = admitPaced(attempt, { ...STUDENT_ADMISSION, random: () => 0.9, signal: controller.signal, onPhase: () => undefined });
    const outcome = joined.then(
      () => 'joined',
      () => 'cancelled',
    );
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toBe('cancelled');
    expect(attempt).not.toHaveBeenCalled();
  });
});

describe('isOverloaded', () => {
  it('is true for 429, 503 and a failed media connection; false for a refusal or a network drop', () => {
    expect(isOverloaded(new ApiError({ kind: 'rate-limited', status: 429 }))).toBe(true);
    expect(isOverloaded(new ApiError({ kind: 'unavailable', status: 503 }))).toBe(true);
    expect(isOverloaded(new CallTransportError('connection-failed'))).toBe(true);
    expect(isOverloaded(new ApiError({ kind: 'forbidden', status: 403 }))).toBe(false);
    expect(isOverloaded(new CallTransportError('cannot-start'))).toBe(false);
    // No video backend at all is not a busy one: nothing to queue for.
    expect(isOverloaded(new CallTransportError('not-configured'))).toBe(false);
    expect(isOverloaded(new Error('boom'))).toBe(false);
  });
});
