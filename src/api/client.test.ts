import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createFakeGateway, emptyResponse, jsonResponse } from '../testing/fake-gateway';
import { ApiError } from './api-error';
import { logout } from './auth/session';
import { requestJson, send } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('send', () => {
  it('always sends the CSRF header, JSON accept and same-origin credentials, and forwards the signal', async () => {
    const gateway = createFakeGateway({ 'POST /auth/logout': emptyResponse(204) });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    const controller = new AbortController();
    await logout({}, { signal: controller.signal });
    const [request] = gateway.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('X-Requested-With')).toBe('klassenraum');
    expect(request?.headers.get('Accept')).toBe('application/json');
    expect(request?.credentials).toBe('same-origin');
    expect(request?.signal).toBe(controller.signal);
  });

  it('turns a failed fetch into a network ApiError without status', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const error: unknown = await send('/auth/session').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'network', status: null, messageKey: 'errors.network' });
  });

  it('lets an abort by the caller through unchanged (not an error to show)', async () => {
    const controller = new AbortController();
    const abort = new DOMException('aborted', 'AbortError');
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(abort)));
    controller.abort();
    await expect(send('/auth/session', { signal: controller.signal })).rejects.toBe(abort);
  });
});

describe('requestJson', () => {
  it('maps error statuses and validates bodies', async () => {
    const gateway = createFakeGateway({
      'GET /a': jsonResponse(403, { message: 'Permission denied' }),
      'GET /b': jsonResponse(200, { wrong: true }),
      'GET /c': jsonResponse(200, { ok: true }),
    });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    const schema = z.object({ ok: z.boolean() });
    await expect(requestJson('/a', schema)).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
    await expect(requestJson('/b', schema)).rejects.toMatchObject({ kind: 'unknown', status: 200 });
    await expect(requestJson('/c', schema)).resolves.toEqual({ ok: true });
  });
});
