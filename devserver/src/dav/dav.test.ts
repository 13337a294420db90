import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngAvatar } from '../core/avatar.js';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true });
});
afterAll(async () => {
  await server.close();
});

const auth = (u: string): string => `Basic ${Buffer.from(`${u}:klassenraum`).toString('base64')}`;
const xml = new XMLParser({ removeNSPrefix: true, isArray: (name) => ['response', 'propstat'].includes(name), parseTagValue: false });

async function dav(method: string, path: string, user = 'mueller', headers: Record<string, string> = {}, body?: string | Buffer): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${server.url}/remote.php/dav/files/${path}`, { method, headers: { authorization: auth(user), ...headers }, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const PROPFIND = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop>
<d:getlastmodified/><d:getetag/><d:getcontenttype/><d:resourcetype/><d:getcontentlength/><d:displayname/><oc:fileid/><oc:permissions/><oc:size/><nc:has-preview/><x:unknown xmlns:x="urn:x"/>
</d:prop></d:propfind>`;

interface PropStat {
  prop: Record<string, unknown>;
  status: string;
}
interface DavResp {
  href: string;
  propstat: PropStat[];
}

function responses(text: string): DavResp[] {
  return (xml.parse(text) as { multistatus: { response: DavResp[] } }).multistatus.response;
}

describe('WebDAV files', () => {
  it('MKCOL creates (201 + OC-FileId) and answers 405 on an existing path, 409 without parent', async () => {
    const made = await dav('MKCOL', 'mueller/Klasse%207b');
    expect(made.status).toBe(201);
    expect(made.headers.get('oc-fileid')).toMatch(/^\d{8}oc/);
    const again = await dav('MKCOL', 'mueller/Klasse%207b');
    expect(again.status).toBe(405);
    expect(again.text).toContain('Sabre\\DAV\\Exception\\MethodNotAllowed');
    expect((await dav('MKCOL', 'mueller/nope/deeper')).status).toBe(409);
  });

  it('PUT creates 201 then overwrites 204; stale If-Match is 412 with the current ETag', async () => {
    const put = await dav('PUT', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', { 'x-oc-mtime': '1795000000' }, 'Brüche: 1/2 + 1/4 = ?\n');
    expect(put.status).toBe(201);
    const etag = put.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.headers.get('oc-etag')).toBe(etag);
    expect(put.headers.get('x-oc-mtime')).toBe('accepted');
    const stale = await dav('PUT', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', { 'if-match': '"nope"' }, 'x');
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(etag);
    const ok = await dav('PUT', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', { 'if-match': etag ?? '' }, 'Brüche: 3/4\n');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('etag')).not.toBe(etag);
  });

  it('PROPFIND depth 0 and 1 with Nextcloud props; unknown props in a 404 propstat', async () => {
    const d0 = await dav('PROPFIND', 'mueller/Klasse%207b', 'mueller', { depth: '0', 'content-type': 'application/xml' }, PROPFIND);
    expect(d0.status).toBe(207);
    expect(d0.headers.get('dav')).toContain('nc-paginate');
    const [folder] = responses(d0.text);
    expect(folder?.href).toBe('/remote.php/dav/files/mueller/Klasse%207b/');
    const ok = folder?.propstat.find((p) => p.status === 'HTTP/1.1 200 OK')?.prop;
    expect(ok).toMatchObject({ displayname: 'Klasse 7b', permissions: 'RGDNVCK', size: String(Buffer.byteLength('Brüche: 3/4\n')) });
    expect(Object.keys(folder?.propstat.find((p) => p.status === 'HTTP/1.1 404 Not Found')?.prop ?? {})).toEqual(['getcontenttype', 'getcontentlength', 'unknown']);

    const d1 = responses((await dav('PROPFIND', 'mueller/Klasse%207b', 'mueller', { depth: '1' }, PROPFIND)).text);
    expect(d1.map((r) => r.href)).toEqual(['/remote.php/dav/files/mueller/Klasse%207b/', '/remote.php/dav/files/mueller/Klasse%207b/Br%c3%bcche.txt']);
    expect(d1[1]?.propstat[0]?.prop).toMatchObject({ getcontenttype: 'text/plain', getcontentlength: String(Buffer.byteLength('Brüche: 3/4\n')), permissions: 'RGDNVW' });
    expect((await dav('PROPFIND', 'mueller/Klasse%207b/nope', 'mueller', { depth: '0' }, PROPFIND)).status).toBe(404);
  });

  it('GET with Range answers 206, unsatisfiable 416, whole file with Content-Disposition', async () => {
    const whole = await dav('GET', 'mueller/Klasse%207b/Br%C3%BCche.txt');
    expect(whole.status).toBe(200);
    expect(whole.text).toBe('Brüche: 3/4\n');
    expect(whole.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(whole.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Br%C3%BCche.txt; filename=\"Br%C3%BCche.txt\"");
    const part = await dav('GET', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', { range: 'bytes=0-2' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-2/${Buffer.byteLength('Brüche: 3/4\n')}`);
    expect(part.text).toBe('Br\uFFFD');
    const tail = await dav('GET', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', { range: 'bytes=-4' });
    expect(tail.text).toBe('3/4\n');
    expect((await dav('GET', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', { range: 'bytes=999-' })).status).toBe(416);
  });

  it('MOVE and COPY (201, Overwrite: F → 412), DELETE to the trash and restore', async () => {
    const dest = (p: string): Record<string, string> => ({ destination: `${server.url}/remote.php/dav/files/mueller/${p}` });
    const moved = await dav('MOVE', 'mueller/Klasse%207b/Br%C3%BCche.txt', 'mueller', dest('Klasse%207b/Bruchrechnen.txt'));
    expect(moved.status).toBe(201);
    expect(moved.headers.get('oc-fileid')).not.toBeNull();
    const copied = await dav('COPY', 'mueller/Klasse%207b/Bruchrechnen.txt', 'mueller', dest('Klasse%207b/Kopie.txt'));
    expect(copied.status).toBe(201);
    expect(copied.headers.get('oc-fileid')).not.toBe(moved.headers.get('oc-fileid'));
    const refused = await dav('COPY', 'mueller/Klasse%207b/Bruchrechnen.txt', 'mueller', { ...dest('Klasse%207b/Kopie.txt'), overwrite: 'F' });
    expect(refused.status).toBe(412);
    expect((await dav('DELETE', 'mueller/Klasse%207b/Kopie.txt')).status).toBe(204);
    expect((await dav('GET', 'mueller/Klasse%207b/Kopie.txt')).status).toBe(404);

    const trash = await fetch(`${server.url}/remote.php/dav/trashbin/mueller/trash`, { method: 'PROPFIND', headers: { authorization: auth('mueller'), depth: '1' } });
    const items = responses(await trash.text());
    const item = items.find((r) => r.href.includes('Kopie.txt.d'));
    expect(item).toBeDefined();
    const restore = await fetch(`${server.url}${item?.href ?? ''}`, {
      method: 'MOVE',
      headers: { authorization: auth('mueller'), destination: `${server.url}/remote.php/dav/trashbin/mueller/restore/Kopie.txt` },
    });
    expect(restore.status).toBe(201);
    expect((await dav('GET', 'mueller/Klasse%207b/Kopie.txt')).status).toBe(200);
  });

  it("another user's path is 404, no credentials 401, wrong password 401 and a brute-force attempt", async () => {
    const other = await dav('PROPFIND', 'mueller/Klasse%207b', 's7b1', { depth: '0' });
    expect(other.status).toBe(404);
    expect((await dav('GET', 'mueller/Klasse%207b/Kopie.txt', 's7b1')).status).toBe(404);
    const anon = await fetch(`${server.url}/remote.php/dav/files/mueller/`, { method: 'PROPFIND' });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toContain('Basic realm="Nextcloud"');
    const before = server.control.bruteforceAttempts();
    const wrong = await fetch(`${server.url}/remote.php/dav/files/mueller/`, { method: 'PROPFIND', headers: { authorization: `Basic ${Buffer.from('mueller:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(server.control.bruteforceAttempts()).toBe(before + 1);
  });

  it('chunked upload v2: chunks, resume listing with .file, assemble with OC-Total-Length', async () => {
    const up = (p: string, method: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Response> =>
      fetch(`${server.url}/remote.php/dav/uploads/mueller/${p}`, { method, headers: { authorization: auth('mueller'), ...headers }, body });
    const destination = `${server.url}/remote.php/dav/files/mueller/Klasse%207b/video.bin`;
    expect((await up('web-1', 'MKCOL', { destination })).status).toBe(201);
    expect((await up('web-1/00001', 'PUT', { destination, 'oc-total-length': '13' }, Buffer.from('hello '))).status).toBe(201);
    expect((await up('web-1/00002', 'PUT', { destination, 'oc-total-length': '13' }, Buffer.from('world!!'))).status).toBe(201);
    const listing = responses(await (await up('web-1', 'PROPFIND', { depth: '1' })).text());
    expect(listing.map((r) => r.href.split('/').pop())).toEqual(['', '.file', '00001', '00002']);
    const wrong = await up('web-1/.file', 'MOVE', { destination, 'oc-total-length': '99' });
    expect(wrong.status).toBe(400);
    const done = await up('web-1/.file', 'MOVE', { destination, 'oc-total-length': '13', 'x-oc-mtime': '1795000001' });
    expect(done.status).toBe(201);
    expect(done.headers.get('oc-fileid')).not.toBeNull();
    expect((await dav('GET', 'mueller/Klasse%207b/video.bin')).text).toBe('hello world!!');
    expect((await up('web-1', 'PROPFIND', { depth: '0' })).status).toBe(404);
  });

  it('SEARCH by name below the user files', async () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?><d:searchrequest xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:basicsearch><d:select><d:prop><d:displayname/><oc:fileid/></d:prop></d:select><d:from><d:scope><d:href>/files/mueller</d:href><d:depth>infinity</d:depth></d:scope></d:from><d:where><d:like><d:prop><d:displayname/></d:prop><d:literal>%bruch%</d:literal></d:like></d:where><d:orderby/></d:basicsearch></d:searchrequest>`;
    const res = await fetch(`${server.url}/remote.php/dav/`, { method: 'SEARCH', headers: { authorization: auth('mueller'), 'content-type': 'text/xml' }, body });
    expect(res.status).toBe(207);
    expect(responses(await res.text()).map((r) => r.href)).toEqual(['/remote.php/dav/files/mueller/Klasse%207b/Bruchrechnen.txt']);
  });

  it('teachers start with demo material', async () => {
    const list = responses((await dav('PROPFIND', 'schmidt/Unterrichtsmaterial', 'schmidt', { depth: '1' })).text);
    expect(list.length).toBeGreaterThan(1);
  });
});

describe('file names and previews', () => {
  it('refuses traversal, encoded slashes, backslashes and forbidden names', async () => {
    expect((await dav('PUT', 's7a2/..%2f..%2fschmidt', 's7a2', {}, 'x')).status).toBe(400);
    expect((await dav('PUT', 's7a2/a%5cb.txt', 's7a2', {}, 'x')).status).toBe(400);
    expect((await dav('MKCOL', 's7a2/.htaccess', 's7a2')).status).toBe(400);
    expect((await dav('PUT', 's7a2/upload.part', 's7a2', {}, 'x')).status).toBe(400);
    // Dot segments (also encoded) are resolved before routing, as nginx does: climbing out of one's
    // own files only reaches another account's path, which is 404.
    const raw = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/remote.php/dav/files/s7a2/%2e%2e/schmidt/Unterrichtsmaterial`, { method: 'PROPFIND', headers: { authorization: auth('s7a2'), depth: '0' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(raw).toBe(404);
  });

  it('images preview as themselves, text as a generated PNG, folders and foreign files 404', async () => {
    const png = pngAvatar('Foto', 64);
    const put = await fetch(`${server.url}/remote.php/dav/files/s7a3/Foto.png`, { method: 'PUT', headers: { authorization: auth('s7a3') }, body: png });
    const imageId = Number((put.headers.get('oc-fileid') ?? '').slice(0, 8));
    const text = await fetch(`${server.url}/remote.php/dav/files/s7a3/Notiz.md`, { method: 'PUT', headers: { authorization: auth('s7a3') }, body: '# Notiz\n\nText' });
    const textId = Number((text.headers.get('oc-fileid') ?? '').slice(0, 8));
    const preview = (user: string, id: number): Promise<Response> => fetch(`${server.url}/index.php/core/preview?fileId=${id}&x=32&y=32`, { headers: { authorization: auth(user) } });
    const img = await preview('s7a3', imageId);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer())).toEqual(png);
    const txt = await preview('s7a3', textId);
    expect(txt.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await txt.arrayBuffer()).readUInt32BE(16)).toBe(32);
    const foreign = await preview('s7a4', imageId);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual([]);
    const byPath = await fetch(`${server.url}/index.php/core/preview.png?file=/Foto.png&x=32&y=32`, { headers: { authorization: auth('s7a3') } });
    expect(byPath.status).toBe(200);
  });
});

describe('state file', () => {
  it('files, app passwords and statuses survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devserver-state-'));
    const stateFile = join(dir, 'state.json');
    try {
      const a = await startDevServer({ quiet: true, stateFile });
      await fetch(`${a.url}/remote.php/dav/files/s7a1/Notiz.txt`, { method: 'PUT', headers: { authorization: auth('s7a1') }, body: 'merken' });
      await a.close();
      const b = await startDevServer({ quiet: true, stateFile });
      const res = await fetch(`${b.url}/remote.php/dav/files/s7a1/Notiz.txt`, { headers: { authorization: auth('s7a1') } });
      expect(await res.text()).toBe('merken');
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WebDAV favourites (PROPPATCH)', () => {
  const FAV = (v: 0 | 1): string =>
    `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop><oc:favorite>${v}</oc:favorite></d:prop></d:set></d:propertyupdate>`;
  const favoriteOf = async (user: string, path: string): Promise<unknown> => {
    const res = await dav('PROPFIND', path, user, { depth: '0' }, '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:favorite/></d:prop></d:propfind>');
    return responses(res.text)[0]?.propstat[0]?.prop['favorite'];
  };

  it('marks a file as favourite for that user only, and unmarks it', async () => {
    await dav('PUT', 'schmidt/Fav.txt', 'schmidt', {}, 'x');
    const set = await dav('PROPPATCH', 'schmidt/Fav.txt', 'schmidt', { 'content-type': 'application/xml' }, FAV(1));
    expect(set.status).toBe(207);
    expect(responses(set.text)[0]?.propstat[0]?.status).toBe('HTTP/1.1 200 OK');
    expect(await favoriteOf('schmidt', 'schmidt/Fav.txt')).toBe('1');
    await dav('PROPPATCH', 'schmidt/Fav.txt', 'schmidt', { 'content-type': 'application/xml' }, FAV(0));
    expect(await favoriteOf('schmidt', 'schmidt/Fav.txt')).toBe('0');
  });

  it('reads the favourite whatever prefixes the client chose (D:, a default namespace)', async () => {
    await dav('PUT', 'schmidt/Fav2.txt', 'schmidt', {}, 'x');
    const body = '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><favorite xmlns="http://owncloud.org/ns"> 1 </favorite></D:prop></D:set></D:propertyupdate>';
    const set = await dav('PROPPATCH', 'schmidt/Fav2.txt', 'schmidt', { 'content-type': 'application/xml' }, body);
    expect(responses(set.text)[0]?.propstat[0]?.status).toBe('HTTP/1.1 200 OK');
    expect(await favoriteOf('schmidt', 'schmidt/Fav2.txt')).toBe('1');
  });

  it("refuses properties it cannot write with a 403 propstat, and another user's path with 404", async () => {
    const res = await dav(
      'PROPPATCH',
      'schmidt/Fav.txt',
      'schmidt',
      {},
      '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop><oc:fileid>1</oc:fileid></d:prop></d:set></d:propertyupdate>',
    );
    expect(responses(res.text)[0]?.propstat[0]?.status).toBe('HTTP/1.1 403 Forbidden');
    expect((await dav('PROPPATCH', 'schmidt/Fav.txt', 's7a1', {}, FAV(1))).status).toBe(404);
  });
});
