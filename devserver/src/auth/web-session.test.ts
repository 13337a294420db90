import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniBrowser } from './browser-client.js';
import { startDevServer, type DevServer } from '../server.js';
import { SESSION_COOKIE } from './web-session.js';

// Nextcloud's own browser session (web-session.json): remember-me cookies sign a browser in again after its
// session ended, and only a logout with the session's requesttoken ends both.
let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true });
});
afterAll(async () => {
  await server.close();
});

async function signedInBrowser(user: string): Promise<MiniBrowser> {
  const b = new MiniBrowser(server.url);
  const login = await b.follow(await b.request('/index.php/login'));
  await b.submit(login, { user, password: 'klassenraum' });
  return b;
}

async function filesUser(b: MiniBrowser): Promise<string | null> {
  const page = await b.request('/index.php/apps/files/');
  return page.status === 200 ? (/data-user="([^"]*)"/.exec(page.body)?.[1] ?? null) : null;
}

async function requestToken(b: MiniBrowser): Promise<string> {
  return (JSON.parse((await b.request('/index.php/csrftoken')).body) as { token: string }).token;
}

describe("Nextcloud's browser session", () => {
  it('a login without an Origin header is refused and leaves nobody signed in', async () => {
    const b = new MiniBrowser(server.url);
    const login = await b.follow(await b.request('/index.php/login'));
    const token = /name="requesttoken" value="([^"]*)"/.exec(login.body)?.[1] ?? '';
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.cookieNames().map((n) => `${n}=x`).join('; ') },
      body: new URLSearchParams({ user: 's7a2', password: 'klassenraum', requesttoken: token }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?direct=1&user=s7a2');
    expect(server.control.webLogins('s7a2')).toEqual({ sessions: 0, rememberTokens: 0 });
  });

  it('remember-me cookies sign the browser in again when its session is gone', async () => {
    const b = await signedInBrowser('s7a3');
    expect(b.cookieNames()).toEqual(expect.arrayContaining(['nc_username', 'nc_token', 'nc_session_id']));
    b.forget(SESSION_COOKIE);
    expect(await filesUser(b)).toBe('s7a3');
  });

  it('logout without the requesttoken is refused (412) and the session lives on; with it both end', async () => {
    const b = await signedInBrowser('s7a4');
    const refused = await b.request('/index.php/logout');
    expect(refused.status).toBe(412);
    expect(await filesUser(b)).toBe('s7a4');

    const done = await b.request(`/index.php/logout?requesttoken=${encodeURIComponent(await requestToken(b))}`);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${server.url}/login?clear=1`);
    expect(b.cookieNames()).not.toContain('nc_token');
    expect(server.control.webLogins('s7a4')).toEqual({ sessions: 0, rememberTokens: 0 });
    await b.request('/index.php/login?clear=1');
    expect(await filesUser(b)).toBeNull();
  });
});
