import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { startHpb, type Hpb } from '../../devserver/src/signaling/hpb-processes.js';
import { DEMO_PASSWORD, freePort, startSchool, type School } from '../fixtures/school.js';
import { HomePage } from '../teams/class-pages.js';

/**
 * Shared by the lesson specs: a school whose dev server has a real HPB (Janus + nextcloud-spreed-signaling),
 * Chromium with fake camera and microphone, and WebRTC stats read from every peer connection the app makes.
 */

/** Every RTCPeerConnection the app makes, so the test can read WebRTC stats; the fake camera kept small (2 cores, 4 pages). */
const INIT_SCRIPT = `(() => {
  const Original = globalThis.RTCPeerConnection;
  const all = [];
  globalThis.__lessonPeerConnections = all;
  globalThis.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); this.__createdAt = Date.now(); all.push(this); }
  };
  const md = navigator.mediaDevices;
  const gum = md.getUserMedia.bind(md);
  const small = { width: { ideal: 160 }, height: { ideal: 120 }, frameRate: { ideal: 10, max: 10 } };
  md.getUserMedia = (c) => gum(c && c.video ? { ...c, video: c.video === true ? small : { ...c.video, ...small } } : c);
})();`;

/** Per open peer connection made since `since` (ms) that receives `kind`: [its index, the inbound counter summed]. */
const inboundScript = (kind: 'audio' | 'video', since: number): string => `(async () => {
  const out = [];
  const all = globalThis.__lessonPeerConnections ?? [];
  for (let i = 0; i < all.length; i++) {
    const pc = all[i];
    if (pc.connectionState === 'closed' || pc.__createdAt < ${String(since)}) continue;
    const stats = await pc.getStats();
    let n = -1;
    stats.forEach((s) => {
      if (s.type !== 'inbound-rtp' || s.kind !== '${kind}') return;
      n = Math.max(n, 0) + (${kind === 'video' ? 's.framesDecoded' : 's.packetsReceived'} ?? 0);
    });
    if (n >= 0) out.push([i, n]);
  }
  return out;
})()`;

/** framesDecoded of inbound video per peer connection (one per remote participant). */
export async function decodedFrames(page: Page, since = 0): Promise<number[]> {
  return (await page.evaluate<[number, number][]>(inboundScript('video', since))).map(([, n]) => n);
}

/** How many remote participants this page decodes video from (on connections made since `since`). */
export async function remotesWithVideo(page: Page, since = 0): Promise<number> {
  return (await decodedFrames(page, since)).filter((f) => f > 0).length;
}

/** How many remote participants' audio reaches this page right now: inbound audio packets growing over ~1.5 s. */
export async function remotesWithAudio(page: Page): Promise<number> {
  const before = new Map(await page.evaluate<[number, number][]>(inboundScript('audio', 0)));
  await page.waitForTimeout(1500);
  const after = await page.evaluate<[number, number][]>(inboundScript('audio', 0));
  // Connections may come and go between the samples; count the growing ones among those present both times.
  return after.filter(([i, n]) => n > (before.get(i) ?? Infinity)).length;
}

export interface LessonWorld {
  hpb: Hpb;
  school: School;
  browser: Browser;
  contexts: BrowserContext[];
  close(): Promise<void>;
}

/** Chromium with a fake camera and microphone that may connect peers on loopback. */
export function launchLessonBrowser(): Promise<Browser> {
  return chromium.launch({
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
}

export async function startLessonWorld(): Promise<LessonWorld> {
  const devPort = await freePort();
  const hpb = await startHpb(`http://127.0.0.1:${String(devPort)}`);
  const school = await startSchool({ port: devPort, signalingServer: { url: hpb.url, secret: hpb.secret } }, { CSP_CONNECT_SRC: hpb.url.replace(/^http/, 'ws') });
  const browser = await launchLessonBrowser();
  const contexts: BrowserContext[] = [];
  return {
    hpb,
    school,
    browser,
    contexts,
    close: async () => {
      if (process.env['LESSONS_DEBUG_LOG'] !== undefined) (await import('node:fs')).writeFileSync(process.env['LESSONS_DEBUG_LOG'], hpb.logs());
      for (const c of contexts) await c.close();
      await browser.close();
      await school.close();
      await hpb.close();
    },
  };
}

/**
 * One lesson world per spec file, its tests in order: the hooks start it before the file's first test and stop it
 * after the last. Returns the world (it exists once the file's beforeAll ran).
 */
export function lessonWorldForFile(): () => LessonWorld {
  let world: LessonWorld | null = null;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    world = await startLessonWorld();
  });
  test.afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (world === null) throw new Error('the lesson world starts in beforeAll');
    return world;
  };
}

/** The teacher signs in and sets up class 7a (its Talk conversation is the lesson room); not yet on the lesson tab. */
export async function teacherWithClass(world: LessonBrowser): Promise<LessonPage> {
  const page = await signedIn(world, 'schmidt', 'Frau Schmidt');
  const home = new HomePage(page);
  await home.waitForClasses();
  await home.setUpButton('Klasse 7a').click();
  await expect(home.classCard('Klasse 7a')).toBeVisible({ timeout: 30_000 });
  return new LessonPage(page);
}

/** What signing in needs of a world: its browser, the app's address, and where new contexts are kept for closing. */
export interface LessonBrowser {
  browser: Browser;
  contexts: BrowserContext[];
  school: Pick<School, 'appUrl'>;
}

export async function signedIn(world: LessonBrowser, user: string, displayName: string): Promise<Page> {
  const context = await world.browser.newContext({ baseURL: world.school.appUrl, locale: 'de-DE', permissions: ['camera', 'microphone'] });
  world.contexts.push(context);
  await context.addInitScript({ content: INIT_SCRIPT });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (process.env['LESSONS_DEBUG_LOG'] !== undefined) console.log(`[${user}] ${m.text()}`);
  });
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud(user, DEMO_PASSWORD);
  // Four Chromium pages with live video on a shared 2-core machine: the home screen may take longer than usual.
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible({ timeout: 30_000 });
  await new AppShell(page).expectSignedInAs(displayName);
  return page;
}

/** The class 7a's lesson tab and its controls, located by role and name. */
export class LessonPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/klassen/7a?ansicht=unterricht');
    await expect(this.page.getByRole('heading', { name: 'Videounterricht' })).toBeVisible({ timeout: 30_000 });
  }

  get call() {
    return this.page.getByRole('region', { name: 'Unterricht' });
  }

  button(name: string | RegExp) {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  async start(): Promise<void> {
    await this.button('Unterricht starten').click();
    await expect(this.call).toBeVisible({ timeout: 30_000 });
  }

  async join(): Promise<void> {
    await this.button('Unterricht beitreten').click();
    await expect(this.call).toBeVisible({ timeout: 30_000 });
  }

  get handQueue() {
    return this.page.getByRole('region', { name: 'Wortmeldungen' });
  }
}
