import { describe, expect, it } from 'vitest';
import { APP_PATHS, FIVE_REPORTED, hostileReturnTos } from '../../src/lib/return-to-corpus.js';
import { safeReturnTo } from './return-to.js';
import { backAtApp, CookieClient, passNextcloudLogin } from '../testing/browserless-login.js';
import { PASSWORD } from '../testing/school.js';
import { schoolForBlock } from '../testing/school-hooks.js';

const origin = 'https://klassenraum.schule.de';
const GATEWAY_PATH = /^\/(auth|api|ocs|remote\.php|index\.php|login)(\/|$)/i;

/** Where the browser ends up when the gateway answers `Location: location` on the app's origin. */
function landing(location: string, appOrigin: string): URL {
  return new URL(location, appOrigin);
}

function expectOnTheApp(location: string, appOrigin: string): void {
  const url = landing(location, appOrigin);
  expect(url.origin, `${JSON.stringify(location)} left the app`).toBe(appOrigin);
  expect(decodeURIComponent(url.pathname)).not.toMatch(GATEWAY_PATH);
}

describe('safeReturnTo', () => {
  it.each(APP_PATHS)('keeps the app path %s', (input) => {
    expect(safeReturnTo(input, origin)).toBe(input);
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

  it.each(FIVE_REPORTED)('never hands on a value that normalises to another host: %s', (input) => {
    // As the attacker's link arrives: the value is read from the query string (decoded once).
    const fromQuery = new URL(`/auth/login?returnTo=${input}`, origin).searchParams.get('returnTo');
    expectOnTheApp(safeReturnTo(fromQuery, origin), origin);
    expectOnTheApp(safeReturnTo(input, origin), origin);
  });

  it('keeps every one of at least 500 generated hostile values on the app (raw and from a query string)', () => {
    const corpus = hostileReturnTos();
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    for (const value of corpus) {
      const fromQuery = new URL(`/auth/login?returnTo=${value}`, origin).searchParams.get('returnTo');
      for (const input of [value, fromQuery, encodeURIComponent(value)]) {
        const location = safeReturnTo(input, origin);
        expectOnTheApp(location, origin);
        // What the gateway hands on is final: checking it again changes nothing.
        expect(safeReturnTo(location, origin)).toBe(location);
      }
    }
  });
});

describe('after a real login through the gateway', () => {
  const world = schoolForBlock();

  /** The attacker's link `/auth/login?returnTo=<value>` (as a browser parses it), Nextcloud's login, and
   * the gateway's final Location. */
  async function loginVia(value: string): Promise<string> {
    const client = new CookieClient();
    const start = await client.request(`${world.appUrl}/auth/login?returnTo=${value}`);
    // Nextcloud's pages are relayed on the app's origin (ADR 0009): the flow ends at the gateway's /auth/ routes.
    const loginPage = new URL(start.headers.get('location') ?? '', world.appUrl).href;
    const back = await passNextcloudLogin(client, loginPage, 's7a1', PASSWORD, backAtApp(world.appUrl));
    const callback = await client.request(back ?? '');
    expect(callback.status).toBe(303);
    return callback.headers.get('location') ?? '';
  }

  it.each(FIVE_REPORTED)('ends on the app for %s', async (value) => {
    expectOnTheApp(await loginVia(value), world.appUrl);
  });

  it('ends on the app for a sample of the generated corpus, and still returns to real app paths', async () => {
    const corpus = hostileReturnTos();
    const sample = corpus.filter((_, i) => i % 25 === 0);
    for (const value of sample) expectOnTheApp(await loginVia(value), world.appUrl);
    expect(await loginVia(encodeURIComponent('/klassen/7a?ansicht=dateien'))).toBe('/klassen/7a?ansicht=dateien');
  });
});
