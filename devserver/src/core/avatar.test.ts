import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initials } from './avatar.js';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true });
});
afterAll(async () => {
  await server.close();
});

function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('generated avatars', () => {
  it('initials from the display name, umlauts folded', () => {
    expect(initials('Frau Schmidt')).toBe('FS');
    expect(initials('Herr Müller')).toBe('HM');
    expect(initials('Ölaf')).toBe('O');
  });

  it('PNG at 64 or 512 px, with and without /index.php, dark variant', async () => {
    for (const [path, size] of [
      ['/index.php/avatar/schmidt/64', 64],
      ['/avatar/schmidt/32', 64],
      ['/index.php/avatar/s7a1/512', 512],
      ['/index.php/avatar/s7a1/64/dark', 64],
    ] as const) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-nc-iscustomavatar')).toBe('0');
      expect(pngSize(Buffer.from(await res.arrayBuffer()))).toEqual({ width: size, height: size });
    }
  });

  it('SVG when asked for exactly that; unknown users 404 unless guestFallback', async () => {
    const svg = await fetch(`${server.url}/index.php/avatar/schmidt/64`, { headers: { accept: 'image/svg+xml' } });
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toContain('>FS</text>');
    expect((await fetch(`${server.url}/index.php/avatar/nobody/64`)).status).toBe(404);
    expect((await fetch(`${server.url}/index.php/avatar/nobody/64?guestFallback=true`)).status).toBe(200);
    expect((await fetch(`${server.url}/index.php/avatar/guest/Gast/64`)).status).toBe(200);
  });
});
