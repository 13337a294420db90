import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

/** What the gateway compresses: Nextcloud's API answers (OCS JSON, DAV multistatus and error XML). */
const COMPRESSIBLE_TYPE = /^(application\/(json|xml|[\w.+-]+\+(json|xml))|text\/xml)\s*(;|$)/i;

/** Below this size (when Nextcloud says it) compression costs more than it saves. */
export const MIN_COMPRESSED_BYTES = 512;

export type Coding = 'br' | 'gzip';

/** The coding the client accepts, preferring brotli; null when it accepts neither (or refuses both with q=0). */
export function acceptedCoding(acceptEncoding: string | string[] | undefined): Coding | null {
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  const weights = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weight = (name: Coding): number => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weight('br');
  const gzip = weight('gzip');
  if (br <= 0 && gzip <= 0) return null;
  return br >= gzip ? 'br' : 'gzip';
}

function isCompressibleType(headers: IncomingHttpHeaders): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && COMPRESSIBLE_TYPE.test(type);
}

/** Whether the answer's bytes could be compressed at all (whatever the client accepts), so caches must
 * know it varies with Accept-Encoding. Never a ranged or already-encoded one, never a file's own content
 * (a DAV GET keeps its bytes and strong ETag, which uploads send back as If-Match). */
function mayCompress(req: IncomingMessage, upstream: IncomingMessage): boolean {
  const method = req.method ?? 'GET';
  const status = upstream.statusCode ?? 0;
  const encoding = upstream.headers['content-encoding'];
  if (method === 'HEAD' || status < 200 || status === 204 || status === 206 || status === 304) return false;
  if (req.headers['range'] !== undefined || upstream.headers['content-range'] !== undefined) return false;
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return false;
  if (method === 'GET' && (req.url ?? '').startsWith('/remote.php/dav/')) return false;
  const length = upstream.headers['content-length'];
  if (length !== undefined && Number(length) < MIN_COMPRESSED_BYTES) return false;
  return isCompressibleType(upstream.headers);
}

function addVary(headers: OutgoingHttpHeaders): void {
  const current = headers['vary'];
  const list = (Array.isArray(current) ? current.join(',') : (current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.some((v) => v === '*' || v.toLowerCase() === 'accept-encoding')) return;
  headers['vary'] = [...list, 'Accept-Encoding'].join(', ');
}

/**
 * Decides whether a relayed answer is compressed on its way to the browser. When it is, the headers are
 * changed in place (Content-Encoding set, Content-Length removed as it no longer holds, a strong ETag made
 * weak as the bytes differ, Vary: Accept-Encoding) and the returned zlib stream goes between Nextcloud and
 * the browser. It flushes after every chunk Nextcloud sends, so nothing is held back: a body is never
 * buffered, only passed on compressed as it arrives.
 */
export function compressionFor(req: IncomingMessage, upstream: IncomingMessage, headers: OutgoingHttpHeaders): Transform | null {
  if (!mayCompress(req, upstream)) return null;
  addVary(headers);
  const coding = acceptedCoding(req.headers['accept-encoding']);
  if (!coding) return null;
  headers['content-encoding'] = coding;
  delete headers['content-length'];
  const etag = headers['etag'];
  if (typeof etag === 'string' && etag.startsWith('"')) headers['etag'] = `W/${etag}`;
  if (coding === 'br') {
    return createBrotliCompress({
      flush: constants.BROTLI_OPERATION_FLUSH,
      // Quality 4 compresses JSON about as well as gzip -9 at a fraction of brotli's default cost.
      params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    });
  }
  return createGzip({ level: 6, flush: constants.Z_SYNC_FLUSH });
}
