import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: 'throw' });
});
afterAll(async () => {
  await server.close();
});

const basic = (u: string): string => `Basic ${Buffer.from(`${u}:klassenraum`).toString('base64')}`;

interface Answer<T> {
  status: number;
  data: T;
}

async function ocs<T>(user: string, method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const res = await fetch(`${server.url}/ocs/v2.php/apps/files_sharing/api/v1${path}`, {
    method,
    headers: { authorization: basic(user), 'ocs-apirequest': 'true', accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: ((await res.json()) as { ocs: { data: T } }).ocs.data };
}

function dav(user: string, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return fetch(`${server.url}/remote.php/dav/files/${user}/${path}`, { method, headers: { authorization: basic(user), ...init.headers }, body: init.body });
}

describe('files sharing', () => {
  it('a read-only group share appears in the students’ roots, readable but not writable; the other class does not see it', async () => {
    expect((await dav('schmidt', 'MKCOL', '7a%20Material')).status).toBe(201);
    expect((await dav('schmidt', 'PUT', '7a%20Material/Blatt1.md', { body: '# Blatt 1\n' })).status).toBe(201);
    const share = await ocs<{ id: string; share_type: number; permissions: number; item_type: string }>('schmidt', 'POST', '/shares', {
      path: '/7a Material',
      shareType: 1,
      shareWith: 'klasse-7a',
      permissions: 1,
    });
    expect(share.status).toBe(200);
    expect(share.data).toMatchObject({ share_type: 1, permissions: 1, item_type: 'folder' });

    const root = await (await dav('s7a1', 'PROPFIND', '', { headers: { depth: '1' } })).text();
    expect(root).toContain('<d:href>/remote.php/dav/files/s7a1/7a%20Material/</d:href>');
    const mount = await (await dav('s7a1', 'PROPFIND', '7a%20Material', { headers: { depth: '0' }, body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop><oc:permissions/><nc:mount-type/><oc:owner-id/></d:prop></d:propfind>' })).text();
    expect(mount).toContain('<oc:permissions>SGDNV</oc:permissions>');
    expect(mount).toContain('<nc:mount-type>shared</nc:mount-type>');
    expect(mount).toContain('<oc:owner-id>schmidt</oc:owner-id>');
    expect(await (await dav('s7a1', 'GET', '7a%20Material/Blatt1.md')).text()).toBe('# Blatt 1\n');
    expect((await dav('s7a1', 'PUT', '7a%20Material/hack.txt', { body: 'x' })).status).toBe(403);
    expect((await dav('s7a1', 'PUT', '7a%20Material/Blatt1.md', { body: 'x' })).status).toBe(403);
    expect((await dav('s7b1', 'PROPFIND', '7a%20Material', { headers: { depth: '0' } })).status).toBe(404);

    const withMe = await ocs<{ id: string; 'mount-type': string }[]>('s7a1', 'GET', '/shares?shared_with_me=true');
    expect(withMe.data.map((s) => [s.id, s['mount-type']])).toEqual([[share.data.id, 'shared']]);
    const ofFolder = await ocs<unknown[]>('schmidt', 'GET', '/shares?path=/7a%20Material&reshares=true');
    expect(ofFolder.data).toHaveLength(1);
    const owned = await (await dav('schmidt', 'PROPFIND', '7a%20Material', { headers: { depth: '0' }, body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:share-types/></d:prop></d:propfind>' })).text();
    expect(owned).toContain('<oc:share-types><oc:share-type>1</oc:share-type></oc:share-types>');

    expect((await ocs('s7a1', 'DELETE', `/shares/${share.data.id}`)).status).toBe(403);
    expect((await ocs('schmidt', 'DELETE', `/shares/${share.data.id}`)).status).toBe(200);
    expect((await dav('s7a1', 'PROPFIND', '7a%20Material', { headers: { depth: '0' } })).status).toBe(404);
  });

  // Recording talk-live.json, "7. s7a1 COPY … onto Live/s7a2.txt (Overwrite: T)" and the PUT/DELETE after it:
  // in a read+create share (permissions 5) a classmate's file can be neither replaced nor removed.
  it('in a read+create share COPY, MOVE and PUT onto a classmate’s file and DELETE of it are refused with Sabre’s bare Forbidden', async () => {
    const refused = '<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">\n  <s:exception>Sabre\\DAV\\Exception\\Forbidden</s:exception>\n  <s:message/>\n</d:error>\n';
    expect((await dav('schmidt', 'MKCOL', 'Live')).status).toBe(201);
    expect((await dav('schmidt', 'PUT', 'Live/Arbeitsblatt-Live.txt', { body: 'Arbeitsblatt\n' })).status).toBe(201);
    const share = await ocs('schmidt', 'POST', '/shares', { path: '/Live', shareType: 1, shareWith: 'klasse-7a', permissions: 5 });
    expect(share.status).toBe(200);
    expect((await dav('s7a2', 'PUT', 'Live/s7a2.txt', { body: 'von s7a2\n' })).status).toBe(201);
    expect((await dav('s7a1', 'PUT', 'eigene-live.txt', { body: 'von s7a1\n' })).status).toBe(201);

    const onto = (from: string, method: 'COPY' | 'MOVE') =>
      dav('s7a1', method, from, { headers: { destination: `${server.url}/remote.php/dav/files/s7a1/Live/s7a2.txt`, overwrite: 'T' } });
    const answers = [
      await onto('eigene-live.txt', 'COPY'),
      await onto('Live/Arbeitsblatt-Live.txt', 'COPY'),
      await onto('eigene-live.txt', 'MOVE'),
      await dav('s7a1', 'PUT', 'Live/s7a2.txt', { body: 'ueberschrieben von s7a1\n' }),
      await dav('s7a1', 'DELETE', 'Live/s7a2.txt'),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(await answer.text()).toBe(refused);
    }

    expect(await (await dav('s7a1', 'GET', 'Live/s7a2.txt')).text()).toBe('von s7a2\n');
    expect(await (await dav('s7a2', 'GET', 'Live/s7a2.txt')).text()).toBe('von s7a2\n');
    // The refused MOVE left the source where it was, and nothing went to anybody's trash bin.
    expect(await (await dav('s7a1', 'GET', 'eigene-live.txt')).text()).toBe('von s7a1\n');
    const trash = await fetch(`${server.url}/remote.php/dav/trashbin/schmidt/trash`, { method: 'PROPFIND', headers: { authorization: basic('schmidt'), depth: '1' } });
    expect(await trash.text()).not.toContain('s7a2.txt');
    // A new name in the share is still allowed: read+create.
    const copied = await dav('s7a1', 'COPY', 'eigene-live.txt', { headers: { destination: `${server.url}/remote.php/dav/files/s7a1/Live/s7a1.txt`, overwrite: 'T' } });
    expect(copied.status).toBe(201);
    expect(await (await dav('schmidt', 'GET', 'Live/s7a1.txt')).text()).toBe('von s7a1\n');
  });

  it('a writable user share lets the recipient add files into the owner’s folder', async () => {
    expect((await dav('mueller', 'MKCOL', 'Abgaben')).status).toBe(201);
    const share = await ocs<{ id: string }>('mueller', 'POST', '/shares', { path: '/Abgaben', shareType: 0, shareWith: 's7b2', permissions: 15 });
    expect(share.status).toBe(200);
    expect((await dav('s7b2', 'PUT', 'Abgaben/Aufsatz.txt', { body: 'Mein Aufsatz' })).status).toBe(201);
    expect(await (await dav('mueller', 'GET', 'Abgaben/Aufsatz.txt')).text()).toBe('Mein Aufsatz');
    expect((await ocs('mueller', 'POST', '/shares', { path: '/nope', shareType: 0, shareWith: 's7b2' })).status).toBe(404);
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
