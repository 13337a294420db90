import { expect, test } from '@playwright/test';
import { LessonPage, lessonWorldForFile, remotesWithVideo, signedIn, teacherWithClass } from './lesson-page.js';

/**
 * Video lessons on Talk's high-performance backend: real Janus and nextcloud-spreed-signaling, the dev server as
 * their Talk backend, Chromium with fake camera and microphone (its own launch: the flags are for this file only).
 */

const world = lessonWorldForFile();

test('teacher and student see each other; the student cannot unmute; a signaling restart heals without reload', async () => {
  test.setTimeout(240_000);
  const teacher = (await teacherWithClass(world())).page;

  // Starting a lesson puts the room in lesson mode (students: no starting calls, no microphone until granted).
  await new LessonPage(teacher).open();
  await teacher.getByRole('button', { name: 'Unterricht starten' }).click();
  await expect(teacher.getByRole('region', { name: 'Unterricht' })).toBeVisible({ timeout: 30_000 });
  await teacher.getByRole('button', { name: 'Verlassen' }).click();
  await expect(teacher.getByRole('button', { name: 'Unterricht starten' })).toBeVisible();

  const student = await signedIn(world(), 's7a1', 'Lena Becker');
  await new LessonPage(student).open();
  // No lesson running: the student waits (Talk would refuse the call, see admission.spec.ts) and gets in once the
  // teacher starts (the waiting room asks every 10-20 s, then up to 5 s of pacing).
  await student.getByRole('button', { name: 'Unterricht beitreten' }).click();
  await expect(student.getByRole('status').filter({ hasText: 'Der Unterricht hat noch nicht begonnen.' })).toBeVisible({ timeout: 30_000 });

  await teacher.getByRole('button', { name: 'Unterricht starten' }).click();
  await expect(teacher.getByRole('region', { name: 'Unterricht' })).toBeVisible({ timeout: 30_000 });
  await expect(student.getByRole('region', { name: 'Unterricht' })).toBeVisible({ timeout: 45_000 });

  await expect.poll(() => remotesWithVideo(teacher), { timeout: 20_000, message: `teacher decodes the student's video\n${world().hpb.logs().slice(-3000)}` }).toBe(1);
  await expect.poll(() => remotesWithVideo(student), { timeout: 20_000, message: "student decodes the teacher's video" }).toBe(1);
  await expect(student.getByRole('button', { name: 'Mikrofon an' })).toHaveAttribute('aria-pressed', 'false');
  await expect(teacher.getByRole('button', { name: 'Mikrofon aus' })).toHaveAttribute('aria-pressed', 'true');

  // Lesson mode: the signaling server refuses the student's microphone (no publish-audio permission in Talk).
  await student.getByRole('button', { name: 'Mikrofon an' }).click();
  await expect(student.getByText('Du darfst noch nicht sprechen. Deine Lehrkraft muss dir das Mikrofon freigeben.')).toBeVisible();
  await expect(student.getByRole('button', { name: 'Mikrofon an' })).toHaveAttribute('aria-pressed', 'false');

  // The signaling server restarts mid-lesson: both are back with fresh streams within 10 s, no reload.
  const navigations: string[] = [];
  for (const p of [teacher, student]) p.on('framenavigated', (f) => navigations.push(f.url()));
  const stoppedAt = await teacher.evaluate<number>('Date.now()');
  await world().hpb.restartSignaling();
  const restartedAt = Date.now();
  await expect
    .poll(async () => [await remotesWithVideo(teacher, stoppedAt), await remotesWithVideo(student, stoppedAt)], {
      timeout: 10_000,
      message: `fresh video on both sides after the signaling restart\n${world().hpb.logs().slice(-3000)}`,
    })
    .toEqual([1, 1]);
  expect(Date.now() - restartedAt).toBeLessThan(10_000);
  expect(navigations).toEqual([]);
});
