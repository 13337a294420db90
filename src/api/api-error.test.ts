import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFromResponse, apiErrorKinds, errorMessageKey, kindForStatus, parseRetryAfter } from './api-error';

function response(status: number, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers) };
}

describe('kindForStatus', () => {
  it.each([
    [400, 'bad-request'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [405, 'bad-request'],
    [409, 'conflict'],
    [410, 'not-found'],
    [412, 'precondition-failed'],
    [422, 'bad-request'],
    [423, 'locked'],
    [429, 'rate-limited'],
    [500, 'unknown'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'unavailable'],
    [507, 'insufficient-storage'],
  ] as const)('HTTP %i is %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-11-23T10:00:00Z');

  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Sun, 23 Nov 2025 10:00:30 GMT', now)).toBe(30_000);
  });

  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Sun, 23 Nov 2025 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing and malformed values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('apiErrorFromResponse', () => {
  it("signs the user out only on the gateway's own 401; Nextcloud's relayed 401 (a permission answer) is forbidden", () => {
    expect(apiErrorFromResponse(response(401), { error: 'unauthenticated' }).kind).toBe('unauthenticated');
    const ocs997 = { ocs: { meta: { status: 'failure', statuscode: 997, message: 'Logged in account must be a sub admin' }, data: [] } };
    const forbidden = apiErrorFromResponse(response(401), ocs997);
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.ocsStatusCode).toBe(997);
    expect(apiErrorFromResponse(response(401), '<d:error><s:message>No public access</s:message></d:error>').kind).toBe('forbidden');
  });

  it('carries status, kind, message key and Retry-After for 429', () => {
    const error = apiErrorFromResponse(response(429, { 'Retry-After': '7' }), { error: 'rate_limited' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.messageKey).toBe('errors.rate-limited');
  });

  it('maps 503 with an HTTP-date Retry-After to unavailable with a wait', () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const error = apiErrorFromResponse(response(503, { 'Retry-After': inOneMinute }), null);
    expect(error.kind).toBe('unavailable');
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('maps WebDAV XML errors (423 locked, 507) and keeps the server message', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n' +
      '  <s:exception>Sabre\\DAV\\Exception\\Locked</s:exception>\n  <s:message>"a.txt" is locked</s:message>\n</d:error>\n';
    const locked = apiErrorFromResponse(response(423), xml);
    expect(locked.kind).toBe('locked');
    expect(locked.serverMessage).toBe('"a.txt" is locked');
    expect(apiErrorFromResponse(response(507), xml).kind).toBe('insufficient-storage');
  });

  it('uses the OCS statuscode when the HTTP status says success (OCS v1)', () => {
    const body = { ocs: { meta: { status: 'failure', statuscode: 403, message: '' }, data: [] } };
    expect(apiErrorFromResponse(response(200), body).kind).toBe('forbidden');
  });

  it('has a message key for every kind', () => {
    for (const kind of apiErrorKinds) {
      expect(new ApiError({ kind, status: null }).messageKey).toBe(`errors.${kind}`);
    }
  });
});

describe('errorMessageKey', () => {
  it('explains an ApiError by its kind and anything else as unknown', () => {
    expect(errorMessageKey(new ApiError({ kind: 'unavailable', status: 503 }))).toBe('errors.unavailable');
    expect(errorMessageKey(new TypeError('boom'))).toBe('errors.unknown');
    expect(errorMessageKey(null)).toBe('errors.unknown');
  });
});
