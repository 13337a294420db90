import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { ANDROID_FONT, expectFontInstalled, useFontNow } from '../fixtures/fonts.js';
import { LessonPage, lessonWorldForFile, remotesWithVideo, signedIn, teacherWithClass } from './lesson-page.js';

/**
 * Issue 7, the in-call screen on the real HPB (Janus + signaling server), two pages: gallery and speaker view
 * switched by keyboard, the class chat beside the call on a wide screen and as a panel on a phone, axe clean in
 * every state, and nothing scrolls sideways at 320 px (measured in Noto Sans, Android's font).
 */

const world = lessonWorldForFile();
let teacher: LessonPage;
let student: LessonPage;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  teacher = await teacherWithClass(world());
  student = new LessonPage(await signedIn(world(), 's7a1', 'Lena Becker'));
});

/** The element lies wholly inside the viewport: seen without scrolling. */
async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  expect(box, what).not.toBeNull();
  expect(viewport).not.toBeNull();
  if (box === null || viewport === null) return;
  expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what}: bottom at ${String(viewport.width)}×${String(viewport.height)}`).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(viewport.width);
}

test('the lesson lobby fits 1280×800 and a 768×1024 tablet: the camera preview and the join button without scrolling', async () => {
  test.setTimeout(120_000);
  for (const [lesson, button] of [
    [teacher, 'Unterricht starten'],
    [student, 'Unterricht beitreten'],
  ] as const) {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 768, height: 1024 },
    ]) {
      await lesson.page.setViewportSize(size);
      await lesson.open();
      const preview = lesson.page.getByRole('region', { name: 'Vor dem Beitreten' }).getByLabel('Kameravorschau');
      await expect(preview).toBeVisible();
      await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { message: 'the preview shows the camera' }).toBeGreaterThan(0);
      await expectOnScreen(lesson.page, lesson.button(button), `"${button}"`);
      await expectOnScreen(lesson.page, preview, 'the camera preview');
      expect(await lesson.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    }
  }
  await expectNoAxeViolations(teacher.page);
});

test('gallery and speaker view by keyboard, with the class chat beside the call, axe clean', async () => {
  test.setTimeout(240_000);
  await teacher.page.setViewportSize({ width: 1280, height: 900 });
  await teacher.open();
  await teacher.start();
  await student.open();
  await student.join();
  await expect.poll(() => remotesWithVideo(teacher.page), { timeout: 30_000, message: 'teacher decodes Lena' }).toBe(1);

  const call = teacher.call;
  await expect(call.getByLabel('Lena Becker', { exact: true })).toBeVisible();
  const chat = teacher.page.getByRole('complementary', { name: 'Chat zum Unterricht' });
  await expect(chat).toBeVisible();
  await expect(teacher.button('Chat anzeigen')).toHaveCount(0);
  await expect(teacher.button('Galerie')).toHaveAttribute('aria-pressed', 'true');
  await expectNoAxeViolations(teacher.page);

  await teacher.button('Sprecheransicht').focus();
  await teacher.page.keyboard.press('Enter');
  await expect(teacher.button('Sprecheransicht')).toHaveAttribute('aria-pressed', 'true');
  const large = call.getByRole('region', { name: 'Große Ansicht' });
  // Nobody speaks (Lena joined muted): the only other participant is large, the own picture in the strip.
  await expect(large.getByLabel('Lena Becker', { exact: true })).toBeVisible();
  await expect(call.getByLabel('Du', { exact: true })).toBeVisible();
  await expect(call.getByText('Verbindung gut').first()).toBeVisible();
  await expectNoAxeViolations(teacher.page);

  await teacher.button('Galerie').focus();
  await teacher.page.keyboard.press('Space');
  await expect(teacher.button('Galerie')).toHaveAttribute('aria-pressed', 'true');
  await expect(large).toHaveCount(0);
});

test('on a 320 px phone the call fits and the chat opens as a panel', async () => {
  test.setTimeout(120_000);
  const page = student.page;
  await page.setViewportSize({ width: 320, height: 640 });
  // Measured in the font of Android phones, whatever this machine's sans-serif is.
  await useFontNow(page, ANDROID_FONT);
  await expectFontInstalled(page, ANDROID_FONT);
  await expect(student.call.getByLabel('Frau Schmidt', { exact: true })).toBeAttached();
  const chat = page.getByRole('complementary', { name: 'Chat zum Unterricht' });
  await expect(chat).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  await student.button('Chat anzeigen').focus();
  await page.keyboard.press('Enter');
  await expect(chat).toBeVisible();
  await expect(student.button('Chat ausblenden')).toHaveAttribute('aria-expanded', 'true');
  await student.button('Sprecheransicht').click();
  await expect(student.call.getByRole('region', { name: 'Große Ansicht' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});
