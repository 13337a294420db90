import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startDevServer, type DevServer } from './server.js';

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({ quiet: true });
});
afterAll(async () => {
  await server.close();
});

const basic = (user: string, password = 'klassenraum'): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const ocsHeaders = { 'OCS-APIRequest': 'true', Accept: 'application/json', Authorization: basic('s7a1') };

describe('status.php', () => {
  it('answers the installed status', async () => {
    const r = await get('/status.php', {});
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(r.text)).toMatchObject({ installed: true, maintenance: false, versionstring: '32.0.1', productname: 'Nextcloud' });
  });
});

describe('OCS envelope', () => {
  it('v2 JSON: HTTP status mirrors the OCS status code', async () => {
    const r = await get('/ocs/v2.php/cloud/user', ocsHeaders);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = JSON.parse(r.text) as { ocs: { meta: unknown; data: Record<string, unknown> } };
    expect(body.ocs.meta).toEqual({ status: 'ok', statuscode: 200, message: 'OK' });
    expect(body.ocs.data).toMatchObject({ id: 's7a1', displayname: 'Lena Becker', 'display-name': 'Lena Becker', groups: ['klasse-7a'] });
  });

  it('v1 JSON: statuscode 100 and totalitems/itemsperpage', async () => {
    const r = await get('/ocs/v1.php/cloud/user', ocsHeaders);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { ocs: { meta: unknown } };
    expect(body.ocs.meta).toEqual({ status: 'ok', statuscode: 100, message: 'OK', totalitems: '', itemsperpage: '' });
  });

  it('v1 answers HTTP 200 for an OCS 404, v2 answers 404', async () => {
    const v1 = await get('/ocs/v1.php/cloud/users/nobody', ocsHeaders);
    expect(v1.status).toBe(200);
    expect((JSON.parse(v1.text) as { ocs: { meta: { statuscode: number; status: string } } }).ocs.meta).toMatchObject({
      status: 'failure',
      statuscode: 404,
    });
    const v2 = await get('/ocs/v2.php/cloud/users/nobody', ocsHeaders);
    expect(v2.status).toBe(404);
  });

  it('XML by default and with format=xml', async () => {
    const { Accept: _accept, ...noAccept } = ocsHeaders;
    for (const path of ['/ocs/v2.php/cloud/user', '/ocs/v2.php/cloud/user?format=xml']) {
      const r = await get(path, noAccept);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(r.text.startsWith('<?xml version="1.0"?>\n<ocs>\n <meta>\n  <status>ok</status>')).toBe(true);
      const doc = new XMLParser().parse(r.text) as { ocs: { data: { id: string; groups: { element: string } } } };
      expect(doc.ocs.data.id).toBe('s7a1');
      expect(doc.ocs.data.groups.element).toBe('klasse-7a');
    }
  });

  it('format=json wins over Accept', async () => {
    const r = await get('/ocs/v2.php/cloud/user?format=json', { ...ocsHeaders, Accept: 'application/xml' });
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('missing OCS-APIRequest answers 412 CSRF check failed', async () => {
    const r = await get('/ocs/v2.php/cloud/user', { Accept: 'application/json', Authorization: basic('s7a1') });
    expect(r.status).toBe(412);
    expect(JSON.parse(r.text)).toEqual({ message: 'CSRF check failed' });
  });

  it('bad credentials: 401 with statuscode 997, WWW-Authenticate, and a brute-force attempt', async () => {
    const before = server.control.bruteforceAttempts();
    const r = await get('/ocs/v2.php/cloud/user', { ...ocsHeaders, Authorization: basic('s7a1', 'wrong') });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Basic realm="Authorisation Required"');
    expect(JSON.parse(r.text)).toEqual({ ocs: { meta: { status: 'failure', statuscode: 997, message: 'Unauthorised' }, data: [] } });
    expect(server.control.bruteforceAttempts()).toBe(before + 1);
  });

  it('no credentials: 401 (v1 too)', async () => {
    const { Authorization: _a, ...anon } = ocsHeaders;
    expect((await get('/ocs/v2.php/cloud/user', anon)).status).toBe(401);
    const v1 = await get('/ocs/v1.php/cloud/user', anon);
    expect(v1.status).toBe(401);
    expect((JSON.parse(v1.text) as { ocs: { meta: { statuscode: number } } }).ocs.meta.statuscode).toBe(997);
  });

  it('unknown OCS route: 404 with statuscode 998', async () => {
    const r = await get('/ocs/v2.php/apps/deck/api/v1.0/boards', ocsHeaders);
    expect(r.status).toBe(404);
    expect((JSON.parse(r.text) as { ocs: { meta: { statuscode: number } } }).ocs.meta.statuscode).toBe(998);
  });

  it('another user is not readable without admin rights', async () => {
    const other = await get('/ocs/v2.php/cloud/users/schmidt', ocsHeaders);
    expect(other.status).toBe(401);
    // A controller's own 997 goes through the OCS middleware: no challenge, the controller's message.
    expect(other.headers.get('www-authenticate')).toBeNull();
    expect(JSON.parse(other.text)).toEqual({ ocs: { meta: { status: 'failure', statuscode: 997, message: '' }, data: [] } });
    expect((await get('/ocs/v2.php/cloud/users/s7a1', ocsHeaders)).status).toBe(200);
  });

  it('an unknown bearer token is no login: not logged in on a protected route (no challenge), a guest on a public one', async () => {
    const headers = { ...ocsHeaders, Authorization: 'Bearer no-such-token' };
    const r = await get('/ocs/v2.php/cloud/user', headers);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBeNull();
    expect(JSON.parse(r.text)).toEqual({ ocs: { meta: { status: 'failure', statuscode: 997, message: 'Current user is not logged in' }, data: [] } });
    expect((await get('/ocs/v2.php/cloud/capabilities', headers)).status).toBe(200);
  });

  it('capabilities carry core, files incl. chunked_upload, spreed, notifications and user_status', async () => {
    const r = await get('/ocs/v2.php/cloud/capabilities', ocsHeaders);
    const caps = (JSON.parse(r.text) as { ocs: { data: { capabilities: Record<string, Record<string, unknown>> } } }).ocs.data.capabilities;
    expect(caps['core']).toMatchObject({ 'webdav-root': 'remote.php/webdav' });
    expect(caps['files']?.['chunked_upload']).toEqual({ max_size: 104857600, max_parallel_count: 5 });
    for (const k of ['spreed', 'notifications', 'user_status']) expect(caps[k]).toBeDefined();
    expect(r.text).toContain(server.url);
  });

  it('records requests with the authorization reduced to its scheme', async () => {
    server.control.resetRequests();
    await get('/ocs/v2.php/cloud/user', ocsHeaders);
    const [rec] = server.control.requests();
    expect(rec).toMatchObject({ method: 'GET', path: '/ocs/v2.php/cloud/user', user: 's7a1', status: 200 });
    expect(rec?.headers['authorization']).toBe('Basic');
    expect(rec?.endedAt).toBeGreaterThanOrEqual(rec?.at ?? Infinity);
    const overHttp = (await (await fetch(`${server.url}/__devserver/requests`)).json()) as unknown[];
    expect(overHttp).toHaveLength(1);
  });
});
