import type { Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD, type School } from '../fixtures/school.js';
import { AppShell, LoginPage } from './login-page.js';

/** Signs a demo user in through Nextcloud's login page and waits until the app greets them by name. */
export async function signIn(page: Page, user: string, displayName: string): Promise<void> {
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud(user, DEMO_PASSWORD);
  await new AppShell(page).expectSignedInAs(displayName);
}

/** A second user in the same test: their own browser context (cookies), as on another device. */
export async function newUserPage(browser: Browser, school: School): Promise<Page> {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  return context.newPage();
}
