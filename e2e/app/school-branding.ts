import { expect, type Locator, type Page } from '@playwright/test';

/** What a school sets in Nextcloud's theming for the branding specs: a bright yellow that fails contrast as it is. */
export const SCHOOL = {
  name: 'Gesamtschule Nord',
  color: '#FFEB3B',
  logo: Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="8" fill="#ffeb3b"/><circle cx="20" cy="20" r="12" fill="#3a3a00"/></svg>',
  ),
};

/** The school's name and logo where the app shows them: the header (signed in) or the login card. */
export class SchoolBranding {
  constructor(private readonly page: Page) {}

  schoolName(): Locator {
    return this.page.getByText(SCHOOL.name, { exact: true });
  }

  logo(): Locator {
    return this.page.locator('img[src^="/branding/logo"]');
  }

  /** Name visible, logo loaded (the browser decoded the relayed image). */
  async expectShown(): Promise<void> {
    await expect(this.schoolName()).toBeVisible();
    await expect(this.logo()).toBeVisible();
    await expect.poll(() => this.logo().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }

  /** The colour the primary button is painted in, as the browser computed it. */
  async buttonColours(name: string): Promise<{ background: string; text: string }> {
    return this.page.getByRole('button', { name }).evaluate((b) => {
      const style = getComputedStyle(b);
      return { background: style.backgroundColor, text: style.color };
    });
  }
}
