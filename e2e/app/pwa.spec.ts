import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import config from '../../playwright.config.js';
import { DEMO_PASSWORD, expect, test } from '../fixtures/school.js';
import { LoginPage } from '../auth/login-page.js';

test('the app is installable: manifest, icons and an active service worker', async ({ appUrl }) => {
  // Chromium never offers installation in incognito-like contexts, so this one has a real profile.
  const profile = mkdtempSync(path.join(tmpdir(), 'kr-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...config.use?.launchOptions, locale: 'de-DE', baseURL: appUrl });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    return link ? ((await (await fetch(link.href)).json()) as { name: string; display: string; icons: { sizes: string }[] }) : null;
  });
  expect(manifest).toMatchObject({ name: 'Klassenraum', display: 'standalone' });
  expect(manifest?.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

test('going offline is said calmly, and the app shell still opens from the service worker', async ({ page, context }) => {
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud('s7a2', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await expect(page.getByText('Du bist offline.', { exact: false })).toBeVisible();
  // The shell comes from the precache even without a network.
  await page.reload();
  await expect(page.locator('#root')).toBeAttached();
  const scripts = await page.evaluate(() => document.querySelectorAll('script[src^="/assets/"]').length);
  expect(scripts).toBeGreaterThan(0);
  await context.setOffline(false);
});
