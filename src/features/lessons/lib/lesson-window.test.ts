import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error';
import { waitForLesson, type Visibility } from './lesson-window';

function fakeVisibility(initially: boolean) {
  let visible = initially;
  const listeners = new Set<() => void>();
  const visibility: Visibility = {
    visible: () => visible,
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    visibility,
    set(v: boolean) {
      visible = v;
      for (const l of [...listeners]) l();
    },
  };
}

/** Talk's answers in turn (true = the call runs); records when each question was asked. */
function talk(answers: (boolean | Error)[]) {
  const askedAt: number[] = [];
  const start = Date.now();
  const callRuns = () => {
    askedAt.push(Date.now() - start);
    const a = answers.shift() ?? false;
    return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
  };
  return { askedAt, callRuns };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('waitForLesson', () => {
  it('asks at once and then every poll interval until the teacher opened the lesson', async () => {
    const { askedAt, callRuns } = talk([false, false, true]);
    let open = false;
    void waitForLesson(callRuns, { signal: new AbortController().signal, pollMs: () => 15_000, visibility: fakeVisibility(true).visibility }).then(() => {
      open = true;
    });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(open).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toBe(true);
    expect(askedAt).toEqual([0, 15_000, 30_000]);
  });

  it('asks nothing while the tab is hidden, and asks as soon as it is shown again', async () => {
    const { askedAt, callRuns } = talk([false, true]);
    const page = fakeVisibility(true);
    let open = false;
    void waitForLesson(callRuns, { signal: new AbortController().signal, pollMs: () => 15_000, visibility: page.visibility }).then(() => {
      open = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    page.set(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(askedAt).toEqual([0]);
    page.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(askedAt).toEqual([0, 601_000]);
    expect(open).toBe(true);
  });

  it('honours a busy server: after 503 with Retry-After: 60 the next question comes a minute later', async () => {
    const { askedAt, callRuns } = talk([new ApiError({ kind: 'unavailable', status: 503, retryAfterMs: 60_000 }), true]);
    await Promise.all([
      waitForLesson(callRuns, { signal: new AbortController().signal, pollMs: () => 15_000, visibility: fakeVisibility(true).visibility, random: () => 0 }),
      vi.advanceTimersByTimeAsync(60_000),
    ]);
    expect(askedAt).toEqual([0, 60_000]);
  });

  it('stops asking when the student cancels', async () => {
    const { askedAt, callRuns } = talk([false, false, false]);
    const controller = new AbortController();
    const waiting = waitForLesson(callRuns, { signal: controller.signal, pollMs: () => 15_000, visibility: fakeVisibility(true).visibility });
    const outcome = waiting.then(
      () => 'open',
      () => 'cancelled',
    );
    await vi.advanceTimersByTimeAsync(5000);
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toBe('cancelled');
    expect(askedAt).toEqual([0]);
  });
});
