import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD, expect, startSchool, test, type School } from '../fixtures/school.js';
import { LoginPage } from '../auth/login-page.js';
import { snapshotOwner } from './app-steps.js';
import { SCHOOL, SchoolBranding } from './school-branding.js';

// A school whose Nextcloud theming has a name, an uploaded logo and a bright yellow (1.2:1 on white as it is).
let school: School;
test.beforeAll(async () => {
  school = await startSchool({ theming: { name: SCHOOL.name, color: SCHOOL.color, logo: { type: 'image/svg+xml', body: SCHOOL.logo } } });
});
test.afterAll(async () => {
  await school.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the login page and home show the school's name and logo, and its yellow passes axe (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE', colorScheme });
    const page = await context.newPage();
    const csp = watchCsp(page);
    const branding = new SchoolBranding(page);

    await page.goto('/login');
    await branding.expectShown();
    // On white the raw yellow (1.2:1) is darkened for white text; on the dark scheme it stays, with black text.
    // axe below checks the contrast itself.
    const onLogin = await branding.buttonColours('Anmelden');
    if (colorScheme === 'light') expect(onLogin).toMatchObject({ text: 'rgb(255, 255, 255)' });
    else expect(onLogin).toEqual({ background: 'rgb(255, 235, 59)', text: 'rgb(0, 0, 0)' });
    expect(onLogin.background === 'rgb(255, 235, 59)').toBe(colorScheme === 'dark');
    await expectNoAxeViolations(page);

    await new LoginPage(page).signInThroughNextcloud('s7a1', DEMO_PASSWORD);
    await expect(page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
    await branding.expectShown();
    await expect(page.getByRole('banner').getByText(SCHOOL.name, { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
    await context.close();
  });
}

test('offline, the installed app still opens with the school’s name and logo', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud('s7a2', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
  const branding = new SchoolBranding(page);
  await branding.expectShown();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => snapshotOwner(page)).toBe('s7a2');
  // The logo is fetched through the service worker once it controls the page, which fills its cache.
  await page.reload();
  await branding.expectShown();

  await context.setOffline(true);
  await page.reload();
  await branding.expectShown();
  await context.close();
});

test('an unbranded Nextcloud keeps Klassenraum’s own look: no school name, no logo', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  await expect(page.locator('img[src^="/branding/logo"]')).toHaveCount(0);
  const colours = await new SchoolBranding(page).buttonColours('Anmelden');
  expect(colours.text).toBe('rgb(255, 255, 255)');
  expect(await (await page.request.get('/api/branding')).json()).toEqual({ name: null, color: null, logoUrl: null });
});
