import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { LessonPage, lessonWorldForFile, remotesWithVideo, signedIn, teacherWithClass } from './lesson-page.js';

/**
 * Breakout rooms on the real HPB: the teacher opens two groups, Talk (the dev server) tells the signaling server to
 * move each student's session (switchto), every client follows into its group's conversation, a message to all
 * groups arrives in both groups' chats, a visit connects the teacher to a group, and ending the groups brings
 * everyone back into the lesson's call.
 */

const world = lessonWorldForFile();

/** The student's group panel ("Du bist in Gruppenraum N"), and which N. */
function groupPanel(page: Page) {
  return page.getByRole('region', { name: /^Du bist in Gruppenraum \d+$/ });
}

async function groupOf(page: Page): Promise<string> {
  const heading = await groupPanel(page).getByRole('heading', { level: 3 }).textContent();
  return (heading ?? '').replace('Du bist in ', '');
}

test('two groups: each student follows switchto into its group, a broadcast reaches both, a visit and the end bring everyone back', async () => {
  test.setTimeout(480_000);
  const teacher = await teacherWithClass(world());
  const teacherPage = teacher.page;
  await teacher.open();
  await teacher.start();

  const lena = new LessonPage(await signedIn(world(), 's7a1', 'Lena Becker'));
  const jonas = new LessonPage(await signedIn(world(), 's7a2', 'Jonas Weber'));
  const students = [lena, jonas];
  for (const s of students) await s.open();
  await Promise.all(students.map((s) => s.join()));
  await expect
    .poll(() => remotesWithVideo(teacherPage), { timeout: 45_000, message: `teacher decodes both students\n${world().hpb.logs().slice(-3000)}` })
    .toBe(2);

  const panel = teacherPage.getByRole('region', { name: 'Gruppenräume' });
  await expect(panel.getByRole('spinbutton', { name: 'Anzahl der Gruppen' })).toHaveValue('2');
  await expectNoAxeViolations(teacherPage);
  await panel.getByRole('button', { name: 'Gruppenräume starten' }).click();

  // Each student's client follows the signaling server's switchto into its own group, and is in that group's call.
  for (const s of students) {
    await expect(groupPanel(s.page), `${await s.page.title()}: in a group\n${world().hpb.logs().slice(-3000)}`).toBeVisible({ timeout: 45_000 });
    await expect(s.call).toHaveAttribute('data-transport-state', 'connected', { timeout: 30_000 });
  }
  const groups = [await groupOf(lena.page), await groupOf(jonas.page)];
  expect(new Set(groups)).toEqual(new Set(['Gruppenraum 1', 'Gruppenraum 2']));
  // Students stay students there: no teacher panel, no moderation; they can ask for help.
  for (const s of students) {
    await expect(s.page.getByRole('region', { name: 'Gruppenräume' })).toHaveCount(0);
    await expect(s.page.getByRole('button', { name: 'Alle stummschalten' })).toHaveCount(0);
  }
  await expect(panel.getByText('Lena Becker')).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByText('Jonas Weber')).toBeVisible();
  await expectNoAxeViolations(lena.page);

  await lena.button('Hilfe anfordern').click();
  await expect(groupPanel(lena.page).getByText('Deine Lehrkraft sieht, dass deine Gruppe Hilfe braucht.')).toBeVisible();
  await expect(panel.getByRole('heading', { name: `${groups[0] ?? ''} bittet um Hilfe` })).toBeVisible({ timeout: 20_000 });

  // A message to all groups lands in both groups' chats.
  await panel.getByRole('textbox', { name: 'Nachricht an alle Gruppen' }).fill('Noch 5 Minuten, dann stellt ihr vor.');
  await panel.getByRole('button', { name: 'An alle Gruppen senden' }).click();
  await expect(panel.getByText('Die Nachricht ist in allen Gruppen angekommen.')).toBeVisible();
  for (const s of students) await expect(groupPanel(s.page).getByText('Noch 5 Minuten, dann stellt ihr vor.')).toBeVisible({ timeout: 20_000 });
  await expectNoAxeViolations(teacherPage);
  // On a 320 px phone the panel (groups, members, message form) fits without sideways scrolling, for both sides.
  for (const p of [teacherPage, lena.page]) {
    const size = p.viewportSize();
    await p.setViewportSize({ width: 320, height: 800 });
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    if (size !== null) await p.setViewportSize(size);
  }

  // The teacher visits Lena's group: connected there, Lena decodes the teacher's video on a new connection.
  const visitAt = await lena.page.evaluate<number>('Date.now()');
  await panel.getByRole('button', { name: `${groups[0] ?? ''} besuchen` }).click();
  await expect(panel.getByText(`Du besuchst ${groups[0] ?? ''}.`)).toBeVisible({ timeout: 45_000 });
  await expect
    .poll(() => remotesWithVideo(lena.page, visitAt), { timeout: 45_000, message: `Lena sees the visiting teacher\n${world().hpb.logs().slice(-3000)}` })
    .toBe(1);

  // Ending the groups: Talk sends everyone in them (the visiting teacher too) back; all three are in one call again.
  const endAt = await teacherPage.evaluate<number>('Date.now()');
  await panel.getByRole('button', { name: 'Gruppenräume beenden' }).click();
  for (const s of students) await expect(groupPanel(s.page)).toHaveCount(0, { timeout: 45_000 });
  await expect(panel.getByText(/^Du besuchst/)).toHaveCount(0, { timeout: 45_000 });
  await expect(panel.getByRole('button', { name: 'Gruppenräume erneut starten' })).toBeVisible();
  await expect
    .poll(() => Promise.all([teacherPage, lena.page, jonas.page].map((p) => remotesWithVideo(p, endAt))), {
      timeout: 60_000,
      message: `everyone back in the lesson's call\n${world().hpb.logs().slice(-3000)}`,
    })
    .toEqual([2, 2, 2]);
});
