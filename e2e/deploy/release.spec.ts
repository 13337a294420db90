import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startDevServer, type DevServer } from '../../devserver/src/server.js';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { DEMO_PASSWORD, freePort } from '../fixtures/school.js';

/**
 * The release a school installs: `npm run release` makes the tarball; unpacked in an empty folder, `npm ci
 * --omit=dev` installs only the gateway's runtime packages, and `npm start` runs the gateway that serves the
 * built app. Against the dev server as the school's Nextcloud, a student signs in.
 */

interface Installed {
  dir: string;
  entries: string[];
  tarEntries: string[];
}

function sh(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function buildAndInstall(workDir: string): Installed {
  const lines = sh(path.resolve('node_modules/.bin/tsx'), ['scripts/release.ts', '--out', workDir], process.cwd()).trim().split('\n');
  const tarball = lines[lines.length - 1] ?? '';
  const tarEntries = sh('tar', ['-tzf', tarball], workDir).split('\n').filter((l) => l !== '');
  const target = path.join(workDir, 'school');
  sh('mkdir', ['-p', target], workDir);
  sh('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], workDir);
  sh('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], target);
  return { dir: target, entries: readdirSync(path.join(target, 'node_modules')), tarEntries };
}

let work = '';
let installed: Installed;
let devserver: DevServer;
let gateway: ChildProcess;
let appUrl = '';
let gatewayOutput = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(path.join(tmpdir(), 'klassenraum-release-'));
  installed = buildAndInstall(work);
  const port = await freePort();
  appUrl = `http://localhost:${String(port)}`;
  devserver = await startDevServer({
    quiet: true,
    oauthClients: [{ name: 'Klassenraum', clientId: 'klassenraum-release', clientSecret: 'release-secret', redirectUri: `${appUrl}/auth/callback` }],
  });
  gateway = spawn('npm', ['start'], {
    cwd: installed.dir,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: String(port), APP_URL: appUrl, NEXTCLOUD_URL: devserver.url, OAUTH_CLIENT_ID: 'klassenraum-release', OAUTH_CLIENT_SECRET: 'release-secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  gateway.stdout?.on('data', (c: Buffer) => (gatewayOutput += c.toString('utf8')));
  gateway.stderr?.on('data', (c: Buffer) => (gatewayOutput += c.toString('utf8')));
  await expect.poll(() => gatewayOutput, { timeout: 30_000, message: 'the installed gateway starts' }).toContain('Klassenraum gateway on');
});

test.afterAll(async () => {
  if (gateway.exitCode === null) {
    const exited = new Promise((resolve) => gateway.once('exit', resolve));
    gateway.kill('SIGTERM');
    await exited;
  }
  await devserver.close();
  rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the built app and gateway only, and installs only runtime packages', () => {
  const top = new Set(installed.tarEntries.map((e) => e.split('/')[1] ?? '').filter((e) => e !== ''));
  expect([...top].sort()).toEqual(['LICENSE', 'README.md', 'build', 'deploy', 'dist', 'package-lock.json', 'package.json']);
  expect(installed.tarEntries.filter((e) => /devserver|\/e2e\/|\.test\.(js|ts)|\/testing\//.test(e))).toEqual([]);
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  for (const file of ['deploy/nginx/klassenraum.conf', 'deploy/systemd/klassenraum.service']) expect(installed.tarEntries).toContain(`klassenraum-${version}/${file}`);
  // Browser libraries are bundled into dist/ by Vite; the gateway needs none of them at run time.
  for (const browserOnly of ['react', 'react-dom', 'livekit-client', '@tanstack', 'vite', 'typescript']) expect(installed.entries).not.toContain(browserOnly);
  for (const runtime of ['sirv', 'zod', 'ioredis', 'livekit-server-sdk']) expect(installed.entries).toContain(runtime);
});

test('the installed gateway answers /healthz and a student signs in through Nextcloud', async ({ page }) => {
  const health = await fetch(`${appUrl}/healthz`);
  expect(health.status).toBe(200);

  await page.goto(appUrl);
  await new LoginPage(page).signInThroughNextcloud('s7a1', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible({ timeout: 30_000 });
  await new AppShell(page).expectSignedInAs('Lena Becker');
});
