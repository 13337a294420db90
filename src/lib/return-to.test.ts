import { describe, expect, it } from 'vitest';
import { gatewayLoginUrl, isSafeReturnTo, loginPath, normaliseReturnTo, safeReturnTo } from './return-to';
import { FIVE_REPORTED, hostileReturnTos } from './return-to-corpus';

const APP = 'https://klassenraum.schule.de';

describe('returnTo validation', () => {
  it.each(['/', '/klassen/7a', '/klassen/7a?tab=dateien&ordner=%2FArbeitsbl%C3%A4tter', '/a#b'])('accepts %s', (path) => {
    expect(isSafeReturnTo(path)).toBe(true);
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    '//evil.com',
    '//evil.com/klassen',
    '/\\evil',
    '/\\/evil.com',
    '/klassen\\..\\x',
    'https://evil',
    'http://localhost/klassen',
    'javascript:alert(1)',
    'evil.com',
    '',
    '/klassen\n/x',
    '/login?returnTo=%2F',
    '/auth/login',
    '/ocs/v2.php/cloud/user',
  ])('rejects %j and falls back to /', (path) => {
    expect(isSafeReturnTo(path)).toBe(false);
    expect(safeReturnTo(path)).toBe('/');
  });

  it('rejects non-strings and overly long paths', () => {
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(`/${'a'.repeat(3000)}`)).toBe('/');
  });
});

describe('the normalised value is the one decided on', () => {
  it.each(FIVE_REPORTED)('does not pass on %s, which a browser resolves to another host', (value) => {
    const fromQuery = new URL(`/login?returnTo=${value}`, APP).searchParams.get('returnTo');
    expect(new URL(safeReturnTo(fromQuery), APP).origin).toBe(APP);
    expect(isSafeReturnTo(fromQuery)).toBe(false);
  });

  it('keeps all of at least 500 generated hostile values on the app, and hands on only final values', () => {
    const corpus = hostileReturnTos();
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    for (const value of corpus) {
      const fromQuery = new URL(`/login?returnTo=${value}`, APP).searchParams.get('returnTo');
      for (const input of [value, fromQuery]) {
        const path = normaliseReturnTo(input);
        const landed = new URL(path, APP);
        expect(landed.origin, JSON.stringify(input)).toBe(APP);
        expect(decodeURIComponent(landed.pathname)).not.toMatch(/^\/(auth|api|ocs|remote\.php|index\.php|login)(\/|$)/i);
        expect(normaliseReturnTo(path)).toBe(path);
      }
    }
  });

  it('returns dot segments resolved, as the browser would request the path', () => {
    expect(normaliseReturnTo('/klassen/./7a/../7b?x=1')).toBe('/klassen/7b?x=1');
    expect(isSafeReturnTo('/klassen/./7a')).toBe(false);
  });
});

describe('login URLs', () => {
  it('encodes the return path for the app login screen', () => {
    expect(loginPath('/klassen/7a?tab=chat')).toBe('/login?returnTo=%2Fklassen%2F7a%3Ftab%3Dchat');
  });

  it('builds the gateway OAuth2 login URL and never passes an unsafe target', () => {
    expect(gatewayLoginUrl('/klassen/7a?tab=chat')).toBe('/auth/login?returnTo=%2Fklassen%2F7a%3Ftab%3Dchat');
    expect(gatewayLoginUrl('//evil.com')).toBe('/auth/login?returnTo=%2F');
  });
});
