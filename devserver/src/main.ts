/**
 * CLI: starts the development server from the environment and prints its URL.
 * DEVSERVER_HOST (127.0.0.1), DEVSERVER_PORT (8081), DEVSERVER_PUBLIC_URL, DEVSERVER_ACCESS_TOKEN_TTL (s),
 * DEVSERVER_STATE_FILE, DEVSERVER_QUIET=1, DEVSERVER_EXTRA_STUDENTS (extra students in class 7a, for load benchmarks),
 * DEVSERVER_BRUTEFORCE_DELAY (scale of Nextcloud's brute-force delays: 1 real, 0 off; default 0.1),
 * DEVSERVER_EXTRA_SCHOOL=ucsatschool (a second school with UCS@school group names beside the demo school).
 */
import { startDevServer, type DevServerOptions } from './server.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function scaleFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0, got "${raw}"`);
  return n;
}

const opts: DevServerOptions = {
  host: process.env['DEVSERVER_HOST'] ?? '127.0.0.1',
  port: intFromEnv('DEVSERVER_PORT', 8081),
  accessTokenTtlSeconds: intFromEnv('DEVSERVER_ACCESS_TOKEN_TTL', 3600),
  quiet: process.env['DEVSERVER_QUIET'] === '1',
  extraStudents: intFromEnv('DEVSERVER_EXTRA_STUDENTS', 0),
  bruteforceDelayScale: scaleFromEnv('DEVSERVER_BRUTEFORCE_DELAY', 0.1),
};
const publicUrl = process.env['DEVSERVER_PUBLIC_URL'];
if (publicUrl !== undefined && publicUrl !== '') opts.publicUrl = publicUrl;
const extraSchool = process.env['DEVSERVER_EXTRA_SCHOOL'];
if (extraSchool === 'ucsatschool') opts.extraSchool = extraSchool;
else if (extraSchool !== undefined && extraSchool !== '') throw new Error(`DEVSERVER_EXTRA_SCHOOL must be "ucsatschool", got "${extraSchool}"`);
const stateFile = process.env['DEVSERVER_STATE_FILE'];
if (stateFile !== undefined && stateFile !== '') opts.stateFile = stateFile;

const server = await startDevServer(opts);
console.log(`Nextcloud development server listening on ${server.url}`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
