import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { relayLocation, relayTarget } from './login-relay.js';
import { backAtApp, CookieClient, passNextcloudLogin } from '../testing/browserless-login.js';
import { CSRF, PASSWORD, startTestSchool, type TestSchool } from '../testing/school.js';

// Shared tablets (ADR 0009): Nextcloud's login pages are relayed on the app's origin, their cookies stay in
// the gateway's pre-login session, and the Nextcloud browser session ends right after the code exchange.
let school: TestSchool;
let appUrl: string;
beforeAll(async () => {
  school = await startTestSchool();
  appUrl = school.appUrls[0] ?? '';
});
afterAll(async () => {
  await school.close();
});

async function signIn(user: string): Promise<CookieClient> {
  const client = new CookieClient();
  const start = await client.request(`${appUrl}/auth/login`);
  const back = await passNextcloudLogin(client, new URL(start.headers.get('location') ?? '', appUrl).href, user, PASSWORD, backAtApp(appUrl));
  await client.request(back ?? '');
  return client;
}

describe('the login relay', () => {
  it('leaves no Nextcloud session or remember-me token behind, and the browser never held a Nextcloud cookie', async () => {
    const client = await signIn('s7a5');
    const me = await client.request(`${appUrl}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF });
    expect(me.status).toBe(200);
    expect(school.devserver.control.webLogins('s7a5')).toEqual({ sessions: 0, rememberTokens: 0 });
    for (const name of ['ocdevserver', 'nc_token', 'nc_username', 'nc_session_id', 'oc_sessionPassphrase', 'nc_sameSiteCookiestrict']) {
      expect(client.cookie(school.devserver.url, name)).toBeUndefined();
      expect(client.cookie(appUrl, name)).toBeUndefined();
    }
    // The login form reached Nextcloud with Nextcloud's own origin (tryLogin refuses others).
    const posted = school.devserver.control.requests().filter((r) => r.method === 'POST' && r.path === '/index.php/login');
    expect(posted.at(-1)?.headers['origin']).toBe(new URL(school.devserver.url).origin);
  });

  it('refuses a login form posted from another site, without reaching Nextcloud', async () => {
    const client = new CookieClient();
    await client.request(`${appUrl}/auth/login`);
    school.devserver.control.resetRequests();
    const res = await client.request(`${appUrl}/login`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: 's7a1', password: PASSWORD }),
    });
    expect(res.status).toBe(403);
    expect(school.devserver.control.requests()).toHaveLength(0);
  });

  it('relays the login pages only inside a login the gateway started', async () => {
    const res = await new CookieClient().request(`${appUrl}/index.php/login`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?error=session_expired');
  });

  it('relays the login pages’ static files without cookies and sandboxed when opened directly', async () => {
    const client = new CookieClient();
    await client.request(`${appUrl}/auth/login`);
    school.devserver.control.resetRequests();
    const res = await client.request(`${appUrl}/core/img/logo/logo.svg?v=1`);
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(res.headers.get('set-cookie')).toBeNull();
    const reached = school.devserver.control.requests();
    expect(reached.map((r) => r.path)).toEqual(['/core/img/logo/logo.svg?v=1']);
    expect(reached[0]?.headers['cookie']).toBeUndefined();
  });

  it('relays nothing else of Nextcloud', async () => {
    const client = new CookieClient();
    await client.request(`${appUrl}/auth/login`);
    school.devserver.control.resetRequests();
    for (const path of ['/index.php/apps/files/', '/index.php/logout', '/index.php/apps/oauth2/authorize?client_id=client-0', '/index.php/login/../logout', '/index.php/login%2f..%2flogout']) {
      const res = await client.request(`${appUrl}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
    expect(school.devserver.control.requests()).toHaveLength(0);
  });
});

describe('relayed paths and redirects', () => {
  const config = loadConfig({ APP_URL: 'https://app.example', NEXTCLOUD_URL: 'http://10.0.0.9/nextcloud', NEXTCLOUD_PUBLIC_URL: 'https://cloud.example/nextcloud', OAUTH_CLIENT_ID: 'a', OAUTH_CLIENT_SECRET: 'b' });

  it.each([
    ['https://cloud.example/nextcloud/login/flow?clientIdentifier=a', '/nextcloud/index.php/login/flow?clientIdentifier=a'],
    ['http://10.0.0.9/nextcloud/index.php/login/flow/grant?x=1', '/nextcloud/index.php/login/flow/grant?x=1'],
    ['/nextcloud/login?redirect_url=%2Fx', '/nextcloud/index.php/login?redirect_url=%2Fx'],
    ['https://app.example/auth/callback?state=s&code=c', 'https://app.example/auth/callback?state=s&code=c'],
    ['https://idp.example/sso', 'https://idp.example/sso'],
  ])('%s → %s', (from, to) => {
    expect(relayLocation(config, from)).toBe(to);
  });

  it('maps the form of a server with pretty URLs and strips Nextcloud’s sub-path', () => {
    expect(relayTarget(config, 'POST', '/nextcloud/login')).toEqual({ kind: 'page', upstream: '/index.php/login' });
    expect(relayTarget(config, 'GET', '/nextcloud/index.php/login/flow/grant?clientIdentifier=a')).toEqual({ kind: 'page', upstream: '/index.php/login/flow/grant?clientIdentifier=a' });
    expect(relayTarget(config, 'GET', '/nextcloud/dist/core-login.js?v=1')).toEqual({ kind: 'asset', upstream: '/dist/core-login.js?v=1' });
    expect(relayTarget(config, 'GET', '/index.php/login')).toBeNull();
    expect(relayTarget(config, 'POST', '/nextcloud/dist/core-login.js')).toBeNull();
    expect(relayTarget(config, 'GET', '/nextcloud/index.php/apps/files/')).toBeNull();
  });
});
