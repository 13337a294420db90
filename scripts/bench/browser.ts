import { chromium, type Browser, type Page } from '@playwright/test';
import { freePort, startNodeProcess, stopProcess } from './support.js';
import type { ChildProcess } from 'node:child_process';
import { startHpb, type Hpb } from '../../devserver/src/signaling/hpb-processes.js';

export const PASSWORD = 'klassenraum';
export const CSRF = { 'x-requested-with': 'klassenraum' };

/** Debian's Chromium with the flags of playwright.config.ts (Playwright's own browser downloads are not used). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** From the app's login screen through Nextcloud's login and consent pages back into the app's home. */
export async function signInInBrowser(page: Page, appUrl: string, user: string): Promise<void> {
  await page.goto(`${appUrl}/`);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByLabel('Account name or email').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Grant access' }).click();
  await page.getByRole('heading', { level: 1, name: 'Meine Klassen' }).waitFor();
}

/** The teacher sets up class 7a's space (folder, chat, board) with the home screen's button, as in e2e/teams. */
export async function provisionClass7a(browser: Browser, appUrl: string): Promise<void> {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await signInInBrowser(page, appUrl, 'schmidt');
  await page.getByText('Klassen werden geladen …').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Klassenraum für Klasse 7a einrichten' }).click();
  await page.getByText(/^Fertig\./).waitFor({ timeout: 30_000 });
  await context.close();
}

export interface BenchSchool {
  appUrl: string;
  devUrl: string;
  dev: ChildProcess;
  gateway: ChildProcess;
  /** Talk's high-performance backend (Janus + nextcloud-spreed-signaling), when asked for. */
  hpb: Hpb | null;
  close(): Promise<void>;
}

/** Dev server and gateway each in their own Node process (so their RSS is their own), OAuth2 as in production;
 * the gateway serves the app built into `dist`. With `hpb`, Talk has a high-performance backend as in e2e/lessons. */
export async function startBenchSchool(dist: string, extraStudents = 0, { hpb: withHpb = false }: { hpb?: boolean } = {}): Promise<BenchSchool> {
  const devPort = await freePort();
  const gwPort = await freePort();
  const devUrl = `http://127.0.0.1:${devPort}`;
  // "localhost" as the browser sees it: a secure context, so the service worker registers.
  const appUrl = `http://localhost:${gwPort}`;
  const hpb = withHpb ? await startHpb(devUrl) : null;
  const signaling: Record<string, string> = hpb === null ? {} : { DEVSERVER_SIGNALING_URL: hpb.url, DEVSERVER_SIGNALING_SECRET: hpb.secret };
  const dev = await startNodeProcess(
    'scripts/bench/devserver-with-client.ts',
    { DEVSERVER_PORT: String(devPort), DEVSERVER_QUIET: '1', DEVSERVER_EXTRA_STUDENTS: String(extraStudents), BENCH_REDIRECT_URI: `${appUrl}/auth/callback`, ...signaling },
    `${devUrl}/status.php`,
  );
  const gateway = await startNodeProcess(
    'gateway/src/main.ts',
    { PORT: String(gwPort), HOST: '127.0.0.1', APP_URL: appUrl, NEXTCLOUD_URL: devUrl, OAUTH_CLIENT_ID: 'klassenraum-bench', OAUTH_CLIENT_SECRET: 'bench-secret', STATIC_DIR: dist, ...(hpb === null ? {} : { CSP_CONNECT_SRC: hpb.url.replace(/^http/, 'ws') }) },
    `http://127.0.0.1:${gwPort}/healthz`,
  );
  return {
    appUrl,
    devUrl,
    dev,
    gateway,
    hpb,
    async close() {
      await stopProcess(gateway);
      await stopProcess(dev);
      await hpb?.close();
    },
  };
}
