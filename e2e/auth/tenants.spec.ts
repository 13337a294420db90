import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoSchemaViolations, type DevServer } from '../../devserver/src/server.js';
import { startTenantGateway, type TenantGateway } from '../../gateway/src/tenant-gateway.js';
import { loadTenants } from '../../gateway/src/tenants.js';
import { call } from '../../gateway/testing/http-call.js';
import { schoolNextcloud } from '../../gateway/testing/school-nextcloud.js';
import { DEMO_PASSWORD, expect, freePort, test } from '../fixtures/school.js';
import { AppShell, LoginPage } from './login-page.js';

// Two schools, each with its own Nextcloud (dev server), on one gateway: school A is http://localhost:<port>,
// school B http://127.0.0.1:<port> — the same gateway, told apart only by the host name.
const COOKIE = '__Host-klassenraum_session';
const dir = mkdtempSync(path.join(tmpdir(), 'kr-e2e-tenants-'));
let schoolA: DevServer;
let schoolB: DevServer;
let gateway: TenantGateway;
let appA: string;
let appB: string;

test.beforeAll(async () => {
  const port = await freePort();
  appA = `http://localhost:${port}`;
  appB = `http://127.0.0.1:${port}`;
  schoolA = await schoolNextcloud(appA, 'schule-a', 'Schule A');
  schoolB = await schoolNextcloud(appB, 'schule-b', 'Schule B');
  const school = (id: string, appUrl: string, nextcloud: string) => ({
    id,
    settings: { APP_URL: appUrl, NEXTCLOUD_URL: nextcloud, OAUTH_CLIENT_ID: id, OAUTH_CLIENT_SECRET: `${id}-secret` },
  });
  const file = path.join(dir, 'tenants.json');
  writeFileSync(file, JSON.stringify({ tenants: [school('schule-a', appA, schoolA.url), school('schule-b', appB, schoolB.url)] }));
  const setup = loadTenants({ TENANTS_FILE: file, HOST: '127.0.0.1', PORT: String(port), STATIC_DIR: path.resolve(process.env.E2E_DIST ?? 'dist') });
  if (!setup) throw new Error('no tenant setup');
  gateway = await startTenantGateway(setup, { log: () => undefined });
});

test.afterAll(async () => {
  const violations = [...schoolA.control.schemaViolations(), ...schoolB.control.schemaViolations()];
  await gateway.close();
  await schoolA.close();
  await schoolB.close();
  rmSync(dir, { recursive: true, force: true });
  assertNoSchemaViolations(violations);
});

test("a student of school A is signed in at A only: B's address, A's cookie on B, or a forged Host header get her nowhere", async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(`${appA}/`);
  await expect(page.getByText('Schule A', { exact: true }).first()).toBeVisible();
  await new LoginPage(page).signInThroughNextcloud('s7a1', DEMO_PASSWORD);
  await new AppShell(page).expectSignedInAs('Lena Becker');
  await expect(page.getByRole('banner').getByText('Schule A', { exact: true })).toBeVisible();
  expect(schoolA.control.requests().some((r) => r.user === 's7a1')).toBe(true);
  expect(schoolB.control.requests().some((r) => r.user !== null)).toBe(false);

  // School B's address in the same browser: its own login page and branding, no session.
  const cookieA = (await context.cookies(appA)).find((c) => c.name === COOKIE)?.value ?? '';
  expect(cookieA).not.toBe('');
  schoolB.control.resetRequests();
  const other = await context.newPage();
  await other.goto(`${appB}/`);
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByText('Schule B', { exact: true }).first()).toBeVisible();

  // A's cookie planted on B's host name: still the login page, and B's Nextcloud hears no signed-in request.
  // (Set from the page: a __Host- cookie is host-only, which CDP's setCookies cannot express with a port.)
  await other.evaluate(([name, value]) => {
    document.cookie = `${name}=${value}; Path=/; Secure; SameSite=Lax`;
  }, [COOKIE, cookieA] as const);
  expect((await context.cookies(appB)).find((c) => c.name === COOKIE)?.value).toBe(cookieA);
  await other.goto(`${appB}/`);
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  const onB = await other.evaluate(async () => (await fetch('/ocs/v2.php/cloud/user', { headers: { 'X-Requested-With': 'klassenraum' } })).status);
  expect(onB).toBe(401);
  expect(schoolB.control.requests().filter((r) => r.user !== null || r.headers['authorization'] !== undefined)).toEqual([]);

  // Outside the browser: A's cookie to A's address with B's Host, and an unknown host.
  const forged = await call(appA, '/auth/session', { headers: { host: new URL(appB).host, cookie: `${COOKIE}=${cookieA}` } });
  expect(JSON.parse(forged.body)).toMatchObject({ authenticated: false });
  const unknown = await call(appA, '/', { headers: { host: 'schule-c.example', cookie: `${COOKIE}=${cookieA}` } });
  expect(unknown.status).toBe(421);

  // And A still knows her.
  await page.reload();
  await new AppShell(page).expectSignedInAs('Lena Becker');
  await context.close();
});
