import type { Browser } from '@playwright/test';
import { FIVE_REPORTED, hostileReturnTos } from '../../src/lib/return-to-corpus.js';
import { DEMO_PASSWORD, expect, test } from '../fixtures/school.js';
import { AppShell, LoginPage } from './login-page.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Follows an attacker's link `/auth/login?returnTo=<value>` in a fresh browser, signs in at Nextcloud, and
 * returns where the browser ended up plus every request that tried to leave loopback (all are blocked). */
async function loginThrough(browser: Browser, appUrl: string, value: string): Promise<{ landed: URL; escaped: string[] }> {
  const context = await browser.newContext({ baseURL: appUrl });
  const escaped: string[] = [];
  await context.route(
    (url) => !LOOPBACK.has(url.hostname),
    async (route) => {
      escaped.push(route.request().url());
      await route.abort();
    },
  );
  const page = await context.newPage();
  try {
    await page.goto(`${appUrl}/auth/login?returnTo=${value}`);
    await new LoginPage(page).passNextcloudLogin('s7a1', DEMO_PASSWORD);
    await expect(page).toHaveURL((url) => url.origin === appUrl || !LOOPBACK.has(url.hostname));
    await page.waitForLoadState();
    const landed = new URL(page.url());
    // Refused values fall back to the start page, which then shows the signed-in student.
    if (landed.origin === appUrl && landed.pathname === '/') await new AppShell(page).expectSignedInAs('Lena Becker');
    return { landed, escaped };
  } finally {
    await context.close();
  }
}

test.describe('returning after login', () => {
  for (const value of FIVE_REPORTED) {
    test(`the reported returnTo ${value} ends on the app`, async ({ browser, appUrl }) => {
      const { landed, escaped } = await loginThrough(browser, appUrl, value);
      expect(landed.origin).toBe(appUrl);
      expect(escaped).toEqual([]);
    });
  }

  test('a sample of the generated corpus ends on the app', async ({ browser, appUrl }) => {
    const corpus = hostileReturnTos();
    const sample = corpus.filter((_, i) => i % 500 === 7);
    for (const value of sample) {
      const { landed, escaped } = await loginThrough(browser, appUrl, value);
      expect(landed.origin, value).toBe(appUrl);
      expect(escaped, value).toEqual([]);
    }
  });
});
