/**
 * Generated avatars like Nextcloud's for accounts without an uploaded picture: a coloured square with
 * the initials, as PNG (what /index.php/avatar/{user}/{size} serves) or SVG.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../context.js';
import { jsonReply, type Reply } from '../http.js';
import type { PlainRoute } from '../router.js';
import { findSeedUser } from '../seed.js';
import { encodePng } from './png.js';

/** 5×7 bitmap capitals, one string of five bits per row. */
const FONT: Record<string, string> = {
  A: '01110 10001 10001 11111 10001 10001 10001',
  B: '11110 10001 10001 11110 10001 10001 11110',
  C: '01110 10001 10000 10000 10000 10001 01110',
  D: '11110 10001 10001 10001 10001 10001 11110',
  E: '11111 10000 10000 11110 10000 10000 11111',
  F: '11111 10000 10000 11110 10000 10000 10000',
  G: '01110 10001 10000 10111 10001 10001 01111',
  H: '10001 10001 10001 11111 10001 10001 10001',
  I: '01110 00100 00100 00100 00100 00100 01110',
  J: '00111 00010 00010 00010 00010 10010 01100',
  K: '10001 10010 10100 11000 10100 10010 10001',
  L: '10000 10000 10000 10000 10000 10000 11111',
  M: '10001 11011 10101 10101 10001 10001 10001',
  N: '10001 10001 11001 10101 10011 10001 10001',
  O: '01110 10001 10001 10001 10001 10001 01110',
  P: '11110 10001 10001 11110 10000 10000 10000',
  Q: '01110 10001 10001 10001 10101 10010 01101',
  R: '11110 10001 10001 11110 10100 10010 10001',
  S: '01111 10000 10000 01110 00001 00001 11110',
  T: '11111 00100 00100 00100 00100 00100 00100',
  U: '10001 10001 10001 10001 10001 10001 01110',
  V: '10001 10001 10001 10001 10001 01010 00100',
  W: '10001 10001 10001 10101 10101 10101 01010',
  X: '10001 10001 01010 00100 01010 10001 10001',
  Y: '10001 10001 10001 01010 00100 00100 00100',
  Z: '11111 00001 00010 00100 01000 10000 11111',
  '?': '01110 10001 00001 00010 00100 00000 00100',
};

const PALETTE: [number, number, number][] = [
  [0, 103, 158], [73, 76, 156], [153, 60, 146], [190, 56, 83], [201, 79, 38], [176, 118, 0],
  [110, 132, 0], [40, 128, 64], [0, 128, 128], [30, 110, 170], [110, 90, 170], [160, 80, 120],
];

export function initials(displayName: string): string {
  const letters = displayName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => (w[0] ?? '').toUpperCase());
  const picked = letters.length > 1 ? [letters[0], letters[letters.length - 1]] : letters;
  return picked.map((l) => (l !== undefined && FONT[l] !== undefined ? l : '?')).join('') || '?';
}

export function avatarColor(seed: string): [number, number, number] {
  const digest = createHash('md5').update(seed).digest();
  return PALETTE[(digest[0] ?? 0) % PALETTE.length] ?? [0, 103, 158];
}


export function pngAvatar(displayName: string, size: number, dark = false): Buffer {
  const [r, g, b] = avatarColor(displayName);
  const bg: [number, number, number] = dark ? [Math.round(r * 0.6), Math.round(g * 0.6), Math.round(b * 0.6)] : [r, g, b];
  const text = initials(displayName);
  const cols = text.length * 6 - 1;
  const scale = Math.max(1, Math.floor((size * 0.45) / 7));
  const x0 = Math.floor((size - cols * scale) / 2);
  const y0 = Math.floor((size - 7 * scale) / 2);
  const lit = (x: number, y: number): boolean => {
    const cx = Math.floor((x - x0) / scale);
    const cy = Math.floor((y - y0) / scale);
    if (x < x0 || y < y0 || cx >= cols || cy >= 7) return false;
    const letter = text[Math.floor(cx / 6)];
    const col = cx % 6;
    if (letter === undefined || col === 5) return false;
    const row = (FONT[letter] ?? '').split(' ')[cy] ?? '';
    return row[col] === '1';
  };
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const line = y * (size * 3 + 1);
    raw[line] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [pr, pg, pb] = lit(x, y) ? [255, 255, 255] : bg;
      raw[line + 1 + x * 3] = pr;
      raw[line + 2 + x * 3] = pg;
      raw[line + 3 + x * 3] = pb;
    }
  }
  return encodePng(size, size, raw);
}

export function svgAvatar(displayName: string, size: number): string {
  const [r, g, b] = avatarColor(displayName);
  const text = initials(displayName);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg width="${size}" height="${size}" version="1.1" viewBox="0 0 500 500" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="rgb(${r},${g},${b})"></rect><text x="50%" y="350" style="font-weight:normal;font-size:280px;font-family:'Noto Sans'" text-anchor="middle" fill="#fff">${text}</text></svg>
`;
}

/** Nextcloud serves 64 px for requests up to 64 and 512 px above. */
function normalizedSize(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isFinite(n) && n <= 64 ? 64 : 512;
}

function imageReply(ctx: Ctx, name: string, sizeRaw: string | undefined, dark: boolean): Reply {
  const size = normalizedSize(sizeRaw);
  const headers = { 'x-nc-iscustomavatar': '0', 'cache-control': 'max-age=1209600, private' };
  if ((ctx.header('accept') ?? '').trim() === 'image/svg+xml') {
    return { status: 200, headers: { ...headers, 'content-type': 'image/svg+xml' }, body: svgAvatar(name, size) };
  }
  return { status: 200, headers: { ...headers, 'content-type': 'image/png' }, body: pngAvatar(name, size, dark) };
}

function userAvatar(ctx: Ctx, userId: string | undefined, size: string | undefined, dark: boolean): Reply {
  const user = findSeedUser(userId ?? '');
  if (user === undefined) {
    if (ctx.query.get('guestFallback') === 'true' || ctx.query.get('guestFallback') === '1') return imageReply(ctx, userId ?? '?', size, dark);
    return jsonReply(404, []);
  }
  return imageReply(ctx, user.displayName, size, dark);
}

export const avatarRoutes: PlainRoute[] = [
  { method: 'GET', path: '/avatar/guest/{guestName}/{size}', handler: (ctx, p) => imageReply(ctx, p['guestName'] ?? '?', p['size'], false) },
  { method: 'GET', path: '/avatar/guest/{guestName}/{size}/dark', handler: (ctx, p) => imageReply(ctx, p['guestName'] ?? '?', p['size'], true) },
  { method: 'GET', path: '/avatar/{userId}/{size}', handler: (ctx, p) => userAvatar(ctx, p['userId'], p['size'], false) },
  { method: 'GET', path: '/avatar/{userId}/{size}/dark', handler: (ctx, p) => userAvatar(ctx, p['userId'], p['size'], true) },
];
