import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeWithPassword, grantLoginFlow, MiniBrowser } from './browser-client.js';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ quiet: true });
});
afterAll(async () => {
  await server.close();
});

const CLIENT = { id: 'klassenraum-demo', secret: 'klassenraum-demo-secret' };

interface TokenBody {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  user_id?: string;
  error?: string;
}

async function token(params: Record<string, string>, init: { json?: boolean; basic?: boolean } = {}): Promise<{ status: number; body: TokenBody }> {
  const headers: Record<string, string> = {};
  let body: string;
  const p = { ...params };
  if (init.basic === true) {
    headers['authorization'] = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
  } else {
    p['client_id'] ??= CLIENT.id;
    p['client_secret'] ??= CLIENT.secret;
  }
  if (init.json === true) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(p);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(p).toString();
  }
  const res = await fetch(`${server.url}/index.php/apps/oauth2/api/v1/token`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as TokenBody };
}

async function me(authorization: string): Promise<number> {
  const res = await fetch(`${server.url}/ocs/v2.php/cloud/user`, {
    headers: { authorization, 'ocs-apirequest': 'true', accept: 'application/json' },
  });
  return res.status;
}

async function codeFor(user = 's7a1', state = 'st4te'): Promise<string> {
  const redirect = await authorizeWithPassword(
    `${server.url}/index.php/apps/oauth2/authorize?client_id=${CLIENT.id}&state=${state}&response_type=code&redirect_uri=http://evil.example/`,
    user,
    'klassenraum',
  );
  expect(`${redirect.origin}${redirect.pathname}`).toBe('http://localhost:8080/auth/callback');
  expect(redirect.searchParams.get('state')).toBe(state);
  const code = redirect.searchParams.get('code');
  if (code === null) throw new Error('no code');
  return code;
}

describe('OAuth2 authorization code flow', () => {
  it('unknown client: an HTML error page', async () => {
    const res = await fetch(`${server.url}/index.php/apps/oauth2/authorize?client_id=nope&state=x&response_type=code`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('Your client is not authorized to connect');
  });

  it('login page has the labelled inputs; wrong password re-shows it and counts an attempt', async () => {
    const b = new MiniBrowser(server.url);
    const page = await b.follow(await b.request(`${server.url}/apps/oauth2/authorize?client_id=${CLIENT.id}&state=a&response_type=code`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<label for="user">Account name or email</label>');
    expect(page.body).toContain('<label for="password">Password</label>');
    expect(page.body).toContain('<button type="submit">Log in</button>');
    const before = server.control.bruteforceAttempts();
    const again = await b.submit(page, { user: 's7a1', password: 'nope' });
    expect(again.status).toBe(200);
    expect(again.body).toContain('Wrong login or password.');
    expect(server.control.bruteforceAttempts()).toBe(before + 1);
    const grant = await b.submit(again, { user: 's7a1', password: 'klassenraum' });
    expect(grant.body).toContain('Grant access');
  });

  it('session cookie is HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${server.url}/index.php/apps/oauth2/authorize?client_id=${CLIENT.id}&state=a&response_type=code`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/^ocdevserver=[^;]+; path=\/; HttpOnly; SameSite=Lax/m);
    expect(cookie).toMatch(/^nc_sameSiteCookiestrict=true;/m);
  });

  it('code → tokens; the code is single-use; a bearer token works', async () => {
    const code = await codeFor();
    const first = await token({ grant_type: 'authorization_code', code });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user_id: 's7a1' });
    expect(first.body.access_token).toMatch(/^[A-Za-z0-9]{72}$/);
    expect(first.body.refresh_token).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(await me(`Bearer ${first.body.access_token ?? ''}`)).toBe(200);
    const replay = await token({ grant_type: 'authorization_code', code });
    expect(replay).toEqual({ status: 400, body: { error: 'invalid_request' } });
  });

  it('client credentials via HTTP Basic and a JSON body work; wrong secret is invalid_client', async () => {
    const code = await codeFor();
    const wrong = await token({ grant_type: 'authorization_code', code, client_secret: 'nope' });
    expect(wrong).toEqual({ status: 400, body: { error: 'invalid_client' } });
    const missing = await token({ grant_type: 'authorization_code', code, client_secret: '' });
    expect(missing.body.error).toBe('invalid_client');
    const ok = await token({ grant_type: 'authorization_code', code }, { json: true, basic: true });
    expect(ok.status).toBe(200);
  });

  it('unknown grant type is invalid_grant', async () => {
    expect(await token({ grant_type: 'password' })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refresh rotates: old access token dies, replayed refresh token is 400 and a brute-force attempt', async () => {
    const first = await token({ grant_type: 'authorization_code', code: await codeFor() });
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(await me(`Bearer ${first.body.access_token ?? ''}`)).toBe(401);
    expect(await me(`Bearer ${refreshed.body.access_token ?? ''}`)).toBe(200);

    const before = server.control.bruteforceAttempts();
    const replay = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' });
    expect(replay).toEqual({ status: 400, body: { error: 'invalid_request' } });
    expect(server.control.bruteforceAttempts()).toBe(before + 1);
    // The replay did not hurt the current pair.
    expect(await me(`Bearer ${refreshed.body.access_token ?? ''}`)).toBe(200);

    const outcomes = server.control.tokenRequests().slice(-2).map((r) => [r.grantType, r.outcome]);
    expect(outcomes).toEqual([
      ['refresh_token', 'issued'],
      ['refresh_token', 'invalid_request'],
    ]);
    const overHttp = (await (await fetch(`${server.url}/__devserver/bruteforce`)).json()) as { attempts: number };
    expect(overHttp.attempts).toBe(server.control.bruteforceAttempts());
  });

  it('expireAccessTokens: access tokens answer 401, refresh tokens still work', async () => {
    const first = await token({ grant_type: 'authorization_code', code: await codeFor('schmidt') });
    server.control.expireAccessTokens();
    expect(await me(`Bearer ${first.body.access_token ?? ''}`)).toBe(401);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' });
    expect(refreshed.status).toBe(200);
    expect(await me(`Bearer ${refreshed.body.access_token ?? ''}`)).toBe(200);
    const res = await fetch(`${server.url}/__devserver/expire-access-tokens`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await me(`Bearer ${refreshed.body.access_token ?? ''}`)).toBe(401);
  });

  it('short TTL option is reported in expires_in', async () => {
    const short = await startDevServer({ quiet: true, accessTokenTtlSeconds: 1 });
    try {
      const redirect = await authorizeWithPassword(`${short.url}/index.php/apps/oauth2/authorize?client_id=${CLIENT.id}&state=s&response_type=code`, 'mueller', 'klassenraum');
      const res = await fetch(`${short.url}/index.php/apps/oauth2/api/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', client_id: CLIENT.id, client_secret: CLIENT.secret }).toString(),
      });
      expect(((await res.json()) as TokenBody).expires_in).toBe(1);
    } finally {
      await short.close();
    }
  });

  it('DELETE core/apppassword with a bearer token kills the access and the refresh token', async () => {
    const first = await token({ grant_type: 'authorization_code', code: await codeFor() });
    const del = await fetch(`${server.url}/ocs/v2.php/core/apppassword`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${first.body.access_token ?? ''}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    expect(del.status).toBe(200);
    expect(await me(`Bearer ${first.body.access_token ?? ''}`)).toBe(401);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' });
    expect(refresh).toEqual({ status: 400, body: { error: 'invalid_request' } });
  });
});

describe('Login Flow v2', () => {
  it('init, poll 404 until granted, then credentials exactly once; revoke', async () => {
    const init = await fetch(`${server.url}/index.php/login/v2`, { method: 'POST', headers: { 'user-agent': 'Klassenraum test' } });
    expect(init.status).toBe(200);
    const flow = (await init.json()) as { poll: { token: string; endpoint: string }; login: string };
    expect(flow.poll.endpoint).toBe(`${server.url}/index.php/login/v2/poll`);
    expect(flow.login.startsWith(`${server.url}/index.php/login/v2/flow/`)).toBe(true);

    const poll = (): Promise<Response> =>
      fetch(flow.poll.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: flow.poll.token }).toString(),
      });
    const pending = await poll();
    expect(pending.status).toBe(404);
    expect(await pending.json()).toEqual([]);

    await grantLoginFlow(flow.login, 'schmidt', 'klassenraum');
    const done = await poll();
    expect(done.status).toBe(200);
    const creds = (await done.json()) as { server: string; loginName: string; appPassword: string };
    expect(creds).toMatchObject({ server: server.url, loginName: 'schmidt' });
    expect((await poll()).status).toBe(404);

    const appAuth = `Basic ${Buffer.from(`schmidt:${creds.appPassword}`).toString('base64')}`;
    expect(await me(appAuth)).toBe(200);
    // The password itself cannot be "revoked".
    const withPassword = await fetch(`${server.url}/ocs/v2.php/core/apppassword`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from('schmidt:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    expect(withPassword.status).toBe(403);
    const del = await fetch(`${server.url}/ocs/v2.php/core/apppassword`, {
      method: 'DELETE',
      headers: { authorization: appAuth, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    expect(del.status).toBe(200);
    expect(await me(appAuth)).toBe(401);
  });
});
