import type { Page } from '@playwright/test';
import { pseudoLocalize } from '../../src/i18n/pseudo.js';
import { ANDROID_FONT, WIDE_FONT, expectFontInstalled, useFont } from '../fixtures/fonts.js';
import { expect } from '../fixtures/school.js';
import { testWithClass7a as test } from './app-steps.js';
import { signIn } from '../auth/sign-in.js';

// Sets up 7a itself (testWithClass7a's worker fixture): this file gets its own school.
test.use({ schoolKey: 'layout' });
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const CLASS_TABS = ['dateien', 'chat', 'aufgaben', 'unterricht'] as const;
const SCREENS = ['/', ...CLASS_TABS.map((tab) => `/klassen/7a?ansicht=${tab}`), '/dateien', '/chats', '/aufgaben'];

/** What shows that a class tab has rendered its content (else a check could run before it is there). */
const READY: Partial<Record<(typeof CLASS_TABS)[number], (page: Page) => ReturnType<Page['getByRole']>>> = {
  chat: (page) => page.getByRole('textbox', { name: 'Nachricht schreiben' }),
  // This school has no video backend: the tab says so (e2e/lessons/no-video.spec.ts); with one, the lobby's button.
  unterricht: (page) =>
    page.getByRole('button', { name: /^Unterricht (starten|beitreten)$/ }).or(page.getByRole('region', { name: 'Video ist auf diesem Server nicht eingerichtet' })),
};

/** Opens a screen and waits until nothing is loading any more. */
async function open(page: Page, path: string, loading = 'Wird geladen …'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByText(loading)).toHaveCount(0, { timeout: 15_000 });
  const tab = CLASS_TABS.find((t) => path.endsWith(`ansicht=${t}`));
  const ready = tab === undefined ? undefined : READY[tab];
  if (ready !== undefined) await expect(ready(page)).toBeVisible({ timeout: 15_000 });
}

/** How far the page can be scrolled sideways (0: it fits), and the innermost elements sticking out. */
async function overflowX(page: Page): Promise<string> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    if (overflow <= 0) return '';
    const culprits = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ').slice(0, 3).join('.')} "${el.textContent.trim().slice(0, 30)}"`);
    return `${String(overflow)} px too wide: ${culprits.join('; ')}`;
  });
}

/** Visible interactive elements smaller than 44×44 CSS px. Links inside running text are exempt (WCAG 2.5.5 "inline"). */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'button, a[href], [role="tab"], [role="menuitem"], [role="checkbox"], [role="switch"], input[type="checkbox"], input[type="radio"], select, summary';
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      // A link stretched over its card (an absolutely positioned ::after) is as large as the card it covers.
      const stretched = getComputedStyle(el, '::after').position === 'absolute' && el.offsetParent instanceof HTMLElement;
      // A checkbox or radio inside its label: the label is what a finger taps (tapping it toggles the input).
      const label = el.tagName === 'INPUT' ? el.closest('label') : null;
      const box = label !== null ? label.getBoundingClientRect() : stretched && el.offsetParent instanceof HTMLElement ? el.offsetParent.getBoundingClientRect() : el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // The skip link is visually hidden until focused (then it is large).
      if (el.classList.contains('sr-only')) continue;
      // Not shown (hidden, visually hidden until focused like the skip link, or a styled file input).
      if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || style.opacity === '0') continue;
      if (el.tagName === 'A' && el.closest('p') !== null) continue;
      if (el.closest('[aria-hidden="true"]') !== null) continue;
      if (box.width < 44 || box.height < 44) {
        const name = (el.getAttribute('aria-label') ?? el.textContent).trim().slice(0, 40);
        small.push(`${el.tagName.toLowerCase()} "${name}" ${String(Math.round(box.width))}×${String(Math.round(box.height))}`);
      }
    }
    return small;
  });
}

/** Which widths each font is measured at: Android's font everywhere, a wider one on the narrowest phone as slack. */
const FONT_WIDTHS: [string, number[]][] = [
  [ANDROID_FONT, [320, 768, 1280]],
  [WIDE_FONT, [320]],
];

test('every main screen fits 320, 768 and 1280 px wide without sideways scrolling, in Noto Sans and a wider font', async ({ browser, school }) => {
  const found: string[] = [];
  for (const [font, widths] of FONT_WIDTHS) {
    const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
    await useFont(context, font);
    const page = await context.newPage();
    await signIn(page, 'schmidt', 'Frau Schmidt');
    await expectFontInstalled(page, font);
    for (const width of widths) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of SCREENS) {
        await open(page, path);
        const overflow = await overflowX(page);
        if (overflow !== '') found.push(`${path} at ${String(width)} px in ${font}: ${overflow}`);
      }
    }
    await context.close();
  }
  expect(found).toEqual([]);
});

test('on a tablet every button and link is at least 44×44 px', async ({ browser, school }) => {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE', viewport: { width: 768, height: 1024 }, hasTouch: true });
  await useFont(context, ANDROID_FONT);
  const page = await context.newPage();
  await page.goto('/login');
  const found = (await smallTargets(page)).map((s) => `/login: ${s}`);
  await signIn(page, 'schmidt', 'Frau Schmidt');
  for (const path of SCREENS) {
    await open(page, path);
    found.push(...(await smallTargets(page)).map((s) => `${path}: ${s}`));
  }
  expect(found).toEqual([]);
  await context.close();
});

test('on a tablet (768×1024) the header is one row: home link, navigation, language, notifications and user menu side by side', async ({ browser, school }) => {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE', viewport: { width: 768, height: 1024 }, hasTouch: true });
  await useFont(context, ANDROID_FONT);
  const page = await context.newPage();
  await signIn(page, 'schmidt', 'Frau Schmidt');
  await open(page, '/');
  const header = page.getByRole('banner');
  const parts = {
    home: header.getByRole('link', { name: 'Klassenraum, zur Startseite' }),
    navigation: header.getByRole('navigation', { name: 'Hauptnavigation' }),
    language: header.getByRole('group', { name: 'Sprache' }),
    notifications: header.getByRole('button', { name: /^Benachrichtigungen/ }),
    user: header.getByRole('button', { name: /Frau Schmidt/ }),
  };
  const boxes = Object.fromEntries(await Promise.all(Object.entries(parts).map(async ([name, l]) => [name, await l.boundingBox()] as const)));
  const user = boxes['user'];
  expect(user).toBeTruthy();
  // Everything overlaps the user menu's button vertically: no second row.
  const offRow = Object.entries(boxes).filter(([, b]) => b === null || user === null || user === undefined || b.y >= user.y + user.height || user.y >= b.y + b.height);
  expect(offRow.map(([name]) => name)).toEqual([]);
  await context.close();
});

test('with reduced motion nothing spins or slides', async ({ browser, school }) => {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  // The loading spinner and every transition, as the stylesheet applies them to any element.
  const motion = await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.className = 'animate-spin transition-colors';
    document.body.append(probe);
    const style = getComputedStyle(probe);
    const result = { animation: style.animationDuration, transition: style.transitionDuration, iterations: style.animationIterationCount };
    probe.remove();
    return result;
  });
  const seconds = (value: string) => Math.max(...value.split(',').map((v) => (v.trim().endsWith('ms') ? parseFloat(v) / 1000 : parseFloat(v))));
  expect(seconds(motion.animation)).toBeLessThan(0.01);
  expect(seconds(motion.transition)).toBeLessThan(0.01);
  expect(motion.iterations).toBe('1');
  await context.close();
});

test('the class home in the pseudo-locale (longer, accented strings) fits a 320 px phone without sideways scrolling', async ({ browser, school }) => {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE', viewport: { width: 320, height: 640 } });
  await useFont(context, ANDROID_FONT);
  const page = await context.newPage();
  await signIn(page, 's7a1', 'Lena Becker');
  await expectFontInstalled(page, ANDROID_FONT);
  const found: string[] = [];
  for (const tab of CLASS_TABS) {
    await open(page, `/klassen/7a?ansicht=${tab}&lng=pseudo`, pseudoLocalize('Wird geladen …'));
    // Really the pseudo-locale: the tabs speak it.
    await expect(page.getByRole('tablist').getByRole('tab').first()).toHaveText(/^⟦.+⟧$/);
    const overflow = await overflowX(page);
    if (overflow !== '') found.push(`${tab}: ${overflow}`);
  }
  expect(found).toEqual([]);
  await context.close();
});
