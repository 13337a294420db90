import { chromium, type Browser } from '@playwright/test';
import config from '../../playwright.config.js';
import { DEMO_PASSWORD, expect, freePort, startSchool, test, type School } from '../fixtures/school.js';
import { startPortal } from './portal.js';

// The app inside the Schulportal: a page on another site (127.0.0.1 vs localhost) frames it, Chromium blocks
// third-party cookies, and the user signs in through the popup hand-off.
let school: School;
let portal: Awaited<ReturnType<typeof startPortal>>;
let untrusted: Awaited<ReturnType<typeof startPortal>>;
let browser: Browser;

test.beforeAll(async () => {
  const appPort = await freePort();
  portal = await startPortal(`http://localhost:${appPort}`);
  untrusted = await startPortal(`http://localhost:${appPort}`);
  school = await startSchool({}, { EMBED_ALLOWED_ORIGINS: portal.url }, appPort);
  const launch = config.use?.launchOptions ?? {};
  browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--test-third-party-cookie-phaseout'] });
});

test.afterAll(async () => {
  await browser.close();
  await school.close();
  await portal.close();
  await untrusted.close();
});

test('a student signs in inside the portal frame through the popup, with third-party cookies blocked', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(portal.url);
  const frame = page.frameLocator('iframe[title="Klassenraum"]');
  const popupPromise = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Anmelden' }).click();
  const popup = await popupPromise;
  await popup.getByLabel('Account name or email').fill('s7a1');
  await popup.getByLabel('Password').fill(DEMO_PASSWORD);
  await popup.getByRole('button', { name: 'Log in' }).click();
  await popup.getByRole('button', { name: 'Grant access' }).click();
  await popup.waitForEvent('close');

  await expect(frame.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
  await expect(frame.getByRole('button', { name: /Lena Becker/ })).toBeVisible();
  // The frame's session cookie is partitioned under the portal's site.
  const frameCookies = (await context.cookies(school.appUrl)).filter((c) => c.name === '__Host-klassenraum_session');
  expect(frameCookies.some((c) => c.sameSite === 'None' && c.secure)).toBe(true);
  await context.close();
});

test("an untrusted site's frame is refused", async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  const refusals: string[] = [];
  page.on('console', (msg) => {
    if (/frame-ancestors/.test(msg.text())) refusals.push(msg.text());
  });
  await page.goto(untrusted.url);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  await expect(page.frameLocator('iframe[title="Klassenraum"]').getByRole('button', { name: 'Anmelden' })).toHaveCount(0);
  await context.close();
});
