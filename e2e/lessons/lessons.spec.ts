import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { startHpb, type Hpb } from '../fixtures/hpb.js';
import { DEMO_PASSWORD, freePort, startSchool, type School } from '../fixtures/school.js';
import { HomePage } from '../teams/class-pages.js';

/**
 * Video lessons on Talk's high-performance backend: real Janus and nextcloud-spreed-signaling, the dev server as
 * their Talk backend, Chromium with fake camera and microphone (its own launch: the flags are for this file only).
 */

/** Every RTCPeerConnection the app makes, so the test can read WebRTC stats. */
const TRACK_PEER_CONNECTIONS = `(() => {
  const Original = globalThis.RTCPeerConnection;
  const all = [];
  globalThis.__lessonPeerConnections = all;
  globalThis.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); this.__createdAt = Date.now(); all.push(this); }
  };
})();`;

/** framesDecoded of inbound video per open peer connection made since `since` (ms) that receives video (one per remote participant). */
const decodedFramesScript = (since: number): string => `(async () => {
  const out = [];
  for (const pc of globalThis.__lessonPeerConnections ?? []) {
    if (pc.connectionState === 'closed' || pc.__createdAt < ${String(since)}) continue;
    const stats = await pc.getStats();
    let frames = -1;
    stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = Math.max(frames, 0) + (s.framesDecoded ?? 0); });
    if (frames >= 0) out.push(frames);
  }
  return out;
})()`;

async function decodedFrames(page: Page, since = 0): Promise<number[]> {
  return page.evaluate<number[]>(decodedFramesScript(since));
}

/** How many remote participants this page decodes video from (on connections made since `since`). */
async function remotesWithVideo(page: Page, since = 0): Promise<number> {
  return (await decodedFrames(page, since)).filter((f) => f > 0).length;
}

let hpb: Hpb;
let school: School;
let browser: Browser;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const devPort = await freePort();
  hpb = await startHpb(`http://127.0.0.1:${String(devPort)}`);
  school = await startSchool({ port: devPort, signalingServer: { url: hpb.url, secret: hpb.secret } }, { CSP_CONNECT_SRC: hpb.url.replace(/^http/, 'ws') });
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
    ],
  });
});

test.afterAll(async () => {
  if (process.env['LESSONS_DEBUG_LOG'] !== undefined) (await import('node:fs')).writeFileSync(process.env['LESSONS_DEBUG_LOG'], hpb.logs());
  for (const c of contexts) await c.close();
  await browser.close();
  await school.close();
  await hpb.close();
});

async function signedIn(user: string, displayName: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE', permissions: ['camera', 'microphone'] });
  contexts.push(context);
  await context.addInitScript({ content: TRACK_PEER_CONNECTIONS });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (process.env['LESSONS_DEBUG_LOG'] !== undefined) console.log(`[${user}] ${m.text()}`);
  });
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud(user, DEMO_PASSWORD);
  await new AppShell(page).expectSignedInAs(displayName);
  return page;
}

async function openLessonTab(page: Page): Promise<void> {
  await page.goto('/klassen/7a?ansicht=unterricht');
  await expect(page.getByRole('heading', { name: 'Videounterricht' })).toBeVisible({ timeout: 30_000 });
}

test('teacher and student see each other; the student cannot unmute; a signaling restart heals without reload', async () => {
  test.setTimeout(240_000);
  const teacher = await signedIn('schmidt', 'Frau Schmidt');
  const home = new HomePage(teacher);
  await home.waitForClasses();
  await home.setUpButton('Klasse 7a').click();
  await expect(home.classCard('Klasse 7a')).toBeVisible();

  // Starting a lesson puts the room in lesson mode (students: no starting calls, no microphone until granted).
  await openLessonTab(teacher);
  await teacher.getByRole('button', { name: 'Unterricht starten' }).click();
  await expect(teacher.getByRole('region', { name: 'Unterricht' })).toBeVisible({ timeout: 30_000 });
  await teacher.getByRole('button', { name: 'Verlassen' }).click();
  await expect(teacher.getByRole('button', { name: 'Unterricht starten' })).toBeVisible();

  const student = await signedIn('s7a1', 'Lena Becker');
  await openLessonTab(student);
  // No lesson running: Talk refuses the student's call (403).
  await student.getByRole('button', { name: 'Unterricht beitreten' }).click();
  await expect(student.getByText('Der Unterricht hat noch nicht begonnen. Nur die Lehrkraft kann ihn starten.')).toBeVisible({ timeout: 30_000 });

  await teacher.getByRole('button', { name: 'Unterricht starten' }).click();
  await expect(teacher.getByRole('region', { name: 'Unterricht' })).toBeVisible({ timeout: 30_000 });
  await student.getByRole('button', { name: 'Unterricht beitreten' }).click();
  await expect(student.getByRole('region', { name: 'Unterricht' })).toBeVisible({ timeout: 30_000 });

  await expect.poll(() => remotesWithVideo(teacher), { timeout: 20_000, message: `teacher decodes the student's video\n${hpb.logs().slice(-3000)}` }).toBe(1);
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
  await hpb.restartSignaling();
  const restartedAt = Date.now();
  await expect
    .poll(async () => [await remotesWithVideo(teacher, stoppedAt), await remotesWithVideo(student, stoppedAt)], {
      timeout: 10_000,
      message: `fresh video on both sides after the signaling restart\n${hpb.logs().slice(-3000)}`,
    })
    .toEqual([1, 1]);
  expect(Date.now() - restartedAt).toBeLessThan(10_000);
  expect(navigations).toEqual([]);
});
