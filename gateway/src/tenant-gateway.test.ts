/**
 * Integration test (real HTTP, no browser): one multi-school gateway in front of two dev servers, school A
 * (Host 127.0.0.1) and school B (Host localhost), sessions in one real Redis. A student of A must not reach
 * B: neither with A's cookie sent to B's host name nor with a forged Host header.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertNoSchemaViolations, type DevServer } from '../../devserver/src/server.js';
import { SIGNED_OUT } from '../../src/api/gateway-contract.js';
import { SESSION_COOKIE, storeKey } from './session-cookie.js';
import { hostName, startTenantGateway, type TenantGateway } from './tenant-gateway.js';
import { loadTenants } from './tenants.js';
import { CookieClient } from '../testing/browserless-login.js';
import { call } from '../testing/http-call.js';
import { startRedisServer, type TestRedis } from '../testing/redis-server.js';
import { schoolNextcloud } from '../testing/school-nextcloud.js';
import { CSRF, freePort, oauthLogin } from '../testing/school.js';

const USER_PATH = '/ocs/v2.php/cloud/user?format=json';
const dir = mkdtempSync(join(tmpdir(), 'kr-tenant-gateway-'));
let redis: TestRedis;
let schoolA: DevServer;
let schoolB: DevServer;
let gateway: TenantGateway;
let appA: string;
let appB: string;
let port: number;

function tenantsFile(): string {
  const path = join(dir, 'tenants.json');
  const school = (id: string, appUrl: string, nextcloud: string, extra: Record<string, string> = {}) => ({
    id,
    settings: { APP_URL: appUrl, NEXTCLOUD_URL: nextcloud, OAUTH_CLIENT_ID: id, OAUTH_CLIENT_SECRET: `env:SECRET_${id.replace(/-/g, '_').toUpperCase()}`, ...extra },
  });
  const tenants = [school('schule-a', appA, schoolA.url), school('schule-b', appB, schoolB.url, { DIRECTORY_PRESET: 'ucsatschool', DIRECTORY_SCHOOL: 'schule-b' })];
  writeFileSync(path, JSON.stringify({ tenants }, null, 2));
  return path;
}

beforeAll(async () => {
  redis = await startRedisServer();
  port = await freePort();
  appA = `http://127.0.0.1:${port}`;
  appB = `http://localhost:${port}`;
  schoolA = await schoolNextcloud(appA, 'schule-a', 'Schule A');
  schoolB = await schoolNextcloud(appB, 'schule-b', 'Schule B');
  const setup = loadTenants({
    TENANTS_FILE: tenantsFile(),
    PORT: String(port),
    SESSION_STORE: 'redis',
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'kr-test:',
    SECRET_SCHULE_A: 'schule-a-secret',
    SECRET_SCHULE_B: 'schule-b-secret',
  });
  if (!setup) throw new Error('no tenant setup');
  gateway = await startTenantGateway(setup, { log: () => undefined });
});

afterAll(async () => {
  const violations = [...schoolA.control.schemaViolations(), ...schoolB.control.schemaViolations()];
  await gateway.close();
  await schoolA.close();
  await schoolB.close();
  await redis.close();
  rmSync(dir, { recursive: true, force: true });
  assertNoSchemaViolations(violations);
});

beforeEach(() => {
  schoolA.control.resetRequests();
  schoolB.control.resetRequests();
});

async function signedInOnA(user = 's7a1'): Promise<{ client: CookieClient; cookie: string }> {
  const { client } = await oauthLogin(appA, user);
  const cookie = client.cookie(appA, SESSION_COOKIE) ?? '';
  expect(cookie).not.toBe('');
  schoolA.control.resetRequests();
  schoolB.control.resetRequests();
  return { client, cookie };
}

describe('one gateway, two schools by host name', () => {
  it('serves each school its own Nextcloud, branding and directory mapping', async () => {
    const { client } = await signedInOnA();
    const me = await client.request(`${appA}${USER_PATH}`, { headers: CSRF });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { ocs: { data: { id: string } } }).ocs.data.id).toBe('s7a1');
    expect(schoolA.control.requests().some((r) => r.path.startsWith('/ocs/v2.php/cloud/user') && r.user === 's7a1')).toBe(true);
    expect(schoolB.control.requests()).toEqual([]);
    const brandA = (await (await fetch(`${appA}/api/branding`)).json()) as { name: string };
    const brandB = (await (await fetch(`${appB}/api/branding`)).json()) as { name: string };
    expect([brandA.name, brandB.name]).toEqual(['Schule A', 'Schule B']);
    const configB = (await (await fetch(`${appB}/api/config`)).json()) as { directory: { teacherGroups: string[] } };
    expect(configB.directory.teacherGroups).toEqual(['lehrer-schule-b']);
  });

  it("does not know school A's cookie on school B's host: 401, and B's Nextcloud hears nothing", async () => {
    const { cookie } = await signedInOnA();
    const onB = new CookieClient();
    onB.setCookie(appB, SESSION_COOKIE, cookie);
    const proxied = await onB.request(`${appB}${USER_PATH}`, { headers: CSRF });
    expect(proxied.status).toBe(401);
    expect(await proxied.json()).toEqual(SIGNED_OUT);
    const session = await onB.request(`${appB}/auth/session`);
    expect(((await session.json()) as { authenticated: boolean }).authenticated).toBe(false);
    // The same through school A's address with a forged Host header.
    const forged = await call(appA, USER_PATH, { headers: { host: `LOCALHOST:${port}`, cookie: `${SESSION_COOKIE}=${cookie}`, ...CSRF } });
    expect(forged.status).toBe(401);
    expect(schoolB.control.requests()).toEqual([]);
    expect(schoolA.control.requests()).toEqual([]);
  });

  it('answers 421 for a host name it serves no school under, and /healthz for any', async () => {
    const { cookie } = await signedInOnA();
    const misdirected = await call(appA, USER_PATH, { headers: { host: 'klassenraum.example', cookie: `${SESSION_COOKIE}=${cookie}`, ...CSRF } });
    expect(misdirected.status).toBe(421);
    expect(misdirected.headers['content-type']).toMatch(/^text\/plain/);
    expect(misdirected.body).toMatch(/no school under this host name/);
    expect((await call(appA, '/', { headers: { host: '127.0.0.2' } })).status).toBe(421);
    expect((await call(appA, '/', { headers: { host: `127.0.0.1.evil:${port}` } })).status).toBe(421);
    expect((await call(appA, '/healthz', { headers: { host: 'lb.internal' } })).status).toBe(200);
    expect([...schoolA.control.requests(), ...schoolB.control.requests()]).toEqual([]);
  });

  it("keeps each school's sessions under its own Redis prefix, and refuses a record of A found under B's", async () => {
    const { cookie } = await signedInOnA();
    const { client: teacherB } = await oauthLogin(appB, 'mueller');
    expect((await teacherB.request(`${appB}${USER_PATH}`, { headers: CSRF })).status).toBe(200);
    const keyA = `kr-test:schule-a:session:${storeKey(cookie)}`;
    const keyB = `kr-test:schule-b:session:${storeKey(teacherB.cookie(appB, SESSION_COOKIE) ?? '')}`;
    const keys = await redis.client.keys('kr-test:*session:*');
    expect(keys).toContain(keyA);
    expect(keys).toContain(keyB);
    expect(keys.every((k) => k.startsWith('kr-test:schule-a:') || k.startsWith('kr-test:schule-b:'))).toBe(true);
    expect(await redis.client.hget(keyA, 'tenant')).toBe('"schule-a"');
    expect(await redis.client.hget(keyB, 'tenant')).toBe('"schule-b"');
    // Even if A's record landed under B's prefix (a shared prefix, a copied key), B's gateway does not use it.
    const copied = `kr-test:schule-b:session:${storeKey(cookie)}`;
    await redis.client.hset(copied, await redis.client.hgetall(keyA));
    schoolB.control.resetRequests();
    const onB = new CookieClient();
    onB.setCookie(appB, SESSION_COOKIE, cookie);
    expect((await onB.request(`${appB}${USER_PATH}`, { headers: CSRF })).status).toBe(401);
    expect(schoolB.control.requests()).toEqual([]);
  });
});

describe('the host name a request names', () => {
  it('is the Host header lower-cased without its port; anything malformed names no school', () => {
    expect(hostName('Klassenraum.Schule-A.de')).toBe('klassenraum.schule-a.de');
    expect(hostName('klassenraum.schule-a.de:443')).toBe('klassenraum.schule-a.de');
    expect(hostName('[::1]:8080')).toBe('[::1]');
    for (const bad of [undefined, '', 'klassenraum.schule-a.de.', 'a.de:', 'a.de:99999x', 'user@a.de', 'a.de/evil', 'a.de b.de', '.a.de']) {
      expect(hostName(bad)).toBeNull();
    }
  });
});
