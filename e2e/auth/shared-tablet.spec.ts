import { DEMO_PASSWORD, expect, test } from '../fixtures/school.js';
import { AppShell, LoginPage } from './login-page.js';

// Shared tablets (issue 15, ADR 0009): after "Abmelden" the next student must type a password. Nextcloud keeps
// its own browser session (and remember-me cookies) after an OAuth grant; the gateway relays the login pages
// so those cookies never reach the tablet, and ends that Nextcloud session itself.
test.use({ schoolKey: 'shared-tablet' });

test('after "Abmelden", "Anmelden" asks the next student for a password instead of offering the previous one', async ({ page, school }) => {
  await page.goto('/');
  const login = new LoginPage(page);
  await login.signInThroughNextcloud('s7a1', DEMO_PASSWORD);
  const shell = new AppShell(page);
  await shell.expectSignedInAs('Lena Becker');
  await shell.signOut('Lena Becker');

  await login.signInButton().click();
  await expect(login.passwordField()).toBeVisible();
  await expect(page.getByText(/Currently logged in as/)).toHaveCount(0);
  // Neither a Nextcloud session nor a remember-me token of Lena's survives on the server.
  expect(school.devserver.control.webLogins('s7a1')).toEqual({ sessions: 0, rememberTokens: 0 });

  await login.typePassword('s7a2', DEMO_PASSWORD);
  await expect(page.getByText(/Currently logged in as Jonas Weber \(s7a2\)/)).toBeVisible();
  await login.grantButton().click();
  await shell.expectSignedInAs('Jonas Weber');
});

test('Nextcloud remember-me cookies on the tablet sign nobody in: the password is asked all the same', async ({ page, school }) => {
  // Someone used Nextcloud's own web UI on this tablet: its session and remember-me cookies are in the browser.
  const nextcloud = new LoginPage(page);
  await page.goto(`${school.devserver.url}/index.php/login`);
  await nextcloud.typePassword('s7a3', DEMO_PASSWORD);
  const names = (await page.context().cookies(school.devserver.url)).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['nc_username', 'nc_token', 'nc_session_id']));

  await page.goto('/');
  await nextcloud.signInThroughNextcloud('s7a1', DEMO_PASSWORD);
  const shell = new AppShell(page);
  await shell.expectSignedInAs('Lena Becker');
  // The tablet restarts: session cookies go, remember-me cookies stay.
  await page.context().clearCookies({ name: 'ocdevserver' });
  await shell.signOut('Lena Becker');

  await nextcloud.signInButton().click();
  await expect(nextcloud.passwordField()).toBeVisible();
  await expect(page.getByText(/Currently logged in as/)).toHaveCount(0);
  // The app's sign-in gave the tablet no Nextcloud cookie at all, and left no remember-me token for Lena.
  const appCookies = (await page.context().cookies(school.appUrl)).map((c) => c.name);
  expect(appCookies).toEqual(['__Host-klassenraum_session']);
  expect(school.devserver.control.webLogins('s7a1')).toEqual({ sessions: 0, rememberTokens: 0 });
});

test('a login someone left at the grant page can be dropped: "Nicht du? Anderes Konto" asks for a password again', async ({ page, school }) => {
  await page.goto('/klassen/7a');
  const login = new LoginPage(page);
  await login.signInButton().click();
  await login.typePassword('s7a4', DEMO_PASSWORD);
  // Mia walked away before granting; Paul picks up the tablet.
  await expect(page.getByText(/Currently logged in as Mia Schulz \(s7a4\)/)).toBeVisible();
  await page.getByRole('link', { name: 'Anderes Konto' }).click();

  await expect(login.passwordField()).toBeVisible();
  expect(school.devserver.control.webLogins('s7a4')).toEqual({ sessions: 0, rememberTokens: 0 });
  await login.typePassword('s7a5', DEMO_PASSWORD);
  await expect(page.getByText(/Currently logged in as Paul Hoffmann \(s7a5\)/)).toBeVisible();
  await login.grantButton().click();
  await expect(page).toHaveURL(/\/klassen\/7a$/);
  await page.goto('/');
  await new AppShell(page).expectSignedInAs('Paul Hoffmann');
});
