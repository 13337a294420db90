import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startGateway, type Gateway } from './server.js';
import { newSessionId, SESSION_COOKIE, storeKey } from './session-cookie.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { call, rawRequest } from '../testing/http-call.js';
import { startFakeServer } from '../testing/fake-nextcloud.js';

const APP = 'https://klassenraum.test';
const CSRF = { 'x-requested-with': 'klassenraum' };
const NOT_LOGGED_IN_OCS = '{"ocs":{"meta":{"status":"failure","statuscode":997,"message":"Current user is not logged in"},"data":[]}}';

let upstream: Awaited<ReturnType<typeof startFakeServer>>;
let evil: Awaited<ReturnType<typeof startFakeServer>>;
let gateway: Gateway;
let store: MemorySessionStore;
let cookie: string;

async function signIn(accessToken = 'AT1', refreshToken = 'RT1'): Promise<string> {
  const id = newSessionId();
  const now = Date.now();
  await store.patch(
    storeKey(id),
    {
      createdAt: now,
      lastSeenAt: now,
      auth: { kind: 'oauth2', userId: 'schmidt', accessToken, refreshToken, expiresAt: now + 3_600_000, issuedAt: now },
      user: { id: 'schmidt', displayName: 'Frau Schmidt' },
    },
    3600,
  );
  return `${SESSION_COOKIE}=${id}`;
}

beforeAll(async () => {
  upstream = await startFakeServer();
  evil = await startFakeServer();
  store = new MemorySessionStore();
  gateway = await startGateway(
    loadConfig({ APP_URL: APP, NEXTCLOUD_URL: upstream.url, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's', PORT: '0' }),
    { store, log: () => undefined },
  );
  cookie = await signIn();
});

afterEach(() => {
  upstream.seen.length = 0;
  upstream.setHandler((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await evil.close();
});

describe('relaying to Nextcloud', () => {
  it('adds the bearer token and OCS header, forwards the client IP, and drops what the browser must not pass', async () => {
    const res = await call(gateway.url, '/ocs/v2.php/cloud/user?format=json', {
      headers: { ...CSRF, cookie: `${cookie}; other=1`, authorization: 'Basic ZXZpbDpldmls', 'x-forwarded-for': '6.6.6.6', accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const seen = upstream.seen[0];
    expect(seen?.url).toBe('/ocs/v2.php/cloud/user?format=json');
    expect(seen?.headers['authorization']).toBe('Bearer AT1');
    expect(seen?.headers['ocs-apirequest']).toBe('true');
    expect(seen?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen?.headers['cookie']).toBeUndefined();
    expect(seen?.headers['x-requested-with']).toBeUndefined();
  });

  it('passes status codes, bodies and protocol headers through unchanged, and sandboxes relayed content', async () => {
    const xml = '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"/>';
    upstream.setHandler((_req, res) => {
      res.writeHead(207, { 'content-type': 'application/xml; charset=utf-8', etag: '"abc"', 'x-chat-last-given': '42', dav: '1, 3' });
      res.end(xml);
    });
    const res = await call(gateway.url, '/remote.php/dav/files/schmidt/Klasse%207a', { method: 'PROPFIND', headers: { ...CSRF, cookie, depth: '1' } });
    expect(res.status).toBe(207);
    expect(res.body).toBe(xml);
    expect(res.headers['etag']).toBe('"abc"');
    expect(res.headers['x-chat-last-given']).toBe('42');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(upstream.seen[0]?.headers['depth']).toBe('1');
  });

  it("passes the app's language on (Accept-Language), so Nextcloud renders notification subjects in it", async () => {
    // What a signed-in app sends: its UI language, not the browser's list.
    await call(gateway.url, '/ocs/v2.php/apps/notifications/api/v2/notifications', { headers: { ...CSRF, cookie, 'accept-language': 'de' } });
    await call(gateway.url, '/ocs/v2.php/apps/notifications/api/v2/notifications', { headers: { ...CSRF, cookie, 'accept-language': 'en' } });
    expect(upstream.seen.map((r) => r.headers['accept-language'])).toEqual(['de', 'en']);
  });

  it('passes a long-poll 304 through with an empty body', async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    const res = await call(gateway.url, '/ocs/v2.php/apps/spreed/api/v1/chat/abc?lookIntoFuture=1&timeout=1', { headers: { ...CSRF, cookie } });
    expect(res.status).toBe(304);
    expect(res.body).toBe('');
  });

  it("keeps Nextcloud's cookies server-side and sends them back on the session's next request", async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(200, { 'set-cookie': ['nc_session_id=php123; path=/; HttpOnly', 'nc_token=t; path=/'] });
      res.end('{}');
    });
    const first = await call(gateway.url, '/ocs/v2.php/apps/spreed/api/v4/room/abc/participants/active', { method: 'POST', headers: { ...CSRF, cookie } });
    expect(first.headers['set-cookie']).toBeUndefined();
    await call(gateway.url, '/ocs/v2.php/apps/spreed/api/v1/chat/abc', { headers: { ...CSRF, cookie } });
    expect(upstream.seen[1]?.headers['cookie']).toBe('nc_session_id=php123; nc_token=t');
  });

  it('rewrites a WebDAV Destination of the app to the configured Nextcloud', async () => {
    await call(gateway.url, '/remote.php/dav/files/schmidt/a.txt', {
      method: 'MOVE',
      headers: { ...CSRF, cookie, destination: `${APP}/remote.php/dav/files/schmidt/b%20c.txt`, overwrite: 'F' },
    });
    expect(upstream.seen[0]?.headers['destination']).toBe(`${upstream.url}/remote.php/dav/files/schmidt/b%20c.txt`);
    expect(upstream.seen[0]?.headers['overwrite']).toBe('F');
  });

  it('turns Nextcloud redirects into app-relative ones', async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(303, { location: `${upstream.url}/index.php/avatar/schmidt/64` });
      res.end();
    });
    const res = await call(gateway.url, '/index.php/avatar/schmidt/64', { headers: { cookie } });
    expect(res.headers['location']).toBe('/index.php/avatar/schmidt/64');
  });

  it('answers 401 without a session and never contacts Nextcloud', async () => {
    const res = await call(gateway.url, '/ocs/v2.php/cloud/user', { headers: CSRF });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: 'unauthenticated' });
    expect(upstream.seen).toHaveLength(0);
  });

  it('refreshes once and repeats a small request when Nextcloud rejects an access token', async () => {
    const session = await signIn('OLD', 'RT-OLD');
    upstream.setHandler((req, res, body) => {
      if (req.url === '/index.php/apps/oauth2/api/v1/token') {
        expect(new URLSearchParams(body.toString()).get('refresh_token')).toBe('RT-OLD');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'NEW', token_type: 'Bearer', expires_in: 3600, refresh_token: 'RT-NEW', user_id: 'schmidt' }));
        return;
      }
      const ok = req.headers['authorization'] === 'Bearer NEW';
      res.writeHead(ok ? 201 : 401, { 'content-type': 'application/json' });
      // Nextcloud's answer to a bearer token it does not know (token-rejection.ts).
      res.end(ok ? `{"echo":${JSON.stringify(body.toString())}}` : NOT_LOGGED_IN_OCS);
    });
    const res = await call(gateway.url, '/ocs/v2.php/apps/spreed/api/v1/chat/abc', {
      method: 'POST',
      headers: { ...CSRF, cookie: session, 'content-type': 'application/json' },
      body: '{"message":"Hallo"}',
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ echo: '{"message":"Hallo"}' });
    expect(upstream.seen.filter((s) => s.url.includes('/token'))).toHaveLength(1);
  });
});

describe('CSRF defence', () => {
  it('refuses a cross-site POST without the custom header before it reaches Nextcloud', async () => {
    const res = await call(gateway.url, '/ocs/v2.php/apps/spreed/api/v1/chat/abc', {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'message=pwned',
    });
    expect(res.status).toBe(403);
    expect(upstream.seen).toHaveLength(0);
  });

  it.each([
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
  ])('refuses a request with the header but from another site: %o', async (extra) => {
    const res = await call(gateway.url, '/ocs/v2.php/cloud/user', { method: 'POST', headers: { ...CSRF, cookie, ...extra } });
    expect(res.status).toBe(403);
    expect(upstream.seen).toHaveLength(0);
  });

  it('refuses logout without the header', async () => {
    const res = await call(gateway.url, '/auth/logout', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(403);
    const still = await call(gateway.url, '/auth/session', { headers: { cookie } });
    expect(JSON.parse(still.body)).toMatchObject({ authenticated: true });
  });

  it('lets the app itself through', async () => {
    const res = await call(gateway.url, '/ocs/v2.php/cloud/user', { method: 'POST', headers: { ...CSRF, cookie, origin: APP, 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(200);
  });
});

describe('the destination is configuration, never user input', () => {
  it('never sends anything to another host, whatever the request looks like', async () => {
    const host = new URL(evil.url).host;
    const attempts = [
      `GET ${evil.url}/ocs/v2.php/cloud/user HTTP/1.1\r\nHost: ${host}\r\n${SESSION_COOKIE}: x\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `GET //${host}/ocs/v2.php/cloud/user HTTP/1.1\r\nHost: ${host}\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `GET /ocs/v2.php/cloud/user HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-Host: ${host}\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `GET /ocs/v2.php/..%2f..%2f@${host}/x HTTP/1.1\r\nHost: localhost\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `GET /ocs/v2.php/../../index.php/apps/oauth2/api/v1/token HTTP/1.1\r\nHost: localhost\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `MOVE /remote.php/dav/files/schmidt/a HTTP/1.1\r\nHost: localhost\r\nDestination: ${evil.url}/remote.php/dav/files/schmidt/a\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `COPY /remote.php/dav/files/schmidt/a HTTP/1.1\r\nHost: localhost\r\nDestination: //${host}/remote.php/dav/files/schmidt/a\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
      `MOVE /remote.php/dav/files/schmidt/a HTTP/1.1\r\nHost: localhost\r\nDestination: ${APP}/ocs/v2.php/cloud/user\r\nX-Requested-With: klassenraum\r\nCookie: ${cookie}\r\n\r\n`,
    ];
    const statuses: string[] = [];
    for (const text of attempts) statuses.push(await rawRequest(gateway.url, text));
    expect(evil.seen).toHaveLength(0);
    // The Host-header attempt is relayed to the configured Nextcloud (the header is ignored); all others are refused.
    expect(statuses.filter((s) => s.includes(' 200 '))).toHaveLength(1);
    for (const s of upstream.seen) expect(s.url).toBe('/ocs/v2.php/cloud/user');
    for (const s of statuses.filter((x) => !x.includes(' 200 '))) expect(s).toMatch(/ 400 /);
  });
});

describe('streaming', () => {
  it('relays an upload while it is still being sent (nothing is buffered)', async () => {
    let firstBytes: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (firstBytes = resolve));
    let received = 0;
    const sink = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => {
        received += c.length;
        firstBytes();
      });
      req.on('end', () => {
        res.writeHead(201);
        res.end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    const sinkStore = new MemorySessionStore();
    const gw = await startGateway(loadConfig({ APP_URL: APP, NEXTCLOUD_URL: sinkUrl, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's', PORT: '0' }), {
      store: sinkStore,
      log: () => undefined,
    });
    const id = newSessionId();
    const now = Date.now();
    await sinkStore.patch(storeKey(id), { auth: { kind: 'oauth2', userId: 'u', accessToken: 'A', refreshToken: 'R', expiresAt: now + 3_600_000, issuedAt: now } }, 60);
    const url = new URL(gw.url);
    const total = 8 * 1024 * 1024;
    const done = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          hostname: url.hostname,
          port: url.port,
          method: 'PUT',
          path: '/remote.php/dav/uploads/u/up-1/00001',
          headers: { ...CSRF, cookie: `${SESSION_COOKIE}=${id}`, 'content-length': String(total) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Send the first half, and only send the rest once Nextcloud has seen bytes.
      req.write(Buffer.alloc(total / 2, 1));
      void arrived.then(() => req.end(Buffer.alloc(total / 2, 2)));
    });
    expect(await done).toBe(201);
    expect(received).toBe(total);
    await gw.close();
    await new Promise<void>((r) => sink.close(() => r()));
  });
});
