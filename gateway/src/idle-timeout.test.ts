import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startGateway, type Gateway } from './server.js';
import { newSessionId, SESSION_COOKIE, storeKey } from './session-cookie.js';
import { MemorySessionStore } from './stores/memory-store.js';

// Timeouts shortened for the test; the defaults are minutes (config.ts, README).
const BODY_IDLE_SECONDS = '0.3';
const UPSTREAM_IDLE_SECONDS = '1.5';

/** Stands in for Nextcloud: counts its open connections, reads bodies to the end, and answers 201 (or never,
 * for paths under /remote.php/dav/files/u/silent). */
let nextcloud: http.Server;
let nextcloudUrl: string;
/** Nextcloud's side of the connections that carried the stalled uploads and the unanswered request. */
const stalledSockets = new Set<net.Socket>();
let bytesReceived = 0;
let gateway: Gateway;
let cookie: string;

beforeAll(async () => {
  nextcloud = http.createServer((req, res) => {
    if (/\/(up-\d+|silent)/.test(req.url ?? '')) stalledSockets.add(req.socket);
    req.on('data', (c: Buffer) => (bytesReceived += c.length));
    req.on('end', () => {
      if (req.url?.includes('/silent')) return;
      res.writeHead(201);
      res.end();
    });
  });
  await new Promise<void>((r) => nextcloud.listen(0, '127.0.0.1', r));
  nextcloudUrl = `http://127.0.0.1:${(nextcloud.address() as AddressInfo).port}`;
  const store = new MemorySessionStore();
  gateway = await startGateway(
    loadConfig({
      APP_URL: 'https://klassenraum.test',
      NEXTCLOUD_URL: nextcloudUrl,
      OAUTH_CLIENT_ID: 'c',
      OAUTH_CLIENT_SECRET: 's',
      PORT: '0',
      REQUEST_BODY_IDLE_SECONDS: BODY_IDLE_SECONDS,
      UPSTREAM_IDLE_SECONDS,
    }),
    { store, log: () => undefined },
  );
  const id = newSessionId();
  const now = Date.now();
  await store.patch(storeKey(id), { auth: { kind: 'oauth2', userId: 'u', accessToken: 'A', refreshToken: 'R', expiresAt: now + 3_600_000, issuedAt: now } }, 600);
  cookie = `${SESSION_COOKIE}=${id}`;
});

afterAll(async () => {
  await gateway.close();
  await new Promise<void>((r) => {
    nextcloud.close(() => r());
    nextcloud.closeAllConnections();
  });
});

/** A PUT that sends its headers and `sent` bytes of a `length`-byte body, then goes quiet. Resolves with
 * everything the gateway sent back once it closed the connection. */
function stalledPut(path: string, length: number, sent: number): Promise<string> {
  const { port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `PUT ${path} HTTP/1.1\r\nHost: klassenraum.test\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\nContent-Length: ${length}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(sent, 0x61));
    });
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

async function untilStalledConnectionsClosed(): Promise<void> {
  while ([...stalledSockets].some((s) => !s.destroyed)) await new Promise((r) => setTimeout(r, 20));
}

describe('idle timeouts', () => {
  it('answers 408 to 50 uploads whose bodies stop arriving, and closes their connections to Nextcloud', async () => {
    stalledSockets.clear();
    const big = Array.from({ length: 25 }, (_, i) => stalledPut(`/remote.php/dav/uploads/u/up-${i}/00001`, 10 * 1024 * 1024, 64 * 1024));
    const small = Array.from({ length: 25 }, (_, i) => stalledPut(`/remote.php/dav/files/u/note-${i}.txt`, 2000, 100));
    const answers = await Promise.all([...big, ...small]);
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain('{"error":"request_body_timeout","idleSeconds":0.3}');
    }
    // The streamed uploads had reached Nextcloud; every one of those connections is closed again.
    expect(stalledSockets.size).toBe(25);
    await untilStalledConnectionsClosed();
  });

  it('does not cut a slow upload that keeps sending', async () => {
    const chunks = 12;
    const before = bytesReceived;
    const url = new URL(gateway.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { hostname: url.hostname, port: url.port, method: 'PUT', path: '/remote.php/dav/uploads/u/slow/00001', headers: { 'x-requested-with': 'klassenraum', cookie, 'content-length': String(chunks * 300_000) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      let sent = 0;
      // A chunk every 100 ms: the whole upload takes several idle periods, but no gap is one.
      const tick = setInterval(() => {
        req.write(Buffer.alloc(300_000, 0x62));
        if (++sent === chunks) {
          clearInterval(tick);
          req.end();
        }
      }, 100);
    });
    expect(status).toBe(201);
    expect(bytesReceived - before).toBe(chunks * 300_000);
  });

  it('answers 504 when Nextcloud sends nothing back, and frees that connection', async () => {
    stalledSockets.clear();
    const url = new URL(gateway.url);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { hostname: url.hostname, port: url.port, method: 'PUT', path: '/remote.php/dav/files/u/silent.txt', headers: { 'x-requested-with': 'klassenraum', cookie, 'content-length': '5' } },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end('hallo');
    });
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body)).toEqual({ error: 'upstream_timeout', idleSeconds: 1.5 });
    expect(stalledSockets.size).toBe(1);
    await untilStalledConnectionsClosed();
  });
});
