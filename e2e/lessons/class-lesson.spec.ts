import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { LessonPage, lessonWorldForFile, remotesWithAudio, remotesWithVideo, signedIn, teacherWithClass } from './lesson-page.js';

/**
 * A whole class period on the real HPB: the teacher and three students in one lesson, each decoding the other
 * three; the word goes to a student by hand raise and one click; the signaling server restarts mid-lesson.
 */

const world = lessonWorldForFile();

async function allSee(pages: Page[], since = 0): Promise<number[]> {
  return Promise.all(pages.map((p) => remotesWithVideo(p, since)));
}

test('teacher and three students: everyone sees everyone, the word by hand raise is accepted by the server, a signaling restart heals all four', async () => {
  test.setTimeout(600_000);
  const teacher = await teacherWithClass(world());
  const teacherPage = teacher.page;
  await teacher.open();
  await teacher.start();

  const lena = new LessonPage(await signedIn(world(), 's7a1', 'Lena Becker'));
  const jonas = new LessonPage(await signedIn(world(), 's7a2', 'Jonas Weber'));
  const emma = new LessonPage(await signedIn(world(), 's7a3', 'Emma Wagner'));
  const students = [lena, jonas, emma];
  for (const s of students) await s.open();
  await Promise.all(students.map((s) => s.join()));
  const pages = [teacher, ...students].map((l) => l.page);

  await expect
    .poll(() => allSee(pages), { timeout: 45_000, message: `every page decodes the other three\n${world().hpb.logs().slice(-3000)}` })
    .toEqual([3, 3, 3, 3]);
  // Only the teacher speaks: each student hears one participant, the teacher nobody.
  await expect.poll(() => Promise.all(pages.map(remotesWithAudio)), { timeout: 20_000 }).toEqual([0, 1, 1, 1]);

  // Before the word is given, the signaling server refuses the student's microphone.
  await lena.button('Mikrofon an').click();
  await expect(lena.page.getByText('Du darfst noch nicht sprechen. Deine Lehrkraft muss dir das Mikrofon freigeben.')).toBeVisible();
  await expect(lena.button('Mikrofon an')).toHaveAttribute('aria-pressed', 'false');

  // Hand up; the teacher sees the queue and gives the word with one click.
  await lena.button('Hand heben').click();
  await expect(lena.button('Hand senken')).toHaveAttribute('aria-pressed', 'true');
  await expect(teacher.handQueue.getByRole('listitem')).toHaveText([/Lena Becker/]);
  await expectNoAxeViolations(teacherPage);
  await teacher.button('Sprechen erlauben: Lena Becker').click();
  await expect(teacher.handQueue.getByText('darf sprechen')).toBeVisible();
  await expect(lena.page.getByText('Du darfst jetzt sprechen. Schalte dein Mikrofon ein.')).toBeVisible();
  await lena.button('Mikrofon an').click();
  await expect(lena.button('Mikrofon aus')).toHaveAttribute('aria-pressed', 'true');
  await expectNoAxeViolations(lena.page);
  // Her microphone now reaches the others: the teacher hears Lena, Lena the teacher, Jonas and Emma both.
  await expect
    .poll(() => Promise.all(pages.map(remotesWithAudio)), { timeout: 30_000, message: `Lena heard by everyone\n${world().hpb.logs().slice(-3000)}` })
    .toEqual([1, 1, 2, 2]);

  // The signaling server restarts mid-lesson: all four decode the other three on fresh connections within 10 s.
  const navigations: string[] = [];
  for (const p of pages) p.on('framenavigated', (f) => navigations.push(f.url()));
  const stoppedAt = await teacherPage.evaluate<number>('Date.now()');
  await world().hpb.restartSignaling();
  const restartedAt = Date.now();
  await expect
    .poll(() => allSee(pages, stoppedAt), { timeout: 10_000, message: `fresh video everywhere after the signaling restart\n${world().hpb.logs().slice(-3000)}` })
    .toEqual([3, 3, 3, 3]);
  expect(Date.now() - restartedAt).toBeLessThan(10_000);
  expect(navigations).toEqual([]);

  // Lena lowers the hand: the teacher's client takes the word back, the server's permission update mutes her.
  await lena.button('Hand senken').click();
  await expect(teacher.handQueue.getByText('Niemand hat sich gemeldet.')).toBeVisible();
  await expect(lena.button('Mikrofon an')).toHaveAttribute('aria-pressed', 'false');
  await lena.button('Mikrofon an').click();
  await expect(lena.page.getByText('Du darfst noch nicht sprechen. Deine Lehrkraft muss dir das Mikrofon freigeben.')).toBeVisible();
});
