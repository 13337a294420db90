import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiErrorKind } from '../api/api-error';
import { createAppQueryClient, retryDelay, shouldRetryMutation, shouldRetryQuery } from './query-client';

const error = (kind: ApiErrorKind, retryAfterMs: number | null = null, status: number | null = 500) =>
  new ApiError({ kind, status, retryAfterMs });

describe('retry policy', () => {
  it('retries network, unavailable and rate-limited failures a few times', () => {
    for (const kind of ['network', 'unavailable', 'rate-limited'] as const) {
      expect(shouldRetryQuery(0, error(kind))).toBe(true);
      expect(shouldRetryQuery(2, error(kind))).toBe(true);
      expect(shouldRetryQuery(3, error(kind))).toBe(false);
    }
  });

  it('never retries client errors or unknown failures', () => {
    for (const kind of ['unauthenticated', 'forbidden', 'not-found', 'conflict', 'precondition-failed', 'locked', 'bad-request', 'unknown'] as const) {
      expect(shouldRetryQuery(0, error(kind, null, 400))).toBe(false);
    }
    expect(shouldRetryQuery(0, new Error('bug'))).toBe(false);
  });

  it('does not retry when the server asks for a long wait', () => {
    expect(shouldRetryQuery(0, error('rate-limited', 5 * 60_000))).toBe(false);
  });

  it('waits as long as Retry-After says (plus at most a second), else backs off exponentially with jitter', () => {
    expect(retryDelay(0, error('rate-limited', 4000), () => 0)).toBe(4000);
    expect(retryDelay(0, error('rate-limited', 4000), () => 1)).toBe(5000);
    expect(retryDelay(0, error('network'), () => 1)).toBe(2000);
    expect(retryDelay(0, error('network'), () => 0)).toBe(1000);
    expect(retryDelay(2, error('network'), () => 1)).toBe(8000);
    expect(retryDelay(2, error('network'), () => 0.5)).toBe(4000);
    expect(retryDelay(10, error('network'), () => 1)).toBe(30_000);
  });

  it('retries mutations only on 429', () => {
    expect(shouldRetryMutation(0, error('rate-limited'))).toBe(true);
    expect(shouldRetryMutation(0, error('network'))).toBe(false);
    expect(shouldRetryMutation(0, error('unavailable'))).toBe(false);
  });
});

describe('global unauthenticated handler', () => {
  it('fires for failing queries and mutations with unauthenticated, not for others', async () => {
    const onUnauthenticated = vi.fn();
    const client = createAppQueryClient({ onUnauthenticated });
    await client.query({ queryKey: ['a'], queryFn: () => Promise.reject(error('forbidden', null, 403)) }).catch(() => undefined);
    expect(onUnauthenticated).not.toHaveBeenCalled();
    await client.query({ queryKey: ['b'], queryFn: () => Promise.reject(error('unauthenticated', null, 401)) }).catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    await client
      .getMutationCache()
      .build(client, { mutationFn: () => Promise.reject(error('unauthenticated', null, 401)) })
      .execute(undefined)
      .catch(() => undefined);
    expect(onUnauthenticated).toHaveBeenCalledTimes(2);
  });
});
