/**
 * File previews (/index.php/core/preview?fileId&x&y, /index.php/core/preview.png?file=…): images are
 * served as they are (no scaling), text files and PDFs as a generated page-like PNG; anything else 404 `[]`.
 */
import { authenticate } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { jsonReply, type Reply } from '../http.js';
import type { PlainRoute } from '../router.js';
import { mountsOf } from '../teams/shares.js';
import type { FileNode } from './model.js';
import { encodePng } from '../core/png.js';
import { Storage } from './storage.js';


/** What the dev server renders previews for (has-preview, Talk's preview-available): raster images, text, PDF. */
export function hasPreviewFor(mime: string): boolean {
  return (mime.startsWith('image/') && mime !== 'image/svg+xml') || mime.startsWith('text/') || mime === 'application/pdf';
}

/** A white page with grey bars, one per non-empty line of the text (up to what fits). */
export function textPreviewPng(text: string, width: number, height: number, frame = false): Buffer {
  const lines = text.split('\n').slice(0, 200);
  const lineHeight = Math.max(3, Math.floor(height / 24));
  const margin = Math.max(2, Math.floor(width / 12));
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    const li = Math.floor((y - margin) / lineHeight);
    const inBar = y >= margin && (y - margin) % lineHeight < Math.max(1, Math.floor(lineHeight / 2));
    const line = lines[li];
    if (!inBar || line === undefined || line.trim() === '') continue;
    const barWidth = Math.min(width - 2 * margin, Math.round((line.length / 60) * (width - 2 * margin)));
    for (let x = margin; x < margin + barWidth; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = 160;
      raw[o + 1] = 160;
      raw[o + 2] = 160;
    }
  }
  if (frame) {
    // A grey outline, so the page stands out on a white background.
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (x !== 0 && y !== 0 && x !== width - 1 && y !== height - 1) continue;
        const o = y * (width * 3 + 1) + 1 + x * 3;
        raw[o] = 120;
        raw[o + 1] = 120;
        raw[o + 2] = 120;
      }
    }
  }
  return encodePng(width, height, raw);
}

/**
 * The text lines of a PDF's first page, as far as they can be read without a PDF library: string operands
 * of Tj/TJ in uncompressed content streams. A PDF whose text is compressed gets placeholder lines.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of source.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj|\[((?:[^\]])*)\]\s*TJ/g)) {
    const text = m[1] ?? [...(m[2] ?? '').matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((p) => p[1] ?? '').join('');
    lines.push(text.replace(/\\(.)/g, '$1'));
    if (lines.length >= 60) break;
  }
  if (lines.length > 0) return lines;
  return Array.from({ length: 30 }, (_v, i) => (i % 6 === 5 ? '' : 'x'.repeat(40 + ((i * 17) % 20))));
}

/** A4 portrait (1 : √2). */
const PAGE_RATIO = Math.SQRT2;

/**
 * The size of a page-shaped preview: with `a=1` (keep the aspect ratio) it fits into x × y as Nextcloud
 * scales previews; otherwise it is cropped to exactly x × y.
 */
export function pageSize(x: number, y: number, keepAspect: boolean): { width: number; height: number } {
  if (!keepAspect) return { width: x, height: y };
  const widthForHeight = Math.max(1, Math.round(y / PAGE_RATIO));
  if (widthForHeight <= x) return { width: widthForHeight, height: y };
  return { width: x, height: Math.max(1, Math.round(x * PAGE_RATIO)) };
}

function dimension(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 2048) : fallback;
}

/** A file the user may see: own, or inside a share mounted for them. */
function visibleNode(ctx: Ctx, storage: Storage, uid: string, fileId: number): FileNode | undefined {
  const node = storage.byId(fileId);
  if (node === undefined) return undefined;
  if (node.owner === uid) return node;
  const mounted = mountsOf(ctx.app, uid).some((m) => m.node.owner === node.owner && (node.path === m.node.path || node.path.startsWith(`${m.node.path}/`)));
  return mounted ? node : undefined;
}

function previewOf(ctx: Ctx, storage: Storage, node: FileNode | undefined): Reply {
  if (node === undefined || node.type !== 'file') return jsonReply(404, []);
  const headers = { 'cache-control': 'max-age=86400, private', 'x-nc-ispreview': '1' };
  if (node.mime.startsWith('image/') && node.mime !== 'image/svg+xml') {
    return { status: 200, headers: { ...headers, 'content-type': node.mime }, body: storage.read(node) };
  }
  if (node.mime.startsWith('text/')) {
    const x = dimension(ctx.query.get('x'), 256);
    const y = dimension(ctx.query.get('y'), 256);
    return { status: 200, headers: { ...headers, 'content-type': 'image/png' }, body: textPreviewPng(storage.read(node).toString('utf8'), x, y) };
  }
  if (node.mime === 'application/pdf') {
    const { width, height } = pageSize(dimension(ctx.query.get('x'), 256), dimension(ctx.query.get('y'), 256), ctx.query.get('a') === '1');
    const png = textPreviewPng(pdfTextLines(storage.read(node)).join('\n'), width, height, true);
    return { status: 200, headers: { ...headers, 'content-type': 'image/png' }, body: png };
  }
  return jsonReply(404, []);
}

function byFileId(ctx: Ctx): Reply {
  const outcome = authenticate(ctx);
  if (outcome.kind !== 'ok') return jsonReply(401, { message: 'Current user is not logged in' });
  ctx.user = outcome.auth.uid;
  const storage = new Storage(ctx.app);
  const id = Number(ctx.query.get('fileId'));
  if (!Number.isInteger(id) || id < 1) return jsonReply(400, []);
  return previewOf(ctx, storage, visibleNode(ctx, storage, outcome.auth.uid, id));
}

function byPath(ctx: Ctx): Reply {
  const outcome = authenticate(ctx);
  if (outcome.kind !== 'ok') return jsonReply(401, { message: 'Current user is not logged in' });
  ctx.user = outcome.auth.uid;
  const storage = new Storage(ctx.app);
  const file = (ctx.query.get('file') ?? '').replace(/^\/+/, '');
  if (file === '') return jsonReply(400, []);
  return previewOf(ctx, storage, storage.get(outcome.auth.uid, file));
}

export const previewRoutes: PlainRoute[] = [
  { method: 'GET', path: '/index.php/core/preview', handler: byFileId },
  { method: 'GET', path: '/core/preview', handler: byFileId },
  { method: 'GET', path: '/index.php/core/preview.png', handler: byPath },
  { method: 'GET', path: '/core/preview.png', handler: byPath },
];
