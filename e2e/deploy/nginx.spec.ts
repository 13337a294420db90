import { chromium, expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { DEMO_PASSWORD } from '../fixtures/school.js';
import { BROWSER_IP, startNginxWorld, type NginxWorld } from './nginx-world.js';

/**
 * The gateway behind Debian's nginx with deploy/nginx/klassenraum.conf: TLS and HTTP/2 at nginx, the app
 * compressed, the session cookie with its flags, and Nextcloud seeing the browser's address, not nginx's.
 */

let world: NginxWorld;
let browser: Browser;
let context: BrowserContext;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  world = await startNginxWorld();
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    // Through the proxy even for loopback ("<-loopback>" lifts Chromium's implicit bypass).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', `--proxy-server=${world.proxyUrl}`, '--proxy-bypass-list=<-loopback>'],
  });
  context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE' });
});

test.afterAll(async () => {
  await context.close();
  await browser.close();
  await world.close();
});

test('nginx serves the app over TLS with HTTP/2, compressed', async () => {
  const page = await context.newPage();
  const response = await page.goto(world.appUrl);
  expect(response?.status()).toBe(200);
  expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol)).toBe('h2');
  const script = await page.locator('script[type="module"][src]').first().getAttribute('src');
  expect(script).not.toBeNull();
  const asset = await context.request.get(new URL(script ?? '', world.appUrl).href, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(asset.status()).toBe(200);
  expect(['br', 'gzip']).toContain(asset.headers()['content-encoding']);
  await page.close();
});

test('a student signs in through nginx: a __Host- cookie with its flags, and Nextcloud sees her address', async () => {
  const page = await context.newPage();
  await page.goto(world.appUrl);
  await new LoginPage(page).signInThroughNextcloud('s7a1', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible({ timeout: 30_000 });
  await new AppShell(page).expectSignedInAs('Lena Becker');

  const cookies = await context.cookies(world.appUrl);
  expect(cookies.map((c) => c.name)).toEqual(['__Host-klassenraum_session']);
  expect(cookies[0]).toMatchObject({ secure: true, httpOnly: true, path: '/', domain: 'localhost', sameSite: 'Lax' });

  // Every request the gateway made for her carries her address (nginx saw 127.0.0.9), never a server's.
  const hers = world.devserver.control.requests().filter((r) => r.user === 's7a1' && r.path.startsWith('/ocs/'));
  expect(hers.length).toBeGreaterThan(0);
  expect([...new Set(hers.map((r) => r.headers['x-forwarded-for']))]).toEqual([BROWSER_IP]);
  const login = world.devserver.control.requests().filter((r) => r.method === 'POST' && /^(\/index\.php)?\/login(\?|$)/.test(r.path));
  expect(login.map((r) => r.headers['x-forwarded-for'])).toEqual([BROWSER_IP]);
  await page.close();
});
