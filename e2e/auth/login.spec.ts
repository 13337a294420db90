import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD, expect, startSchool, test } from '../fixtures/school.js';
import { AppShell, LoginPage } from './login-page.js';

test.describe('signing in through Nextcloud', () => {
  test('a teacher logs in through the real OAuth2 redirect, and logging out revokes the Nextcloud token', async ({ page, school }) => {
    const csp = watchCsp(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await expectNoAxeViolations(page);

    await new LoginPage(page).signInThroughNextcloud('schmidt', DEMO_PASSWORD);
    const shell = new AppShell(page);
    await shell.expectSignedInAs('Frau Schmidt');
    expect(new URL(page.url()).origin).toBe(school.appUrl);
    await expectNoAxeViolations(page);

    // The browser holds only the opaque session cookie, with the flags the gateway promises.
    const cookies = await page.context().cookies(school.appUrl);
    expect(cookies.map((c) => c.name)).toEqual(['__Host-klassenraum_session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    const html = await page.content();
    const tokens = school.devserver.control.tokenRequests().filter((t) => t.outcome === 'issued');
    expect(tokens.length).toBeGreaterThan(0);
    expect(html).not.toContain('Bearer');

    school.devserver.control.resetRequests();
    await shell.signOut('Frau Schmidt');
    await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
    const revoked = school.devserver.control.requests().filter((r) => r.method === 'DELETE' && r.path.startsWith('/ocs/v2.php/core/apppassword'));
    expect(revoked.map((r) => r.status)).toEqual([200]);
    const after = await page.evaluate(async () => (await fetch('/ocs/v2.php/cloud/user', { headers: { 'X-Requested-With': 'klassenraum' } })).status);
    expect(after).toBe(401);
    expect(csp).toEqual([]);
  });

  test('a student logs in and lands exactly where they were going', async ({ page }) => {
    await page.goto('/klassen/7a?ansicht=dateien');
    await expect(page).toHaveURL(/\/login\?returnTo=/);
    await new LoginPage(page).signInThroughNextcloud('s7a1', DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/klassen\/7a\?ansicht=dateien$/);
    await page.goto('/');
    await new AppShell(page).expectSignedInAs('Lena Becker');
  });

  test('a wrong password is refused by Nextcloud and nothing is signed in', async ({ page, school }) => {
    await page.goto('/login');
    await new LoginPage(page).signInButton().click();
    await page.getByLabel('Account name or email').fill('s7a1');
    await page.getByLabel('Password').fill('falsch');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByLabel('Password')).toBeVisible();
    expect(school.devserver.control.bruteforceAttempts()).toBeGreaterThan(0);
    const session = await page.request.get(`${school.appUrl}/auth/session`);
    expect(await session.json()).toMatchObject({ authenticated: false });
  });

  test('the app is also in English', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectNoAxeViolations(page);
  });
});

test('two tabs firing 50 requests each as the access token expires cause exactly one token refresh', async ({ browser }) => {
  const school = await startSchool();
  try {
    const context = await browser.newContext({ baseURL: school.appUrl });
    const first = await context.newPage();
    await first.goto('/');
    await new LoginPage(first).signInThroughNextcloud('schmidt', DEMO_PASSWORD);
    await new AppShell(first).expectSignedInAs('Frau Schmidt');
    const second = await context.newPage();
    await second.goto('/');
    await new AppShell(second).expectSignedInAs('Frau Schmidt');

    // Nextcloud stops accepting the access token; both tabs fire at once while their background pollers
    // (chat, notifications) keep running. Every request from now on needs the one refresh.
    school.devserver.control.resetRequests();
    school.devserver.control.expireAccessTokens();
    const burst = (): Promise<number[]> =>
      Promise.all(
        Array.from({ length: 50 }, async () => (await fetch('/ocs/v2.php/cloud/user?format=json', { headers: { 'X-Requested-With': 'klassenraum' } })).status),
      );
    const [a, b] = await Promise.all([first.evaluate(burst), second.evaluate(burst)]);
    expect([...a, ...b].every((s) => s === 200)).toBe(true);

    const refreshes = school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.outcome).toBe('issued');
    expect(school.devserver.control.bruteforceAttempts()).toBe(0);
    await context.close();
  } finally {
    await school.close();
  }
});
