import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from '../fixtures/school.js';
import { CLASS_FILE, testWithClass7a as test } from './app-steps.js';
import { signIn } from '../auth/sign-in.js';

// Sets up 7a itself (testWithClass7a's worker fixture): this file gets its own school.
test.use({ schoolKey: 'accessibility' });
test.describe.configure({ mode: 'serial', timeout: 600_000 });

type Language = 'de' | 'en';
type Scheme = 'light' | 'dark';

/** What each screen is recognised by, per language. */
const words = {
  de: { loading: 'Wird geladen …', english: 'English', deutsch: 'Deutsch', newFolder: 'Neuer Ordner', notifications: /^Benachrichtigungen/, userMenu: /Benutzermenü/, close: /Schließen|Abbrechen/, signIn: 'Anmelden' },
  en: { loading: 'Loading …', english: 'English', deutsch: 'Deutsch', newFolder: 'New folder', notifications: /^Notifications/, userMenu: /user menu/, close: /Close|Cancel/, signIn: 'Sign in' },
} as const;

async function violations(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => `${screen}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Waits until the page shows its heading and nothing is loading any more. */
async function settled(page: Page, language: Language): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByText(words[language].loading)).toHaveCount(0, { timeout: 15_000 });
}

async function chooseLanguage(page: Page, language: Language): Promise<void> {
  const button = page.getByRole('button', { name: language === 'en' ? words.en.english : words.de.deutsch, exact: true });
  await button.click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

for (const language of ['de', 'en'] as const) {
  for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
    test(`axe finds nothing on every main screen (${language}, ${scheme})`, async ({ browser, school }) => {
      const context = await browser.newContext({ baseURL: school.appUrl, locale: language === 'de' ? 'de-DE' : 'en-GB', colorScheme: scheme });
      const page = await context.newPage();
      const w = words[language];
      const found: string[] = [];

      await page.goto('/login');
      await chooseLanguage(page, language);
      await expect(page.getByRole('button', { name: w.signIn })).toBeVisible();
      found.push(...(await violations(page, 'login')));

      // Signing in goes through Nextcloud's (German) pages; the app keeps the chosen language.
      await chooseLanguage(page, 'de');
      await signIn(page, 'schmidt', 'Frau Schmidt');
      await chooseLanguage(page, language);
      await settled(page, language);
      found.push(...(await violations(page, 'home')));

      for (const tab of ['dateien', 'chat', 'aufgaben', 'unterricht']) {
        await page.goto(`/klassen/7a?ansicht=${tab}`);
        await settled(page, language);
        await expect(page.getByRole('tabpanel')).toBeVisible();
        await expect(page.getByRole('tabpanel').getByText(w.loading)).toHaveCount(0, { timeout: 15_000 });
        found.push(...(await violations(page, `class home, ${tab}`)));
      }

      // Dialogs of the class files: the viewer, and the name dialog of "new folder".
      await page.goto('/klassen/7a?ansicht=dateien');
      await settled(page, language);
      await page.getByRole('grid').getByRole('button', { name: CLASS_FILE, exact: true }).click();
      const viewer = page.getByRole('dialog', { name: CLASS_FILE });
      await expect(viewer).toBeVisible();
      await expect(viewer.locator('pre')).toBeVisible();
      found.push(...(await violations(page, 'file viewer')));
      await viewer.getByRole('button', { name: w.close }).last().click();
      await expect(viewer).toHaveCount(0);
      await page.getByRole('button', { name: w.newFolder }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      found.push(...(await violations(page, 'new folder dialog')));
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      for (const path of ['/dateien', '/chats', '/aufgaben']) {
        await page.goto(path);
        await settled(page, language);
        found.push(...(await violations(page, path)));
      }

      await page.getByRole('button', { name: w.notifications }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      found.push(...(await violations(page, 'notification menu')));
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: w.userMenu }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      found.push(...(await violations(page, 'user menu')));
      await page.keyboard.press('Escape');

      expect(found).toEqual([]);
      await context.close();
    });
  }
}
