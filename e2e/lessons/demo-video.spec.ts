import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../fixtures/school.js';
import { LessonPage, launchLessonBrowser, remotesWithVideo, signedIn, teacherWithClass, type LessonBrowser } from './lesson-page.js';

/**
 * The demo school as `npm start` runs it (its second step, scripts/demo.ts, on the build the e2e run made): with
 * janus and nextcloud-spreed-signaling installed it starts them itself, and a teacher and a student hold a video
 * lesson without any other set-up.
 */

interface Demo {
  appUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

async function startDemo(): Promise<Demo> {
  const [port, devserverPort] = [await freePort(), await freePort()];
  const stateDir = mkdtempSync(path.join(tmpdir(), 'klassenraum-demo-'));
  const proc: ChildProcess = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/demo.ts'], {
    env: { ...process.env, PORT: String(port), DEVSERVER_PORT: String(devserverPort), DEVSERVER_STATE_FILE: path.join(stateDir, 'demo.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await expect.poll(() => out, { timeout: 60_000, message: 'the demo prints its addresses' }).toContain('Beenden / stop');
  return {
    appUrl: `http://localhost:${String(port)}`,
    output: () => out,
    stop: async () => {
      proc.kill('SIGTERM');
      const code = await exited;
      rmSync(stateDir, { recursive: true, force: true });
      return code;
    },
  };
}

test('npm start with janus and the signaling server installed: a teacher and a student see each other in a lesson', async () => {
  test.setTimeout(180_000);
  const demo = await startDemo();
  const world: LessonBrowser = { browser: await launchLessonBrowser(), contexts: [], school: { appUrl: demo.appUrl } };
  try {
    expect(demo.output()).toMatch(/Video: Talk-HPB/);

    const teacher = await teacherWithClass(world);
    await teacher.open();
    await teacher.start();

    const student = new LessonPage(await signedIn(world, 's7a1', 'Lena Becker'));
    await student.open();
    await student.join();

    await expect.poll(() => remotesWithVideo(teacher.page), { timeout: 30_000, message: `teacher decodes the student's video\n${demo.output().slice(-2000)}` }).toBe(1);
    await expect.poll(() => remotesWithVideo(student.page), { timeout: 30_000, message: "student decodes the teacher's video" }).toBe(1);
  } finally {
    for (const c of world.contexts) await c.close();
    await world.browser.close();
    // The demo stops its servers on SIGTERM and exits cleanly.
    expect(await demo.stop()).toBe(0);
  }
});
