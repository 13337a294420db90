import { describe, expect, it } from 'vitest';
import { newSessionId, parseCookies, sessionCookie, SESSION_COOKIE } from './session-cookie.js';

describe('session cookie', () => {
  it('is a __Host- cookie: Secure, HttpOnly, Path=/, no Domain, SameSite=Lax', () => {
    const c = sessionCookie('id', { embedded: false, maxAgeSeconds: 60 });
    expect(c.startsWith(`${SESSION_COOKIE}=id;`)).toBe(true);
    expect(SESSION_COOKIE.startsWith('__Host-')).toBe(true);
    expect(c).toContain('; Secure');
    expect(c).toContain('; HttpOnly');
    expect(c).toContain('; Path=/');
    expect(c).toContain('; SameSite=Lax');
    expect(c).not.toMatch(/domain=/i);
    expect(c).not.toContain('Partitioned');
  });
  it('in embed mode is SameSite=None and Partitioned (CHIPS)', () => {
    const c = sessionCookie('id', { embedded: true, maxAgeSeconds: 60 });
    expect(c).toContain('; SameSite=None');
    expect(c).toContain('; Partitioned');
    expect(c).toContain('; Secure');
  });
  it('ids are 256-bit and distinct', () => {
    const a = newSessionId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSessionId()).not.toBe(a);
  });
  it('reads the first occurrence of a cookie', () => {
    expect(parseCookies('a=1; b=2; a=3').get('a')).toBe('1');
  });
});
