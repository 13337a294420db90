import { expect, test, type Page } from '@playwright/test';
import { LessonPage, lessonWorldForFile, remotesWithAudio, remotesWithVideo, signedIn, teacherWithClass } from './lesson-page.js';

/**
 * The word mid-lesson on the real HPB: a student who was given the word is heard by the teacher, and keeps being
 * seen when the word is taken back (the signaling server closes a publisher whose audio is no longer allowed).
 */

const world = lessonWorldForFile();

test('a student given the word is heard, and still seen when the hand goes down; who speaks is announced; the teacher shares the screen and switches cameras off and on', async () => {
  test.setTimeout(300_000);
  const teacher = await teacherWithClass(world());
  const teacherPage = teacher.page;
  await teacher.open();
  await teacher.start();
  const lena = new LessonPage(await signedIn(world(), 's7a1', 'Lena Becker'));
  await lena.open();
  await lena.join();

  await expect.poll(() => remotesWithVideo(teacher.page), { timeout: 30_000, message: `teacher decodes Lena\n${world().hpb.logs().slice(-3000)}` }).toBe(1);
  await expect.poll(() => remotesWithAudio(teacher.page), { timeout: 10_000 }).toBe(0);

  // She tries first (students will): refused by the server, which must not spoil the microphone granted later.
  await lena.button('Mikrofon an').click();
  await expect(lena.page.getByText('Du darfst noch nicht sprechen. Deine Lehrkraft muss dir das Mikrofon freigeben.')).toBeVisible();
  await lena.button('Hand heben').click();
  await teacher.button('Sprechen erlauben: Lena Becker').click();
  await expect(lena.page.getByText('Du darfst jetzt sprechen. Schalte dein Mikrofon ein.')).toBeVisible();
  await lena.button('Mikrofon an').click();
  await expect(lena.button('Mikrofon aus')).toHaveAttribute('aria-pressed', 'true');
  // Her microphone reaches the teacher (inbound audio packets from her growing), and her video still does.
  await expect.poll(() => remotesWithAudio(teacher.page), { timeout: 20_000, message: `teacher hears Lena\n${world().hpb.logs().slice(-4000)}` }).toBe(1);
  const grantedAt = await teacherPage.evaluate<number>('Date.now()');
  await expect.poll(() => remotesWithVideo(teacher.page), { timeout: 20_000 }).toBe(1);

  // The hand goes down: the word is taken back by the server; the teacher no longer hears her but still sees her.
  await lena.button('Hand senken').click();
  await expect(lena.button('Mikrofon an')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => remotesWithAudio(teacher.page), { timeout: 20_000 }).toBe(0);
  const loweredAt = await teacherPage.evaluate<number>('Date.now()');
  expect(loweredAt).toBeGreaterThan(grantedAt);
  await expect
    .poll(async () => (await remotesWithVideo(teacher.page)) === 1 && (await framesGrow(teacher.page)), {
      timeout: 20_000,
      message: `teacher still sees Lena after the word was taken back\n${world().hpb.logs().slice(-4000)}`,
    })
    .toBe(true);

  // The teacher's fake microphone beeps: Lena's screen reader hears who speaks (from the HPB's WebRTC statistics).
  await expect(lena.call.locator('[aria-live="polite"]').filter({ hasText: 'Es spricht: Frau Schmidt' })).toHaveCount(1, { timeout: 20_000 });

  // Screen share: students may not (no button), the teacher shares and Lena receives the screen as its own video.
  await expect(lena.button('Bildschirm teilen')).toHaveCount(0);
  await teacher.button('Bildschirm teilen').click();
  await expect(teacher.button('Freigabe beenden')).toBeVisible({ timeout: 20_000 });
  const screen = lena.page.getByRole('region', { name: 'Unterricht' }).getByLabel('Bildschirm von Frau Schmidt');
  await expect(screen).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => screen.evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && (v.srcObject as MediaStream | null)?.getVideoTracks()[0]?.readyState === 'live'), {
      timeout: 20_000,
      message: `Lena receives the teacher's screen\n${world().hpb.logs().slice(-3000)}`,
    })
    .toBe(true);
  await teacher.button('Freigabe beenden').click();
  await expect(screen).toHaveCount(0, { timeout: 20_000 });

  // The teacher switches the students' cameras off: the server stops Lena's camera and refuses it until allowed again.
  await teacher.button('Kameras der Schüler aus').click();
  await expect(teacher.button('Kameras der Schüler aus')).toHaveAttribute('aria-pressed', 'true');
  await expect(lena.button('Kamera an')).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => framesGrow(teacher.page), { timeout: 20_000, message: "Lena's camera stopped for the teacher" }).toBe(false);
  await lena.button('Kamera an').click();
  await expect(lena.page.getByText('Deine Lehrkraft hat die Kameras der Klasse ausgeschaltet.')).toBeVisible({ timeout: 20_000 });
  await teacher.button('Kameras der Schüler aus').click();
  await expect(teacher.button('Kameras der Schüler aus')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => {
    await lena.button(/^Kamera (an|aus)$/).filter({ hasText: 'Kamera an' }).click({ timeout: 2000 }).catch(() => undefined);
    return framesGrow(teacher.page);
  }, { timeout: 30_000, message: `Lena's camera back for the teacher\n${world().hpb.logs().slice(-3000)}` }).toBe(true);
  await expect(lena.button('Kamera aus')).toHaveAttribute('aria-pressed', 'true');
});

/** The newest inbound video keeps decoding frames (a frozen last frame would not count). */
async function framesGrow(page: Page): Promise<boolean> {
  const sample = (): Promise<number> =>
    page.evaluate<number>(`(async () => {
      let n = 0;
      for (const pc of globalThis.__lessonPeerConnections ?? []) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') n += s.framesDecoded ?? 0; });
      }
      return n;
    })()`);
  const before = await sample();
  await page.waitForTimeout(1500);
  return (await sample()) > before;
}
