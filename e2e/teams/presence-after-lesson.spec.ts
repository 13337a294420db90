import { DEMO_PASSWORD } from '../fixtures/school.js';
import { expect, test } from '@playwright/test';
import { LessonPage, lessonWorldForFile, signedIn, teacherWithClass } from '../lessons/lesson-page.js';
import { ClassHomePage } from './class-pages.js';

/**
 * Issue 17: after a lesson teacher and students stayed "Abwesend · In einem Anruf". Talk sets that status on
 * joining a call with a backup of the current one and restores the backup on leaving; a user who never sent a
 * heartbeat has no status to back up, so nothing is restored. On the real HPB, as in the classroom.
 */

const world = lessonWorldForFile();

/** What Nextcloud reports for a user right now (asked as the teacher, straight at the dev server). */
async function statusOf(user: string): Promise<{ status: string; message: string | null }> {
  const response = await fetch(`${world().school.devserver.url}/ocs/v2.php/apps/user_status/api/v1/statuses/${user}`, {
    // As the teacher's German app asks (the status message is in the reader's language, as in Nextcloud).
    headers: { 'OCS-APIRequest': 'true', Accept: 'application/json', 'Accept-Language': 'de', Authorization: `Basic ${Buffer.from(`schmidt:${DEMO_PASSWORD}`).toString('base64')}` },
  });
  return ((await response.json()) as { ocs: { data: { status: string; message: string | null } } }).ocs.data;
}

test('after leaving the lesson a student is shown online again, not "in a call"', async () => {
  test.setTimeout(300_000);
  const teacher = await teacherWithClass(world());
  await teacher.open();
  await teacher.start();
  const jonas = new LessonPage(await signedIn(world(), 's7a2', 'Jonas Weber'));
  await jonas.open();
  await jonas.join();
  // Talk marks him as in a call while he is in it.
  await expect.poll(() => statusOf('s7a2')).toMatchObject({ status: 'away', message: 'In einem Anruf' });

  await jonas.button('Verlassen').click();
  await teacher.button('Verlassen').click();
  await expect.poll(() => statusOf('s7a2')).toMatchObject({ status: 'online', message: null });

  await teacher.page.goto('/klassen/7a');
  const classHome = new ClassHomePage(teacher.page);
  // Two Chromium pages that just had live video on a shared 2-core machine: the page may take a while.
  await expect(classHome.heading('Klasse 7a')).toBeVisible({ timeout: 30_000 });
  const member = classHome.members().filter({ hasText: 'Jonas Weber' });
  await expect(member).toContainText('Online', { timeout: 30_000 });
  await expect(member).not.toContainText('In einem Anruf');
});
