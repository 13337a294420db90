import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator } from '@playwright/test';
import config from '../../playwright.config.js';
import { DEMO_PASSWORD, expect, freePort, startSchool, test, type School } from '../fixtures/school.js';
import { startPortal } from './portal.js';

// The app inside the Schulportal: a page on another site (127.0.0.1 vs localhost) frames it, Chromium blocks
// third-party cookies, and the user signs in through the popup hand-off.
// Sign-in through a popup plus a 12 MiB upload on a shared 2-core machine.
test.describe.configure({ timeout: 150_000 });

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

/** Opens the portal and signs `s7a1` in inside its frame through the popup hand-off. */
async function signInFramed(context: BrowserContext): Promise<FrameLocator> {
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
  return frame;
}

test('a student signs in inside the portal frame through the popup, with third-party cookies blocked', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const frame = await signInFramed(context);

  await expect(frame.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
  await expect(frame.getByRole('button', { name: /Lena Becker/ })).toBeVisible();
  // The frame's session cookie is partitioned under the portal's site.
  const frameCookies = (await context.cookies(school.appUrl)).filter((c) => c.name === '__Host-klassenraum_session');
  expect(frameCookies.some((c) => c.sameSite === 'None' && c.secure)).toBe(true);
  await context.close();
});

test('after "Abmelden" in the frame, "Anmelden" opens the popup again, which asks for a password (no reload)', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const frame = await signInFramed(context);
  const page = context.pages()[0];
  if (page === undefined) throw new Error('no portal page');
  await frame.getByRole('button', { name: /Lena Becker/ }).click();
  await frame.getByRole('menuitem', { name: 'Abmelden' }).click();

  const popupPromise = page.waitForEvent('popup');
  await frame.getByRole('button', { name: 'Anmelden' }).click();
  const popup = await popupPromise;
  // Nextcloud's password form, not a grant page for Lena.
  await expect(popup.getByLabel('Password')).toBeVisible();
  await expect(popup.getByText(/Currently logged in as/)).toHaveCount(0);
  await popup.getByLabel('Account name or email').fill('s7a2');
  await popup.getByLabel('Password').fill(DEMO_PASSWORD);
  await popup.getByRole('button', { name: 'Log in' }).click();
  await popup.getByRole('button', { name: 'Grant access' }).click();
  await popup.waitForEvent('close');
  await expect(frame.getByRole('button', { name: /Jonas Weber/ })).toBeVisible();
  expect(school.devserver.control.webLogins('s7a1')).toEqual({ sessions: 0, rememberTokens: 0 });
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

test('with third-party storage blocked in the frame (no IndexedDB, no localStorage) a large upload still completes', async () => {
  const context = await browser.newContext({ locale: 'de-DE' });
  // As Chromium does for a frame whose third-party storage is blocked: localStorage throws a SecurityError,
  // every IndexedDB open fails asynchronously (here: a VersionError on a database held at a higher version).
  await context.addInitScript(() => {
    if (window.top === window) return;
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    const factory = window.indexedDB;
    const open = factory.open.bind(factory);
    open('storage-blocked', 2);
    IDBFactory.prototype.open = () => open('storage-blocked', 1);
  });
  const errors: string[] = [];
  context.on('weberror', (error) => errors.push(error.error().message));
  const frame = await signInFramed(context);
  await expect(frame.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible({ timeout: 30_000 });
  await frame.getByRole('link', { name: 'Dateien' }).click();
  await expect(frame.getByRole('heading', { level: 1, name: 'Meine Dateien' })).toBeVisible();

  // Above the chunking threshold, so the upload asks IndexedDB to keep the file for resuming.
  const dir = mkdtempSync(path.join(tmpdir(), 'kr-embed-'));
  const source = path.join(dir, 'Referat.bin');
  writeFileSync(source, Buffer.alloc(12 * 1024 * 1024, 7));
  await frame.getByTestId('files-upload-input').setInputFiles(source);
  await expect(frame.getByTestId('upload-item').filter({ hasText: 'Referat.bin' })).toContainText('Fertig', { timeout: 90_000 });
  await expect(frame.getByRole('grid').getByRole('button', { name: 'Referat.bin', exact: true })).toBeVisible();
  const stored = school.devserver.control.requests().filter((r) => r.method === 'MOVE' && r.path.includes('/remote.php/dav/uploads/s7a1/') && r.status < 300);
  expect(stored).toHaveLength(1);
  expect(errors).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
  await context.close();
});
