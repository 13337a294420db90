import { describe, expect, it } from 'vitest';
import { gatewayLoginUrl, isSafeReturnTo, loginPath, safeReturnTo } from './return-to';

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

describe('login URLs', () => {
  it('encodes the return path for the app login screen', () => {
    expect(loginPath('/klassen/7a?tab=chat')).toBe('/login?returnTo=%2Fklassen%2F7a%3Ftab%3Dchat');
  });

  it('builds the gateway OAuth2 login URL and never passes an unsafe target', () => {
    expect(gatewayLoginUrl('/klassen/7a?tab=chat')).toBe('/auth/login?returnTo=%2Fklassen%2F7a%3Ftab%3Dchat');
    expect(gatewayLoginUrl('//evil.com')).toBe('/auth/login?returnTo=%2F');
  });
});
