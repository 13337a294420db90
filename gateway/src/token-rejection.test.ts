import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startGateway, type Gateway } from './server.js';
import { newSessionId, SESSION_COOKIE, storeKey } from './session-cookie.js';
import type { SessionAuth } from './session-store.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { startFakeServer } from '../testing/fake-nextcloud.js';
import { call } from '../testing/http-call.js';
import { CSRF, oauthLogin } from '../testing/school.js';
import { schoolForBlock } from '../testing/school-hooks.js';

/** Nextcloud's answers, as its code writes them (see token-rejection.ts) and as recorded. */
const ocs = (statuscode: number, message: string): string => JSON.stringify({ ocs: { meta: { status: 'failure', statuscode, message }, data: [] } });
const TOKEN_REFUSED: Record<string, (res: ServerResponse) => void> = {
  'OCS, unknown or expired bearer token (JSON)': (res) => {
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
    res.end(ocs(997, 'Current user is not logged in'));
  },
  'OCS, unknown or expired bearer token (XML)': (res) => {
    res.writeHead(401, { 'content-type': 'application/xml; charset=utf-8' });
    res.end('<?xml version="1.0"?>\n<ocs>\n <meta>\n  <status>failure</status>\n  <statuscode>997</statuscode>\n  <message>Current user is not logged in</message>\n </meta>\n <data/>\n</ocs>\n');
  },
  'OCS, refused credentials (LoginException, recorded)': (res) => {
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Basic realm="Authorisation Required"' });
    res.end(ocs(997, 'Unauthorised'));
  },
  'WebDAV (Sabre NotAuthenticated)': (res) => {
    res.writeHead(401, { 'content-type': 'application/xml; charset=utf-8', 'www-authenticate': 'Basic realm="Nextcloud", charset="UTF-8"' });
    res.end('<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns"><s:exception>Sabre\\DAV\\Exception\\NotAuthenticated</s:exception><s:message>No public access to this resource.</s:message></d:error>');
  },
  'index.php route (Deck API, avatars)': (res) => {
    res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"message":"Current user is not logged in"}');
  },
};
const PERMISSION_REFUSED: Record<string, string> = {
  "OCS 997 for another user's account (controller's OCSException)": ocs(997, ''),
  'OCS 997 with a message of its own': ocs(997, 'Not allowed to view this app'),
  'a 401 of an app (e.g. a room password)': ocs(401, ''),
};

describe('a 401 from a stand-in Nextcloud', () => {
  let upstream: Awaited<ReturnType<typeof startFakeServer>>;
  let gateway: Gateway;
  let store: MemorySessionStore;
  let refreshes = 0;
  let refused: (res: ServerResponse) => void = () => undefined;

  async function session(auth: SessionAuth): Promise<{ cookie: string; key: string }> {
    const id = newSessionId();
    await store.patch(storeKey(id), { createdAt: Date.now(), lastSeenAt: Date.now(), auth, user: { id: 's7a1', displayName: 'Lena Becker' } }, 600);
    return { cookie: `${SESSION_COOKIE}=${id}`, key: storeKey(id) };
  }
  const oauth = (accessToken: string, expiresIn = 3_600_000): SessionAuth => ({
    kind: 'oauth2',
    userId: 's7a1',
    accessToken,
    refreshToken: `RT-${accessToken}`,
    expiresAt: Date.now() + expiresIn,
    issuedAt: Date.now() - 1000,
  });

  beforeAll(async () => {
    upstream = await startFakeServer((req, res) => {
      if (req.url === '/index.php/apps/oauth2/api/v1/token') {
        refreshes++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'FRESH', token_type: 'Bearer', expires_in: 3600, refresh_token: `RT-FRESH-${refreshes}`, user_id: 's7a1' }));
        return;
      }
      if (req.headers['authorization'] === 'Bearer FRESH') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      }
      refused(res);
    });
    store = new MemorySessionStore();
    gateway = await startGateway(
      loadConfig({ APP_URL: 'https://klassenraum.test', NEXTCLOUD_URL: upstream.url, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's', PORT: '0' }),
      { store, log: () => undefined },
    );
  });
  afterEach(() => {
    refreshes = 0;
    upstream.seen.length = 0;
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it.each(Object.keys(TOKEN_REFUSED))('refreshes once and repeats the request when Nextcloud refuses the token itself: %s', async (name) => {
    refused = TOKEN_REFUSED[name] ?? refused;
    const { cookie } = await session(oauth('STALE'));
    const res = await call(gateway.url, '/ocs/v2.php/cloud/user?format=json', { headers: { ...CSRF, cookie } });
    expect(res.status).toBe(200);
    expect(refreshes).toBe(1);
  });

  it.each(Object.entries(PERMISSION_REFUSED))('passes a permission answer on unchanged and keeps the token: %s', async (_name, body) => {
    refused = (res) => {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' });
      res.end(body);
    };
    const { cookie, key } = await session(oauth('VALID'));
    for (let i = 0; i < 25; i++) {
      const res = await call(gateway.url, '/ocs/v2.php/cloud/users/schmidt?format=json', { headers: { ...CSRF, cookie } });
      expect(res.status).toBe(401);
      expect(res.body).toBe(body);
      expect(res.headers['x-request-id']).toBe('r1');
    }
    expect(refreshes).toBe(0);
    expect((await store.get(key))?.auth).toMatchObject({ accessToken: 'VALID' });
  });

  it('refreshes before sending when the access token has expired by its known expiry', async () => {
    const { cookie } = await session(oauth('EXPIRED', -1000));
    const res = await call(gateway.url, '/ocs/v2.php/cloud/user?format=json', { headers: { ...CSRF, cookie } });
    expect(res.status).toBe(200);
    expect(refreshes).toBe(1);
    expect(upstream.seen.filter((s) => s.headers['authorization'] === 'Bearer EXPIRED')).toHaveLength(0);
  });

  it('keeps an app-password session on a permission answer, ends it when Nextcloud refuses the password', async () => {
    const { cookie, key } = await session({ kind: 'loginflow', userId: 's7a1', loginName: 's7a1', appPassword: 'app-pw' });
    refused = (res) => {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8' });
      res.end(PERMISSION_REFUSED["OCS 997 for another user's account (controller's OCSException)"]);
    };
    expect((await call(gateway.url, '/ocs/v2.php/cloud/users/schmidt', { headers: { ...CSRF, cookie } })).status).toBe(401);
    expect((await store.get(key))?.auth).toBeTruthy();
    refused = TOKEN_REFUSED['OCS, refused credentials (LoginException, recorded)'] ?? refused;
    await call(gateway.url, '/ocs/v2.php/cloud/user', { headers: { ...CSRF, cookie } });
    expect((await store.get(key))?.auth ?? null).toBeNull();
  });
});

describe('against the dev server', () => {
  const world = schoolForBlock();

  it("25 requests for another user's account cause no refresh, and each gets Nextcloud's own 401", async () => {
    const { client } = await oauthLogin(world.appUrl, 's7a1');
    world.school.devserver.control.resetRequests();
    const direct = await fetch(`${world.school.devserver.url}/ocs/v2.php/cloud/users/schmidt?format=json`, {
      headers: { 'ocs-apirequest': 'true', authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}` },
    });
    const expected = await direct.text();
    for (let i = 0; i < 25; i++) {
      const res = await client.request(`${world.appUrl}/ocs/v2.php/cloud/users/schmidt?format=json`, { headers: CSRF });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe(expected);
    }
    expect(world.school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token')).toHaveLength(0);
    // The session still works with the same token.
    expect((await client.request(`${world.appUrl}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF })).status).toBe(200);
  });

  it('one refresh when Nextcloud stops accepting the access token', async () => {
    const { client } = await oauthLogin(world.appUrl, 's7a1');
    world.school.devserver.control.resetRequests();
    world.school.devserver.control.expireAccessTokens();
    expect((await client.request(`${world.appUrl}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF })).status).toBe(200);
    expect((await client.request(`${world.appUrl}/remote.php/dav/files/s7a1/`, { method: 'PROPFIND', headers: { ...CSRF, depth: '0' } })).status).toBe(207);
    expect(world.school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
  });
});
