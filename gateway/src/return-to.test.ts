import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

const origin = 'https://klassenraum.schule.de';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/klassen/7a?tab=files#top', '/klassen/7a?tab=files#top'],
    ['/suche?q=%C3%BC', '/suche?q=%C3%BC'],
  ])('keeps the app path %s', (input, expected) => {
    expect(safeReturnTo(input, origin)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/%0d%0aLocation:%20x',
    '/a\nb',
    '/auth/logout',
    '/ocs/v2.php/cloud/user',
    '',
    undefined,
    'x'.repeat(3000),
  ])('falls back to / for %s', (input) => {
    expect(safeReturnTo(input, origin)).toBe('/');
  });
});
