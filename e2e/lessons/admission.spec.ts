import { chromium, expect, test, type Page } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD } from '../fixtures/school.js';
import { LessonPage, lessonWorldForFile, signedIn, teacherWithClass } from './lesson-page.js';

/**
 * Issue 7, waiting room and pre-join (docs/adr/0008-lesson-admission.md): a student who comes before the teacher
 * waits and is let in without a click once the teacher opens the lesson; Talk itself still refuses a student's
 * call while none runs; the pre-join screen passes axe, fits 320 px and explains a camera the browser blocks.
 * Real Janus and signaling server, two pages.
 */

const world = lessonWorldForFile();
let teacher: LessonPage;
let student: LessonPage;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  teacher = await teacherWithClass(world());
  student = new LessonPage(await signedIn(world(), 's7a1', 'Lena Becker'));
});

/** Through the app's own gateway, as the signed-in user: join the class's Talk room, try to start its call, leave. */
async function tryToStartCall(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const headers = { 'X-Requested-With': 'klassenraum', Accept: 'application/json', 'Content-Type': 'application/json' };
    const rooms = (await (await fetch('/ocs/v2.php/apps/spreed/api/v4/room', { headers })).json()) as { ocs: { data: { token: string; displayName: string }[] } };
    const room = rooms.ocs.data.find((r) => r.displayName === 'Klasse 7a');
    if (room === undefined) throw new Error('no Talk room for Klasse 7a');
    const base = `/ocs/v2.php/apps/spreed/api/v4`;
    await fetch(`${base}/room/${room.token}/participants/active`, { method: 'POST', headers, body: JSON.stringify({ force: true }) });
    const call = await fetch(`${base}/call/${room.token}`, { method: 'POST', headers, body: JSON.stringify({ flags: 3 }) });
    await fetch(`${base}/room/${room.token}/participants/active`, { method: 'DELETE', headers });
    return call.status;
  });
}

test('a student who comes before the teacher waits, and is let in automatically when the teacher opens the lesson', async () => {
  test.setTimeout(240_000);
  await student.open();
  await expect(student.page.getByRole('status').filter({ hasText: 'Deine Lehrkraft hat den Unterricht noch nicht geöffnet.' })).toBeVisible();
  await expect(student.page.getByRole('region', { name: 'Vor dem Beitreten' })).toBeVisible();
  await expect(student.page.getByRole('meter', { name: 'Mikrofonpegel' })).toBeVisible({ timeout: 20_000 });
  await expectNoAxeViolations(student.page);

  // Server-enforced: whatever the client does, Talk does not let a student start the lesson.
  expect(await tryToStartCall(student.page)).toBe(403);

  await student.button('Unterricht beitreten').click();
  const waiting = student.page.getByRole('status').filter({ hasText: 'Der Unterricht hat noch nicht begonnen. Du kommst automatisch hinein, sobald deine Lehrkraft ihn öffnet.' });
  await expect(waiting).toBeVisible({ timeout: 20_000 });
  await expect(student.button('Warten abbrechen')).toBeVisible();
  await expectNoAxeViolations(student.page);

  await teacher.open();
  await teacher.start();
  // No click: the waiting room notices the call (10-20 s) and lets the student in (up to 5 s of pacing).
  await expect(student.call).toBeVisible({ timeout: 60_000 });
  await expect(waiting).toHaveCount(0);
});

test('the pre-join screen fits a 320 px phone and explains a camera the browser blocks, with what to do', async () => {
  test.setTimeout(120_000);
  // The lesson browser accepts every media prompt (fake UI); this one denies them, as after "Block" in the prompt.
  await student.page.context().close();
  const denying = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-device-for-media-stream', '--deny-permission-prompts'],
  });
  try {
    const context = await denying.newContext({ baseURL: world().school.appUrl, locale: 'de-DE', viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto('/');
    await new LoginPage(page).signInThroughNextcloud('s7a1', DEMO_PASSWORD);
    await new AppShell(page).expectSignedInAs('Lena Becker');
    await new LessonPage(page).open();

    const problem = page.getByRole('alert').filter({ hasText: 'Dein Browser hat den Zugriff auf Kamera und Mikrofon blockiert.' });
    await expect(problem).toBeVisible({ timeout: 20_000 });
    await expect(problem).toContainText('Website-Einstellungen');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectNoAxeViolations(page);

    // Keyboard: the way out is reachable and works without a mouse.
    await problem.getByRole('button', { name: 'Ohne Kamera teilnehmen' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('checkbox', { name: 'Nur Audio' })).toBeChecked();
    await expect(page.getByRole('button', { name: 'Unterricht beitreten' })).toBeEnabled();
  } finally {
    await denying.close();
  }
});
