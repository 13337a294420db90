/**
 * `npm run screenshots`: the README's pictures, taken afresh. Starts the demo school on loopback (dev server, gateway
 * on the built app, and Talk's high-performance backend when janus and nextcloud-spreed-signaling are installed),
 * signs in a teacher and a student in Chromium and writes PNGs of the main screens at 1280×800 and on a 768×1024
 * tablet into docs/screenshots/. The school's state is thrown away afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startDevServer } from '../devserver/src/server.js';
import { hpbInstalled, startHpb, type Hpb } from '../devserver/src/signaling/hpb-processes.js';
import { loadConfig } from '../gateway/src/config.js';
import { startGateway } from '../gateway/src/server.js';
import { freePort } from '../gateway/testing/free-port.js';

const OUT = path.resolve('docs/screenshots');
const PASSWORD = 'klassenraum';
const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;
type Size = (typeof SIZES)[number];

interface World {
  appUrl: string;
  video: boolean;
  close: () => Promise<void>;
}

async function startWorld(): Promise<World> {
  const [port, devPort] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${String(port)}`;
  const devUrl = `http://127.0.0.1:${String(devPort)}`;
  const stateDir = mkdtempSync(path.join(tmpdir(), 'klassenraum-screenshots-'));
  const hpb: Hpb | null = hpbInstalled() && process.env['DEMO_VIDEO'] !== '0' ? await startHpb(devUrl) : null;
  const clientId = 'klassenraum-screenshots';
  const clientSecret = 'klassenraum-screenshots-secret';
  const devserver = await startDevServer({
    host: '127.0.0.1',
    port: devPort,
    quiet: true,
    stateFile: path.join(stateDir, 'demo.json'),
    oauthClients: [{ name: 'Klassenraum', clientId, clientSecret, redirectUri: `${appUrl}/auth/callback` }],
    ...(hpb === null ? {} : { signalingServer: { url: hpb.url, secret: hpb.secret } }),
  });
  const gateway = await startGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_URL: appUrl,
      NEXTCLOUD_URL: devserver.url,
      OAUTH_CLIENT_ID: clientId,
      OAUTH_CLIENT_SECRET: clientSecret,
      STATIC_DIR: path.resolve('dist'),
      ...(hpb === null ? {} : { CSP_CONNECT_SRC: hpb.url.replace(/^http/, 'ws') }),
    }),
    { log: () => undefined },
  );
  return {
    appUrl,
    video: hpb !== null,
    close: async () => {
      await gateway.close();
      await devserver.close();
      await hpb?.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The lesson screens show Chromium's test pattern as the camera.
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
    ],
  });
}

async function signIn(browser: Browser, world: World, user: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: world.appUrl, locale: 'de-DE', permissions: ['camera', 'microphone'], viewport: SIZES[0] });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByLabel('Account name or email').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Grant access' }).click();
  await page.getByRole('heading', { level: 1, name: 'Meine Klassen' }).waitFor({ timeout: 30_000 });
  return page;
}

/** Waits until nothing says "loading" any more, then writes `<name>-<size>.png`. */
async function shoot(page: Page, name: string, size: Size): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.getByText(/(geladen|Wird geladen) …$/).first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  // Let the layout settle after the resize (fonts, lazy chunks) before the picture.
  await page.waitForTimeout(400);
  const file = path.join(OUT, `${name}-${size.name}.png`);
  await page.screenshot({ path: file });
  process.stdout.write(`  ${path.relative(process.cwd(), file)} (${String(Math.round(statSync(file).size / 1024))} KB)\n`);
}

async function shootBoth(page: Page, name: string): Promise<void> {
  for (const size of SIZES) await shoot(page, name, size);
}

async function classScreens(teacher: Page): Promise<void> {
  await teacher.getByRole('button', { name: 'Klassenraum für Klasse 7a einrichten' }).click();
  await teacher.getByRole('list', { name: 'Deine Klassen' }).getByRole('link', { name: 'Klasse 7a' }).waitFor({ timeout: 30_000 });
  await shootBoth(teacher, 'home-teacher');
  await teacher.goto('/klassen/7a?ansicht=chat');
  const box = teacher.getByLabel('Nachricht schreiben', { exact: true });
  await box.waitFor({ timeout: 30_000 });
  await box.fill('Guten Morgen, 7a! Heute um 8 Uhr Videounterricht, die Aufgaben findet ihr unter „Aufgaben“.');
  await box.press('Enter');
  await teacher.getByText('Guten Morgen, 7a!').first().waitFor();
  await shootBoth(teacher, 'class-chat');
  await teacher.goto('/klassen/7a?ansicht=dateien');
  await shootBoth(teacher, 'class-files');
  await teacher.goto('/klassen/7a?ansicht=aufgaben');
  await shootBoth(teacher, 'class-assignments');
  await teacher.goto('/klassen/7a?ansicht=unterricht');
  await teacher.getByRole('heading', { name: 'Videounterricht' }).waitFor({ timeout: 30_000 });
  await shootBoth(teacher, 'lesson-lobby-teacher');
}

async function lessonScreens(world: World, teacher: Page, student: Page): Promise<void> {
  if (!world.video) {
    process.stdout.write('  (no janus/nextcloud-spreed-signaling: no video lesson pictures)\n');
    return;
  }
  await teacher.setViewportSize(SIZES[0]);
  await teacher.getByRole('button', { name: 'Unterricht starten' }).click();
  await teacher.getByRole('region', { name: 'Unterricht' }).waitFor({ timeout: 30_000 });
  await student.goto('/klassen/7a?ansicht=unterricht');
  await student.getByRole('button', { name: 'Unterricht beitreten' }).click();
  await student.getByRole('region', { name: 'Unterricht' }).waitFor({ timeout: 30_000 });
  await student.getByRole('button', { name: 'Hand heben' }).click();
  // Both pictures arrive (the fake camera's pattern) before the pictures are taken.
  for (const page of [teacher, student]) {
    await page.waitForFunction('[...document.querySelectorAll("video")].filter((v) => !v.hidden && v.videoWidth > 0).length >= 2', undefined, { timeout: 30_000 });
  }
  await shootBoth(teacher, 'lesson-call-teacher');
  await shootBoth(student, 'lesson-call-student');
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const world = await startWorld();
  const browser = await launch();
  try {
    const login = await (await browser.newContext({ baseURL: world.appUrl, locale: 'de-DE' })).newPage();
    await login.goto('/login');
    await login.getByRole('button', { name: 'Anmelden' }).waitFor();
    await shootBoth(login, 'login');

    const teacher = await signIn(browser, world, 'schmidt');
    await classScreens(teacher);
    const student = await signIn(browser, world, 's7a1');
    await shootBoth(student, 'home-student');
    await student.goto('/klassen/7a?ansicht=aufgaben');
    await shootBoth(student, 'class-assignments-student');
    await student.goto('/klassen/7a?ansicht=unterricht');
    await student.getByRole('heading', { name: 'Videounterricht' }).waitFor({ timeout: 30_000 });
    await shootBoth(student, 'lesson-lobby-student');
    await lessonScreens(world, teacher, student);
  } finally {
    await browser.close();
    await world.close();
  }
}

await main();
