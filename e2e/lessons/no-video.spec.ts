import type { BrowserContext } from '@playwright/test';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { expect, test } from '../fixtures/school.js';
import { LessonPage, signedIn, teacherWithClass, type LessonBrowser } from './lesson-page.js';

/**
 * The demo world without Talk's high-performance backend (`DEMO_VIDEO=0`, or janus/nextcloud-spreed-signaling not
 * installed): the dev server's Talk reports internal signaling, as a real Talk without an HPB does. Teacher and
 * student are told that video is not set up and what the admin must do; nobody waits in a queue for it.
 */

test.use({ schoolKey: 'no-video' });

test('without a video backend the teacher and the student read that video is not set up, in German and English, and nobody is queued', async ({ browser, school }) => {
  test.setTimeout(120_000);
  const contexts: BrowserContext[] = [];
  const world: LessonBrowser = { browser, contexts, school };
  try {
    const teacher = await teacherWithClass(world);
    await teacher.open();
    const notice = (page: LessonPage) => page.page.getByRole('region', { name: 'Video ist auf diesem Server nicht eingerichtet' });
    await expect(notice(teacher)).toBeVisible();
    await expect(notice(teacher)).toContainText('Du kannst hier keinen Videounterricht starten.');
    await expect(notice(teacher)).toContainText('High-Performance-Backend');
    await expect(notice(teacher).getByRole('link', { name: 'Signaling-Server (nextcloud-spreed-signaling)' })).toBeVisible();
    await expect(teacher.button('Unterricht starten')).toHaveCount(0);
    await expectNoAxeViolations(teacher.page);

    const student = new LessonPage(await signedIn(world, 's7a1', 'Lena Becker'));
    await student.open();
    await expect(notice(student)).toContainText('Videounterricht gibt es hier noch nicht.');
    await expect(student.button('Unterricht beitreten')).toHaveCount(0);
    await expect(student.page.getByText(/Warteschlange|noch nicht begonnen/)).toHaveCount(0);
    await expectNoAxeViolations(student.page);

    // The same in English, switched as a user does.
    await student.page.getByRole('button', { name: 'English', exact: true }).click();
    await expect(student.page.locator('html')).toHaveAttribute('lang', 'en');
    const english = student.page.getByRole('region', { name: 'Video is not set up on this server' });
    await expect(english).toBeVisible({ timeout: 30_000 });
    await expect(english).toContainText('There are no video lessons here yet.');
    await expect(english).toContainText('needs a high-performance backend');
    await expectNoAxeViolations(student.page);
  } finally {
    for (const c of contexts) await c.close();
  }
});
