import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKey, SESSION_COOKIE } from './session-cookie.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { backAtApp, CookieClient, passNextcloudLogin } from '../testing/browserless-login.js';
import { CSRF, oauthLogin, PASSWORD, startTestSchool, type TestSchool } from '../testing/school.js';

async function burst(client: CookieClient, appUrl: string, n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, async () => (await client.request(`${appUrl}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF })).status),
  );
}

describe('OAuth2 code flow through the gateway', () => {
  let school: TestSchool;
  let appUrl: string;
  beforeAll(async () => {
    school = await startTestSchool();
    appUrl = school.appUrls[0] ?? '';
  });
  afterAll(async () => {
    await school.close();
  });

  it('signs in, returns to the requested path, and gives the session a new id', async () => {
    const client = new CookieClient();
    const start = await client.request(`${appUrl}/auth/login?returnTo=${encodeURIComponent('/klassen/7a?tab=chat')}`);
    const preLogin = client.cookie(appUrl, SESSION_COOKIE);
    // Nextcloud's login pages are relayed on the app's origin (ADR 0009): the browser never visits Nextcloud.
    const loginFlow = new URL(start.headers.get('location') ?? '', appUrl);
    expect(loginFlow.origin).toBe(appUrl);
    expect(loginFlow.pathname).toBe('/index.php/login/flow');
    const authorized = school.devserver.control.requests().find((r) => r.path.startsWith('/index.php/apps/oauth2/authorize'));
    expect(new URL(authorized?.path ?? '', appUrl).searchParams.get('state')?.length).toBeGreaterThanOrEqual(43);

    const back = await passNextcloudLogin(client, loginFlow.href, 'schmidt', PASSWORD, backAtApp(appUrl));
    const callback = await client.request(back ?? '');
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/klassen/7a?tab=chat');
    const signedIn = client.cookie(appUrl, SESSION_COOKIE);
    expect(signedIn).toBeDefined();
    expect(signedIn).not.toBe(preLogin);

    school.devserver.control.resetRequests();
    const session: unknown = await (await client.request(`${appUrl}/auth/session`)).json();
    expect(session).toEqual({
      authenticated: true,
      authMode: 'oauth2',
      embedAllowed: false,
      user: { id: 'schmidt', displayName: 'Frau Schmidt' },
      // What the app's first screen needs, asked for by the gateway meanwhile: the user and core.pollinterval.
      firstWave: { currentUser: expect.objectContaining({ id: 'schmidt', displayname: 'Frau Schmidt', groups: expect.any(Array) as unknown }) as unknown, pollInterval: 60 },
    });
    // Asked for with the session's token, server to server.
    const asked = school.devserver.control.requests().map((r) => r.path.split('?')[0]);
    expect(asked).toEqual(expect.arrayContaining(['/ocs/v2.php/cloud/user', '/ocs/v2.php/cloud/capabilities']));
    // Only the fields the app reads are passed on (no quota, no backend details).
    expect(Object.keys((session as { firstWave: { currentUser: object } }).firstWave.currentUser).sort()).toEqual(
      expect.arrayContaining(['displayname', 'groups', 'id']),
    );
    expect(JSON.stringify(session)).not.toMatch(/quota|backend/);
    const me = await client.request(`${appUrl}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { ocs: { data: { id: string } } }).ocs.data.id).toBe('schmidt');
    // Nothing the browser received carries a token.
    expect(JSON.stringify(session)).not.toMatch(/access|refresh|token/i);
  });

  it('refuses a callback whose state is not bound to this browser, without asking Nextcloud for a token', async () => {
    const victim = new CookieClient();
    await victim.request(`${appUrl}/auth/login`);
    school.devserver.control.resetRequests();
    const res = await victim.request(`${appUrl}/auth/callback?code=attacker-code&state=attacker-state`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?error=state_mismatch');
    expect(school.devserver.control.tokenRequests()).toHaveLength(0);
  });

  it('uses a callback only once', async () => {
    const client = new CookieClient();
    const start = await client.request(`${appUrl}/auth/login`);
    const back = await passNextcloudLogin(client, new URL(start.headers.get('location') ?? '', appUrl).href, 's7a1', PASSWORD, backAtApp(appUrl));
    const preLogin = client.cookie(appUrl, SESSION_COOKIE) ?? '';
    school.devserver.control.resetRequests();
    await client.request(back ?? '');
    const replay = new CookieClient();
    replay.setCookie(appUrl, SESSION_COOKIE, preLogin);
    const again = await replay.request(back ?? '');
    expect(again.headers.get('location')).toBe('/login?error=state_mismatch');
    expect(school.devserver.control.tokenRequests().filter((t) => t.grantType === 'authorization_code')).toHaveLength(1);
  });

  it('sends exactly one refresh for 100 concurrent requests at expiry, and never replays a refresh token', async () => {
    const { client } = await oauthLogin(appUrl, 'schmidt');
    for (let round = 0; round < 3; round++) {
      school.devserver.control.expireAccessTokens();
      const statuses = await burst(client, appUrl, 100);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    }
    const refreshes = school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token');
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(refreshes.every((t) => t.outcome === 'issued')).toBe(true);
    expect(new Set(refreshes.map((t) => t.refreshToken)).size).toBe(refreshes.length);
    expect(school.devserver.control.bruteforceAttempts()).toBe(0);
  });

  it('logs out: the session ends and the Nextcloud app token is revoked', async () => {
    const { client } = await oauthLogin(appUrl, 's7a2');
    const key = storeKey(client.cookie(appUrl, SESSION_COOKIE) ?? '');
    const auth = (await school.gateways[0]?.store.get(key))?.auth;
    expect(auth?.kind).toBe('oauth2');
    const res = await client.request(`${appUrl}/auth/logout`, { method: 'POST', headers: CSRF });
    expect(res.status).toBe(204);
    expect(await school.gateways[0]?.store.get(key)).toBeNull();
    const direct = await fetch(`${school.devserver.url}/ocs/v2.php/cloud/user?format=json`, {
      headers: { authorization: `Bearer ${auth?.kind === 'oauth2' ? auth.accessToken : ''}`, 'ocs-apirequest': 'true' },
    });
    expect(direct.status).toBe(401);
  });

  it('asks for a new login when the refresh token is dead, and does not try it again', async () => {
    const { client } = await oauthLogin(appUrl, 's7a3');
    const key = storeKey(client.cookie(appUrl, SESSION_COOKIE) ?? '');
    const store = school.gateways[0]?.store;
    const record = await store?.get(key);
    if (record?.auth?.kind !== 'oauth2') throw new Error('expected an OAuth session');
    await store?.patch(key, { auth: { ...record.auth, refreshToken: 'revoked-elsewhere' } }, 600);
    school.devserver.control.expireAccessTokens();
    school.devserver.control.resetRequests();
    expect(await burst(client, appUrl, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(await burst(client, appUrl, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(school.devserver.control.tokenRequests()).toHaveLength(1);
  });
});

describe('expiry by the clock', () => {
  it('refreshes shortly before the access token runs out, once for 100 concurrent requests', async () => {
    const school = await startTestSchool({ devserver: { accessTokenTtlSeconds: 2 } });
    try {
      const appUrl = school.appUrls[0] ?? '';
      const { client } = await oauthLogin(appUrl, 'schmidt');
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      school.devserver.control.resetRequests();
      const statuses = await burst(client, appUrl, 100);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const refreshes = school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token');
      expect(refreshes.map((t) => t.outcome)).toEqual(['issued']);
      // The gateway refreshed before using the expired token: Nextcloud never had to say 401.
      expect(school.devserver.control.requests().filter((r) => r.status === 401)).toEqual([]);
    } finally {
      await school.close();
    }
  });
});

describe('several gateways sharing one session store', () => {
  it('refresh exactly once per expiry across gateways', async () => {
    const shared = new MemorySessionStore();
    const school = await startTestSchool({ count: 2, store: () => shared });
    try {
      const [a = '', b = ''] = school.appUrls;
      const { client } = await oauthLogin(a, 'schmidt');
      // The same browser session, served by the other gateway.
      const other = new CookieClient();
      other.setCookie(b, SESSION_COOKIE, client.cookie(a, SESSION_COOKIE) ?? '');
      school.devserver.control.expireAccessTokens();
      school.devserver.control.resetRequests();
      const [x, y] = await Promise.all([burst(client, a, 50), burst(other, b, 50)]);
      expect([...x, ...y].every((s) => s === 200)).toBe(true);
      expect(school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
    } finally {
      await school.close();
      await shared.close();
    }
  });
});

describe('Login Flow v2 (servers without an OAuth client)', () => {
  it('signs in with an app password kept server-side', async () => {
    const school = await startTestSchool({ env: { AUTH_MODE: 'loginflow', OAUTH_CLIENT_ID: '', OAUTH_CLIENT_SECRET: '' } });
    try {
      const appUrl = school.appUrls[0] ?? '';
      const client = new CookieClient();
      const cfg = (await (await client.request(`${appUrl}/auth/session`)).json()) as { authMode: string };
      expect(cfg.authMode).toBe('loginflow');
      const start = await client.request(`${appUrl}/auth/flow/start`, { method: 'POST', headers: CSRF });
      const { loginUrl } = (await start.json()) as { loginUrl: string };
      expect(new URL(loginUrl).origin).toBe(school.devserver.url);
      const pending = await client.request(`${appUrl}/auth/flow/poll`, { method: 'POST', headers: CSRF });
      expect(await pending.json()).toEqual({ status: 'pending' });

      const nextcloudSide = new CookieClient();
      await passNextcloudLogin(nextcloudSide, loginUrl, 'mueller', PASSWORD, () => false);
      const done = await client.request(`${appUrl}/auth/flow/poll`, { method: 'POST', headers: CSRF });
      expect(await done.json()).toMatchObject({ status: 'done' });
      const me = await client.request(`${appUrl}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF });
      expect(((await me.json()) as { ocs: { data: { id: string } } }).ocs.data.id).toBe('mueller');
    } finally {
      await school.close();
    }
  });
});
