import { describe, expect, it } from 'vitest';
import { applySetCookies, cookieHeader } from './cookie-jar.js';

describe('Nextcloud cookie jar', () => {
  it('stores, replaces and deletes cookies as Set-Cookie says', () => {
    const first = applySetCookies({}, ['oc_sessionPassphrase=abc; path=/; HttpOnly', 'ocabc=s1; path=/; secure']);
    expect(first).toEqual({ oc_sessionPassphrase: 'abc', ocabc: 's1' });
    const second = applySetCookies(first ?? {}, ['ocabc=s2; path=/', 'oc_sessionPassphrase=deleted; expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(second).toEqual({ ocabc: 's2' });
    expect(cookieHeader(second ?? {})).toBe('ocabc=s2');
  });
  it('reports no change when nothing changed, so the session is not rewritten', () => {
    expect(applySetCookies({ a: '1' }, ['a=1; path=/'])).toBeNull();
    expect(applySetCookies({ a: '1' }, undefined)).toBeNull();
  });
  it('honours Max-Age=0', () => {
    expect(applySetCookies({ a: '1', b: '2' }, ['a=1; Max-Age=0'])).toEqual({ b: '2' });
  });
});
