import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';
import { pageSize, pdfTextLines } from './preview.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
});
afterAll(async () => {
  await server.close();
});

const auth = (u: string): string => `Basic ${Buffer.from(`${u}:klassenraum`).toString('base64')}`;

/** A one-page PDF with two lines of text in an uncompressed content stream. */
function samplePdf(): Buffer {
  const stream = 'BT /F1 12 Tf 72 720 Td (Arbeitsblatt Bruchrechnen) Tj 0 -20 Td [(Aufgabe ) -250 (1: 1/2 + 1/4)] TJ ET';
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
      `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n` +
      `4 0 obj << /Length ${stream.length} >> stream\n${stream}\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

async function put(user: string, name: string, body: Buffer | string): Promise<number> {
  const res = await fetch(`${server.url}/remote.php/dav/files/${user}/${encodeURIComponent(name)}`, { method: 'PUT', headers: { authorization: auth(user) }, body });
  expect(res.status).toBe(201);
  return Number((res.headers.get('oc-fileid') ?? '').slice(0, 8));
}

async function hasPreview(user: string, name: string): Promise<string | undefined> {
  const res = await fetch(`${server.url}/remote.php/dav/files/${user}/${encodeURIComponent(name)}`, {
    method: 'PROPFIND',
    headers: { authorization: auth(user), depth: '0' },
    body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:nc="http://nextcloud.org/ns"><d:prop><nc:has-preview/></d:prop></d:propfind>',
  });
  return /<nc:has-preview>(\w+)<\/nc:has-preview>/.exec(await res.text())?.[1];
}

/** Width, height and RGB rows of a PNG the dev server generated (8-bit RGB, filter 0). */
function decodePng(png: Buffer): { width: number; height: number; pixel(x: number, y: number): [number, number, number] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    if (png.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 3 + 1) * height);
  return {
    width,
    height,
    pixel: (x, y) => {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      return [raw[o] ?? -1, raw[o + 1] ?? -1, raw[o + 2] ?? -1];
    },
  };
}

describe('PDF previews', () => {
  it('has-preview is true for PDFs (and raster images, text), false for archives and SVG', async () => {
    await put('s7a5', 'Arbeitsblatt.pdf', samplePdf());
    await put('s7a5', 'Archiv.zip', Buffer.from('PK\u0003\u0004'));
    await put('s7a5', 'Logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await hasPreview('s7a5', 'Arbeitsblatt.pdf')).toBe('true');
    expect(await hasPreview('s7a5', 'Archiv.zip')).toBe('false');
    expect(await hasPreview('s7a5', 'Logo.svg')).toBe('false');
  });

  it('core/preview answers a page-shaped PNG for a PDF: portrait with a=1, x × y without; text lines drawn', async () => {
    const id = await put('s7a6', 'Blatt.pdf', samplePdf());
    const get = (query: string, user = 's7a6'): Promise<Response> => fetch(`${server.url}/index.php/core/preview?fileId=${id}&${query}`, { headers: { authorization: auth(user) } });

    const res = await get('x=256&y=256&a=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-nc-ispreview')).toBe('1');
    const page = decodePng(Buffer.from(await res.arrayBuffer()));
    expect({ width: page.width, height: page.height }).toEqual({ width: 181, height: 256 });
    // A framed white page with grey text bars.
    expect(page.pixel(0, 0)).toEqual([120, 120, 120]);
    expect(page.pixel(page.width - 1, page.height - 1)).toEqual([120, 120, 120]);
    expect(page.pixel(page.width - 3, page.height - 3)).toEqual([255, 255, 255]);
    let grey = 0;
    for (let y = 1; y < page.height - 1; y++) for (let x = 1; x < page.width - 1; x++) if (page.pixel(x, y)[0] === 160) grey++;
    expect(grey).toBeGreaterThan(0);

    const cropped = decodePng(Buffer.from(await (await get('x=64&y=48')).arrayBuffer()));
    expect({ width: cropped.width, height: cropped.height }).toEqual({ width: 64, height: 48 });

    // The path form, and nothing for another student.
    const byPath = await fetch(`${server.url}/index.php/core/preview.png?file=/Blatt.pdf&x=32&y=32&a=1`, { headers: { authorization: auth('s7a6') } });
    expect(byPath.status).toBe(200);
    expect(decodePng(Buffer.from(await byPath.arrayBuffer())).height).toBe(32);
    const foreign = await get('x=32&y=32', 's7b1');
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual([]);
    expect(server.control.schemaViolations()).toEqual([]);
  });

  it('reads the text lines of uncompressed PDFs; compressed ones get placeholder lines', () => {
    expect(pdfTextLines(samplePdf())).toEqual(['Arbeitsblatt Bruchrechnen', 'Aufgabe 1: 1/2 + 1/4']);
    expect(pdfTextLines(Buffer.from('%PDF-1.7\n4 0 obj << /Filter /FlateDecode >> stream\nxyz\nendstream\n')).length).toBeGreaterThan(0);
  });

  it('page size: fits A4 portrait into x × y with a=1', () => {
    expect(pageSize(256, 256, true)).toEqual({ width: 181, height: 256 });
    expect(pageSize(100, 400, true)).toEqual({ width: 100, height: 141 });
    expect(pageSize(64, 48, false)).toEqual({ width: 64, height: 48 });
  });
});
