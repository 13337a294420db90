import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startHpb } from '../../devserver/src/signaling/hpb-processes.js';
import { freePort } from '../fixtures/school.js';

/**
 * "30 signaling-only clients joining within one second are all admitted": the real nextcloud-spreed-signaling
 * server with the dev server as its Talk backend; the clients (hello v2 with Talk's token, room join with their
 * Talk session) run in signaling-admission-run.ts. Numbers go to docs/benchmarks.md ("Lesson admission").
 */

interface Result {
  clients: number;
  windowMs: number;
  startSpreadMs: number;
  admitted: number;
  errors: string[];
  helloMs: { p50: number; p95: number; max: number };
  joinMs: { p50: number; p95: number; max: number };
  allJoinedAfterMs: number;
  seeEveryone: number;
}

test('30 signaling-only clients joining within one second are all admitted', async () => {
  test.setTimeout(120_000);
  const devPort = await freePort();
  const hpb = await startHpb(`http://127.0.0.1:${String(devPort)}`);
  try {
    const child = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', '--import', 'tsx', 'e2e/lessons/signaling-admission-run.ts'], {
      env: { ...process.env, ADMISSION_DEV_PORT: String(devPort), ADMISSION_SIGNALING_URL: hpb.url, ADMISSION_SECRET: hpb.secret, ADMISSION_CLIENTS: '30', ADMISSION_WINDOW_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const line = out.split('\n').find((l) => l.startsWith('ADMISSION '));
    expect(line, `runner exited with ${String(code)}:\n${out}\n${hpb.logs().slice(-3000)}`).toBeDefined();
    const result = JSON.parse((line ?? '').slice('ADMISSION '.length)) as Result;
    console.log(`lesson admission: ${JSON.stringify(result)}`);
    expect(result.startSpreadMs).toBeLessThan(1000);
    expect(result.errors).toEqual([]);
    expect(result.admitted).toBe(30);
    expect(result.seeEveryone).toBe(30);
    expect(code).toBe(0);
  } finally {
    await hpb.close();
  }
});
