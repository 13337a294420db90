import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';
import { DEFAULT_STUDENT_QUOTA } from './quota.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
});
afterAll(async () => {
  await server.close();
});

const auth = (u: string): string => `Basic ${Buffer.from(`${u}:klassenraum`).toString('base64')}`;
const xml = new XMLParser({ removeNSPrefix: true, isArray: (name) => ['response', 'propstat'].includes(name), parseTagValue: false });

async function call(method: string, path: string, user: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: auth(user), ...headers }, body });
  return { status: res.status, text: await res.text() };
}

const QUOTA_PROPS = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:quota-used-bytes/><d:quota-available-bytes/></d:prop></d:propfind>';

async function quotaProps(user: string, path = ''): Promise<{ used: string; available: string }> {
  const res = await call('PROPFIND', `/remote.php/dav/files/${user}/${path}`, user, { depth: '0' }, QUOTA_PROPS);
  expect(res.status).toBe(207);
  const doc = xml.parse(res.text) as { multistatus: { response: { propstat: { prop: Record<string, string>; status: string }[] }[] } };
  const prop = doc.multistatus.response[0]?.propstat.find((p) => p.status === 'HTTP/1.1 200 OK')?.prop ?? {};
  return { used: String(prop['quota-used-bytes']), available: String(prop['quota-available-bytes']) };
}

function sabreError(text: string): { exception: string; message: string } {
  const doc = xml.parse(text) as { error: { exception: string; message: string } };
  return doc.error;
}

async function exists(user: string, path: string): Promise<boolean> {
  const res = await call('PROPFIND', `/remote.php/dav/files/${user}/${path}`, user, { depth: '0' }, QUOTA_PROPS);
  return res.status === 207;
}

describe('quota', () => {
  it('students start with 1 GiB, teachers unlimited (-3), in PROPFIND and the provisioning API', async () => {
    expect(await quotaProps('s7b1')).toEqual({ used: '0', available: String(DEFAULT_STUDENT_QUOTA) });
    const teacher = await quotaProps('mueller');
    expect(teacher.available).toBe('-3');
    expect(Number(teacher.used)).toBeGreaterThan(0);
    const me = await call('GET', '/ocs/v2.php/cloud/user?format=json', 's7b1', { 'ocs-apirequest': 'true' });
    const quota = (JSON.parse(me.text) as { ocs: { data: { quota: Record<string, number> } } }).ocs.data.quota;
    expect(quota).toEqual({ free: DEFAULT_STUDENT_QUOTA, used: 0, total: DEFAULT_STUDENT_QUOTA, relative: 0, quota: DEFAULT_STUDENT_QUOTA });
  });

  it('setQuota: used and available follow what is stored; a PUT that does not fit is 507 and changes nothing', async () => {
    server.control.setQuota('s7b2', 1000);
    expect((await call('PUT', '/remote.php/dav/files/s7b2/Notizen.txt', 's7b2', {}, 'x'.repeat(300))).status).toBe(201);
    expect(await quotaProps('s7b2')).toEqual({ used: '300', available: '700' });

    const tooBig = await call('PUT', '/remote.php/dav/files/s7b2/Referat.txt', 's7b2', {}, 'y'.repeat(701));
    expect(tooBig.status).toBe(507);
    expect(sabreError(tooBig.text)).toEqual({ exception: 'Sabre\\DAV\\Exception\\InsufficientStorage', message: 'Insufficient space in /Referat.txt, 701 required, 700 available' });
    expect(await exists('s7b2', 'Referat.txt')).toBe(false);

    // Overwriting needs the new length free, as Nextcloud checks it (the old content is not subtracted).
    const overwrite = await call('PUT', '/remote.php/dav/files/s7b2/Notizen.txt', 's7b2', {}, 'z'.repeat(800));
    expect(overwrite.status).toBe(507);
    expect((await call('GET', '/remote.php/dav/files/s7b2/Notizen.txt', 's7b2')).text).toBe('x'.repeat(300));

    // What fits is stored; the provisioning API reports the same numbers.
    expect((await call('PUT', '/remote.php/dav/files/s7b2/Referat.txt', 's7b2', {}, 'y'.repeat(700))).status).toBe(201);
    expect(await quotaProps('s7b2')).toEqual({ used: '1000', available: '0' });
    const me = await call('GET', '/ocs/v2.php/cloud/user?format=json', 's7b2', { 'ocs-apirequest': 'true' });
    expect((JSON.parse(me.text) as { ocs: { data: { quota: unknown } } }).ocs.data.quota).toEqual({ free: 0, used: 1000, total: 1000, relative: 100, quota: 1000 });

    // A full storage cannot take a new folder (Nextcloud asks for 4096 bytes) or a copy.
    const mkcol = await call('MKCOL', '/remote.php/dav/files/s7b2/Ordner', 's7b2');
    expect(mkcol.status).toBe(507);
    expect(sabreError(mkcol.text).message).toBe('Insufficient space in /. 0 available. Cannot create directory');
    const copy = await call('COPY', '/remote.php/dav/files/s7b2/Notizen.txt', 's7b2', { destination: `${server.url}/remote.php/dav/files/s7b2/Kopie.txt` });
    expect(copy.status).toBe(507);
    expect(await exists('s7b2', 'Kopie.txt')).toBe(false);

    // Deleted files go to the trash bin, which does not count.
    expect((await call('DELETE', '/remote.php/dav/files/s7b2/Referat.txt', 's7b2')).status).toBe(204);
    expect(await quotaProps('s7b2')).toEqual({ used: '300', available: '700' });

    server.control.setQuota('s7b2', null);
    expect((await quotaProps('s7b2')).available).toBe('-3');
    expect((await call('PUT', '/remote.php/dav/files/s7b2/Referat.txt', 's7b2', {}, 'y'.repeat(5000))).status).toBe(201);
  });

  it('chunked upload v2: OC-Total-Length over the free space is 507 on MKCOL, chunk PUT and MOVE', async () => {
    server.control.setQuota('s7b3', 100);
    const dest = `${server.url}/remote.php/dav/files/s7b3/Video.bin`;
    const uploads = '/remote.php/dav/uploads/s7b3';

    const mkcol = await call('MKCOL', `${uploads}/big-1`, 's7b3', { destination: dest, 'oc-total-length': '101' });
    expect(mkcol.status).toBe(507);
    expect(sabreError(mkcol.text)).toEqual({ exception: 'Sabre\\DAV\\Exception\\InsufficientStorage', message: 'Insufficient space in /, 101 required, 100 available' });
    expect((await call('PROPFIND', `${uploads}/big-1`, 's7b3', { depth: '0' })).status).toBe(404);

    // A session announced within the quota, whose chunks then claim more.
    expect((await call('MKCOL', `${uploads}/big-2`, 's7b3', { destination: dest, 'oc-total-length': '60' })).status).toBe(201);
    const chunk = await call('PUT', `${uploads}/big-2/00001`, 's7b3', { destination: dest, 'oc-total-length': '160' }, 'a'.repeat(60));
    expect(chunk.status).toBe(507);
    expect((await call('PUT', `${uploads}/big-2/00001`, 's7b3', { destination: dest, 'oc-total-length': '60' }, 'a'.repeat(60))).status).toBe(201);
    // Meanwhile the space filled up: assembling is refused, nothing appears in the files.
    expect((await call('PUT', '/remote.php/dav/files/s7b3/Platzhalter.txt', 's7b3', {}, 'p'.repeat(50))).status).toBe(201);
    const move = await call('MOVE', `${uploads}/big-2/.file`, 's7b3', { destination: dest, 'oc-total-length': '60' });
    expect(move.status).toBe(507);
    expect(sabreError(move.text).message).toBe('Insufficient space in /, 60 required, 50 available');
    expect(await exists('s7b3', 'Video.bin')).toBe(false);

    // With room again the same session assembles.
    expect((await call('DELETE', '/remote.php/dav/files/s7b3/Platzhalter.txt', 's7b3')).status).toBe(204);
    expect((await call('MOVE', `${uploads}/big-2/.file`, 's7b3', { destination: dest, 'oc-total-length': '60' })).status).toBe(201);
    expect(await quotaProps('s7b3')).toEqual({ used: '60', available: '40' });
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
