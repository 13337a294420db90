/**
 * What the dev server acknowledged is on disk: a SIGKILL right after the answer loses nothing. The server
 * runs as a child process (the CLI, with a state file), is killed without warning and started again on
 * the same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer } from './server.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const auth = { authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}` };
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** The CLI on a free loopback port; resolves with its URL once it listens. */
function startChild(stateFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, DEVSERVER_PORT: '0', DEVSERVER_HOST: '127.0.0.1', DEVSERVER_QUIET: '1', DEVSERVER_STATE_FILE: stateFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ url, child });
    });
    child.once('exit', (code, signal) => reject(new Error(`dev server exited early (${String(code ?? signal)}): ${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('dev server durability', () => {
  it('chunks and a file acknowledged just before a SIGKILL are there after the restart', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devserver-kill-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const first = await startChild(stateFile);
    const upload = `${first.url}/remote.php/dav/uploads/s7a1/web-file-upload-kill`;
    expect((await fetch(upload, { method: 'MKCOL', headers: auth })).status).toBe(201);
    expect((await fetch(`${upload}/00001`, { method: 'PUT', headers: auth, body: 'a'.repeat(1000) })).status).toBe(201);
    expect((await fetch(`${upload}/00002`, { method: 'PUT', headers: auth, body: 'b'.repeat(500) })).status).toBe(201);
    expect((await fetch(`${first.url}/remote.php/dav/files/s7a1/Notiz.txt`, { method: 'PUT', headers: auth, body: 'gesichert\n' })).status).toBe(201);
    await killed(first.child);

    const second = await startChild(stateFile);
    const listing = await fetch(`${second.url}/remote.php/dav/uploads/s7a1/web-file-upload-kill`, { method: 'PROPFIND', headers: { ...auth, depth: '1' } });
    expect(listing.status).toBe(207);
    const text = await listing.text();
    const hrefs = [...text.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => m[1]?.split('/').pop());
    expect(hrefs).toEqual(['', '.file', '00001', '00002']);
    expect(text).toContain('<d:getcontentlength>1000</d:getcontentlength>');
    expect(text).toContain('<d:getcontentlength>500</d:getcontentlength>');
    expect(await (await fetch(`${second.url}/remote.php/dav/files/s7a1/Notiz.txt`, { headers: auth })).text()).toBe('gesichert\n');
    await killed(second.child);
  });

  it('a change that cannot be written to the state file is answered 500, not acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devserver-unwritable-'));
    dirs.push(dir);
    const server = await startDevServer({ quiet: true, stateFile: join(dir, 'state', 'state.json') });
    try {
      // A file where the state folder should be: every write of the state fails.
      writeFileSync(join(dir, 'state'), 'not a folder');
      const put = await fetch(`${server.url}/remote.php/dav/files/s7a1/Notiz.txt`, { method: 'PUT', headers: auth, body: 'x' });
      expect(put.status).toBe(500);
    } finally {
      rmSync(join(dir, 'state'), { force: true });
      await server.close();
    }
  });
});
