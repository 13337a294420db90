import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startGateway, type Gateway } from './server.js';
import { newSessionId, SESSION_COOKIE, storeKey } from './session-cookie.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { call } from '../testing/http-call.js';
import { startFakeServer } from '../testing/fake-nextcloud.js';

let upstream: Awaited<ReturnType<typeof startFakeServer>>;
let gateway: Gateway;
let cookie: string;

const USER = {
  id: 's7a1',
  displayname: 'Lena Becker',
  'display-name': 'Lena Becker',
  email: null,
  groups: ['klasse-7a'],
  language: 'de',
  quota: { free: 1, used: 2 },
  backend: 'Database',
};

beforeAll(async () => {
  upstream = await startFakeServer();
  const store = new MemorySessionStore();
  gateway = await startGateway(
    loadConfig({ APP_URL: 'https://klassenraum.test', NEXTCLOUD_URL: upstream.url, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's', PORT: '0' }),
    { store, log: () => undefined },
  );
  const id = newSessionId();
  const now = Date.now();
  await store.patch(
    storeKey(id),
    {
      auth: { kind: 'oauth2', userId: 's7a1', accessToken: 'AT', refreshToken: 'RT', expiresAt: now + 3_600_000, issuedAt: now },
      user: { id: 's7a1', displayName: 'Lena Becker' },
    },
    3600,
  );
  cookie = `${SESSION_COOKIE}=${id}`;
});

beforeEach(() => {
  upstream.seen.length = 0;
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

describe('the session answer carries the first screen’s user and capabilities', () => {
  it('asks Nextcloud with the session’s token and passes on only the fields the app reads', async () => {
    upstream.setHandler((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const data = req.url?.startsWith('/ocs/v2.php/cloud/user') ? USER : { version: {}, capabilities: { core: { pollinterval: 45, webdav: '/remote.php/webdav' } } };
      res.end(JSON.stringify({ ocs: { meta: { status: 'ok', statuscode: 200 }, data } }));
    });
    const res = await call(gateway.url, '/auth/session', { headers: { cookie } });
    expect(JSON.parse(res.body)).toEqual({
      authenticated: true,
      authMode: 'oauth2',
      embedAllowed: false,
      user: { id: 's7a1', displayName: 'Lena Becker' },
      firstWave: {
        currentUser: { id: 's7a1', displayname: 'Lena Becker', 'display-name': 'Lena Becker', email: null, groups: ['klasse-7a'], language: 'de' },
        pollInterval: 45,
      },
    });
    expect(upstream.seen.map((r) => r.url).sort()).toEqual(['/ocs/v2.php/cloud/capabilities?format=json', '/ocs/v2.php/cloud/user?format=json']);
    for (const r of upstream.seen) expect(r.headers['authorization']).toBe('Bearer AT');
  });

  it('still answers the session when Nextcloud cannot give them (the app then asks itself)', async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"ocs":{"meta":{"status":"failure","statuscode":503},"data":[]}}');
    });
    const res = await call(gateway.url, '/auth/session', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ authenticated: true, authMode: 'oauth2', embedAllowed: false, user: { id: 's7a1', displayName: 'Lena Becker' }, firstWave: {} });
  });

  it('asks Nextcloud nothing for a visitor without a session', async () => {
    const res = await call(gateway.url, '/auth/session');
    expect(JSON.parse(res.body)).toEqual({ authenticated: false, authMode: 'oauth2', embedAllowed: false });
    expect(upstream.seen).toHaveLength(0);
  });
});
