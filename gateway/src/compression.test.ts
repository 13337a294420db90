import http from 'node:http';
import { brotliDecompressSync, createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCoding } from './compression.js';
import { loadConfig } from './config.js';
import { startGateway, type Gateway } from './server.js';
import { newSessionId, SESSION_COOKIE, storeKey } from './session-cookie.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { startFakeServer } from '../testing/fake-nextcloud.js';

const CSRF = { 'x-requested-with': 'klassenraum' };

let upstream: Awaited<ReturnType<typeof startFakeServer>>;
let gateway: Gateway;
let cookie: string;

interface Received {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they arrived, not decoded. */
  raw: Buffer;
}

function get(path: string, headers: Record<string, string>, method = 'GET'): Promise<Received> {
  const url = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: url.hostname, port: url.port, path, method, headers: { ...CSRF, cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** An OCS answer of a size worth compressing (a class's member list). */
const members = JSON.stringify({
  ocs: {
    meta: { status: 'ok', statuscode: 200, message: 'OK' },
    data: Array.from({ length: 60 }, (_, i) => ({ attendeeId: i, actorId: `s7a-${String(i).padStart(4, '0')}`, displayName: `Schüler ${i}`, status: 'online' })),
  },
});
const multistatus = `<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:">${Array.from(
  { length: 40 },
  (_, i) => `<d:response><d:href>/remote.php/dav/files/schmidt/Klasse%207a/Blatt%20${i}.pdf</d:href><d:propstat><d:prop><d:getetag>"e${i}"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
).join('')}</d:multistatus>`;

beforeAll(async () => {
  upstream = await startFakeServer();
  const store = new MemorySessionStore();
  gateway = await startGateway(
    loadConfig({ APP_URL: 'https://klassenraum.test', NEXTCLOUD_URL: upstream.url, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's', PORT: '0' }),
    { store, log: () => undefined },
  );
  const id = newSessionId();
  const now = Date.now();
  await store.patch(
    storeKey(id),
    { auth: { kind: 'oauth2', userId: 'schmidt', accessToken: 'AT', refreshToken: 'RT', expiresAt: now + 3_600_000, issuedAt: now } },
    3600,
  );
  cookie = `${SESSION_COOKIE}=${id}`;
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

describe('which coding a client accepts', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0, br;q=0', null],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['identity', null],
    ['', null],
  ])('%j → %s', (header, coding) => {
    expect(acceptedCoding(header)).toBe(coding);
  });
});

describe('the gateway compresses what Nextcloud sent uncompressed', () => {
  it('gzips an OCS JSON answer for a client that accepts gzip, and the client reads the same JSON', async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(members) });
      res.end(members);
    });
    const res = await get('/ocs/v2.php/apps/spreed/api/v4/room/abc/participants', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(res.raw).toString('utf8')).toBe(members);
    expect(res.raw.length).toBeLessThan(Buffer.byteLength(members) / 4);
    // Nextcloud itself was asked with the client's Accept-Encoding, so it may compress on its own.
    expect(upstream.seen.at(-1)?.headers['accept-encoding']).toBe('gzip');
  });

  it('compresses a DAV multistatus with brotli when the client prefers it, with a weak ETag', async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(207, { 'content-type': 'application/xml; charset=utf-8', etag: '"abc"', vary: 'Brief,Prefer' });
      res.end(multistatus);
    });
    const res = await get('/remote.php/dav/files/schmidt/Klasse%207a', { 'accept-encoding': 'gzip, deflate, br', depth: '1' }, 'PROPFIND');
    expect(res.status).toBe(207);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toBe('Brief, Prefer, Accept-Encoding');
    expect(res.headers['etag']).toBe('W/"abc"');
    expect(brotliDecompressSync(res.raw).toString('utf8')).toBe(multistatus);
  });

  it('sends the body as it is to a client that accepts no compression, still saying it varies', async () => {
    upstream.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(members) });
      res.end(members);
    });
    const res = await get('/ocs/v2.php/cloud/user', { 'accept-encoding': 'gzip;q=0' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(members)));
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.raw.toString('utf8')).toBe(members);
  });

  it('passes an answer Nextcloud already compressed through untouched (not compressed twice)', async () => {
    const gz = gzipSync(members);
    upstream.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': gz.length });
      res.end(gz);
    });
    const res = await get('/ocs/v2.php/apps/spreed/api/v4/room', { 'accept-encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-length']).toBe(String(gz.length));
    expect(res.raw.equals(gz)).toBe(true);
  });

  it('never compresses a ranged answer: the client gets exactly the bytes of its range', async () => {
    const slice = multistatus.slice(100, 1300);
    upstream.setHandler((req, res) => {
      expect(req.headers['range']).toBe('bytes=100-1299');
      res.writeHead(206, { 'content-type': 'application/xml', 'content-range': `bytes 100-1299/${multistatus.length}`, 'content-length': slice.length });
      res.end(slice);
    });
    const res = await get('/ocs/v2.php/apps/some/export.xml', { 'accept-encoding': 'gzip, br', range: 'bytes=100-1299' });
    expect(res.status).toBe(206);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-range']).toBe(`bytes 100-1299/${multistatus.length}`);
    expect(res.headers['content-length']).toBe(String(slice.length));
    expect(res.raw.toString('utf8')).toBe(slice);
  });

  it("leaves images and a file's own content (DAV GET) as they are", async () => {
    const png = Buffer.alloc(4096, 7);
    upstream.setHandler((req, res) => {
      if (req.url?.startsWith('/index.php/avatar/')) {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
        res.end(png);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"f1"', 'content-length': Buffer.byteLength(members) });
      res.end(members);
    });
    const avatar = await get('/index.php/avatar/schmidt/64', { 'accept-encoding': 'gzip' });
    expect(avatar.headers['content-encoding']).toBeUndefined();
    expect(avatar.raw.equals(png)).toBe(true);
    const file = await get('/remote.php/dav/files/schmidt/daten.json', { 'accept-encoding': 'gzip' });
    expect(file.headers['content-encoding']).toBeUndefined();
    expect(file.headers['etag']).toBe('"f1"');
    expect(file.raw.toString('utf8')).toBe(members);
  });

  it('streams: the client decodes the first part before Nextcloud has sent the rest', async () => {
    let sendRest: () => void = () => undefined;
    upstream.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`[${JSON.stringify(members)}`);
      sendRest = () => res.end(`,${JSON.stringify(members)}]`);
    });
    const url = new URL(gateway.url);
    const text = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { hostname: url.hostname, port: url.port, path: '/ocs/v2.php/apps/spreed/api/v1/chat/abc', headers: { ...CSRF, cookie, 'accept-encoding': 'gzip' } },
        (res) => {
          expect(res.headers['content-encoding']).toBe('gzip');
          const gunzip = createGunzip();
          let got = '';
          gunzip.on('data', (c: Buffer) => {
            got += c.toString('utf8');
            // Only once the first part arrived decoded does Nextcloud send the rest.
            // Without a flush per chunk the first part would wait in zlib's buffer and this would never happen.
            if (got.startsWith('[')) sendRest();
          });
          gunzip.on('end', () => resolve(got));
          gunzip.on('error', reject);
          res.pipe(gunzip);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(text)).toEqual([members, members]);
  });
});
