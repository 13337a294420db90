import { expect, type Page } from '@playwright/test';

/** The app's login screen and Nextcloud's own login pages the user passes through. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  signInButton() {
    return this.page.getByRole('button', { name: 'Anmelden' });
  }

  /** Nextcloud's password field: what the next person on a shared tablet must see. */
  passwordField() {
    return this.page.getByLabel('Password');
  }

  /** Nextcloud's consent page, which names who is signed in to Nextcloud. */
  grantButton() {
    return this.page.getByRole('button', { name: 'Grant access' });
  }

  /** From the app's login screen through Nextcloud's login and consent pages back into the app. */
  async signInThroughNextcloud(user: string, password: string): Promise<void> {
    await this.signInButton().click();
    await this.passNextcloudLogin(user, password);
  }

  /** Nextcloud's login and consent pages, from wherever the browser was sent to them. */
  async passNextcloudLogin(user: string, password: string): Promise<void> {
    await this.typePassword(user, password);
    await this.grantButton().click();
  }

  /** On Nextcloud's login form: account and password, then "Log in". */
  async typePassword(user: string, password: string): Promise<void> {
    await this.page.getByLabel('Account name or email').fill(user);
    await this.passwordField().fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
  }
}

/** The signed-in shell. */
export class AppShell {
  constructor(private readonly page: Page) {}

  userMenu(displayName: string) {
    return this.page.getByRole('button', { name: new RegExp(displayName) });
  }

  async expectSignedInAs(displayName: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
    await expect(this.userMenu(displayName)).toBeVisible();
  }

  async signOut(displayName: string): Promise<void> {
    await this.userMenu(displayName).click();
    await this.page.getByRole('menuitem', { name: 'Abmelden' }).click();
  }
}
