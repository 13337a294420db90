import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';
import { nextcloudDelayMs } from './throttle.js';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A request as if from `ip` (the dev server trusts X-Forwarded-For from loopback, as Nextcloud behind its proxy). */
async function asFrom(server: DevServer, ip: string, path: string, authorization: string, init: RequestInit = {}): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization, 'x-forwarded-for': ip, 'ocs-apirequest': 'true', ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

async function failLogins(server: DevServer, ip: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) expect((await asFrom(server, ip, '/ocs/v2.php/cloud/user?format=json', basic('s7a1', 'falsch'))).status).toBe(401);
}

describe("Nextcloud's delay", () => {
  it('doubles from 200 ms with each attempt and ends beyond 25 s', () => {
    expect([0, 1, 2, 3, 7].map(nextcloudDelayMs)).toEqual([0, 200, 400, 800, 12_800]);
    expect(nextcloudDelayMs(8)).toBe(Infinity);
  });
});

describe('brute-force throttling (scaled to 1/100)', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ quiet: true, bruteforceDelayScale: 0.01 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('after failed logins, the next password request from that IP waits; another IP does not', async () => {
    await failLogins(server, '198.51.100.7', 5);
    const delayed = await asFrom(server, '198.51.100.7', '/ocs/v2.php/cloud/user?format=json', basic('s7a1', 'klassenraum'));
    expect(delayed.status).toBe(200);
    // 100 ms × 2^5, scaled by 0.01.
    expect(delayed.ms).toBeGreaterThanOrEqual(30);
    const other = await asFrom(server, '198.51.100.8', '/ocs/v2.php/cloud/user?format=json', basic('s7a1', 'klassenraum'));
    expect(other.status).toBe(200);
  });

  it('beyond the maximum delay: 429 on OCS, WebDAV and the login form; the token endpoint counts its own attempts', async () => {
    await failLogins(server, '198.51.100.9', 8);
    const ocs = await asFrom(server, '198.51.100.9', '/ocs/v2.php/cloud/user?format=json', basic('s7a1', 'klassenraum'));
    expect(ocs.status).toBe(429);
    expect(JSON.parse(ocs.text)).toMatchObject({ ocs: { meta: { status: 'failure', statuscode: 429 }, data: [] } });
    const dav = await asFrom(server, '198.51.100.9', '/remote.php/dav/files/s7a1/', basic('s7a1', 'klassenraum'), { method: 'PROPFIND' });
    expect(dav.status).toBe(429);
    expect(dav.text).toContain('TooManyRequests');
    const form = await asFrom(server, '198.51.100.9', '/index.php/login', '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=s7a1&password=klassenraum',
    });
    expect(form.status).toBe(429);
    // A refresh from the same IP is another action: answered (400, no such token), not throttled.
    const token = await asFrom(server, '198.51.100.9', '/index.php/apps/oauth2/api/v1/token', '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=nope&client_id=klassenraum-demo&client_secret=klassenraum-demo-secret',
    });
    expect(token.status).toBe(400);
    // Requests that are not logins stay untouched (the status page).
    expect((await fetch(`${server.url}/status.php`, { headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(200);
  });
});

describe('brute-force throttling off (the default for tests)', () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ quiet: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('counts attempts but neither delays nor refuses', async () => {
    const before = server.control.bruteforceAttempts();
    await failLogins(server, '198.51.100.10', 9);
    expect(server.control.bruteforceAttempts()).toBe(before + 9);
    expect((await asFrom(server, '198.51.100.10', '/ocs/v2.php/cloud/user?format=json', basic('s7a1', 'klassenraum'))).status).toBe(200);
  });
});
