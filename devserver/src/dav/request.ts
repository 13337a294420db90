/** What DAV handlers read from a request (depth, props, destination, preconditions) and the replies they share. */
import type { App, Ctx } from '../context.js';
import type { Reply } from '../http.js';
import { mountsOf, PERMISSION } from '../teams/shares.js';
import type { FileNode } from './model.js';
import type { ShareRow } from '../teams/model.js';
import { baseName, ocFileId, Storage } from './storage.js';
import { DAV_HEADER, davError, parsePropRequest, type PropName } from './xml.js';
import { DEFAULT_PROPS, httpDate, quoted, type View } from './props.js';

export const OK_EMPTY = { 'content-type': 'text/html; charset=UTF-8', 'content-length': '0' };

/** Decoded path segments; null for a malformed escape, `.`/`..`, or an encoded `/` or NUL inside a name. */
export function segmentsOf(rest: string): string[] | null {
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '') continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\0')) return null;
    out.push(decoded);
  }
  return out;
}

/** Nextcloud's filename rules (capabilities: forbidden_filenames, _characters, _extensions). */
export function invalidName(path: string): Reply | null {
  const name = baseName(path);
  let message: string | null = null;
  if (name.includes('\\')) message = '"\\" is not allowed inside a filename.';
  else if (name.toLowerCase() === '.htaccess') message = '".htaccess" is a forbidden file or folder name.';
  else if (/\.(part|filepart)$/i.test(name)) message = `"${name.slice(name.lastIndexOf('.'))}" is a forbidden file type.`;
  else if (name.trim() !== name || name === '') message = 'Filenames must not end or start with a space.';
  return message === null ? null : davError(400, 'BadRequest', message);
}

export function depthOf(ctx: Ctx): 0 | 1 {
  return (ctx.header('depth') ?? '1').trim() === '0' ? 0 : 1;
}

export function requestedProps(ctx: Ctx): PropName[] {
  const req = parsePropRequest(ctx.body.toString('utf8'));
  return req.allprop ? DEFAULT_PROPS : req.props;
}

export function notFoundInFiles(path: string): Reply {
  return davError(404, 'NotFound', `File with name /${path} could not be located`, { dav: DAV_HEADER });
}

export function notAuthenticated(): Reply {
  return davError(401, 'NotAuthenticated', 'No public access to this resource., Username or password was incorrect, No \'Authorization: Bearer\' header found. Either the client didn\'t send one, or the server is mis-configured, Username or password was incorrect', {
    'www-authenticate': 'Basic realm="Nextcloud", charset="UTF-8"',
  });
}

/** The destination of MOVE/COPY as segments below /remote.php/dav. */
export function destinationSegments(ctx: Ctx): string[] | null {
  const raw = ctx.header('destination');
  if (raw === undefined) return null;
  let pathname: string;
  try {
    pathname = new URL(raw, ctx.app.publicUrl).pathname;
  } catch {
    return null;
  }
  const m = /^\/remote\.php\/dav(\/.*)?$/.exec(pathname);
  if (m === null) {
    const legacy = /^\/remote\.php\/webdav(\/.*)?$/.exec(pathname);
    if (legacy === null || ctx.user === null) return null;
    const segs = segmentsOf(legacy[1] ?? '');
    return segs === null ? null : ['files', ctx.user, ...segs];
  }
  return segmentsOf(m[1] ?? '');
}

export function writeHeaders(node: FileNode, ctx: Ctx): Record<string, string> {
  const headers: Record<string, string> = { ...OK_EMPTY, 'oc-fileid': ocFileId(node.id), etag: quoted(node.etag), 'oc-etag': quoted(node.etag) };
  if (ctx.header('x-oc-mtime') !== undefined) headers['x-oc-mtime'] = 'accepted';
  return headers;
}

export function mtimeHeader(ctx: Ctx): number | undefined {
  const raw = ctx.header('x-oc-mtime');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

function matchesEtag(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === quoted(etag) || v === etag;
  });
}

/** Sabre's If-Match / If-None-Match checks for writes. */
export function preconditions(ctx: Ctx, node: FileNode | undefined): Reply | null {
  const ifMatch = ctx.header('if-match');
  if (ifMatch !== undefined && (node === undefined || !matchesEtag(ifMatch, node.etag))) {
    return davError(
      412,
      'PreconditionFailed',
      node === undefined ? 'An If-Match header was specified and the resource did not exist' : 'An If-Match header was specified, but none of the specified ETags matched.',
      node === undefined ? {} : { etag: quoted(node.etag) },
      'If-Match',
    );
  }
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch !== undefined && node !== undefined && matchesEtag(ifNoneMatch, node.etag)) {
    return davError(412, 'PreconditionFailed', 'An If-None-Match header was specified, but the ETag matched (or * was specified).', { etag: quoted(node.etag) }, 'If-None-Match');
  }
  return null;
}

function contentDisposition(name: string): string {
  const enc = encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${enc}; filename="${enc}"`;
}

export function getFile(ctx: Ctx, storage: Storage, node: FileNode, head: boolean): Reply {
  if (node.type === 'dir') return davError(501, 'NotImplemented', 'GET is only implemented on File objects');
  const content = storage.read(node);
  const headers: Record<string, string> = {
    'content-type': node.mime.startsWith('text/') ? `${node.mime};charset=UTF-8` : node.mime,
    'last-modified': httpDate(node.mtime),
    etag: quoted(node.etag),
    'oc-etag': quoted(node.etag),
    'content-disposition': contentDisposition(baseName(node.path)),
    'accept-ranges': 'bytes',
  };
  const range = ctx.header('range');
  const m = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (m !== null) {
    const total = content.length;
    let start: number;
    let end: number;
    if (m[1] === '' || m[1] === undefined) {
      const suffix = Number(m[2]);
      start = Math.max(0, total - suffix);
      end = total - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' || m[2] === undefined ? total - 1 : Math.min(Number(m[2]), total - 1);
    }
    if (start >= total || start > end) {
      return davError(416, 'RequestedRangeNotSatisfiable', 'The start offset should be smaller than the end offset', { 'content-range': `bytes */${total}` });
    }
    const part = content.subarray(start, end + 1);
    return { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${total}`, 'content-length': String(part.length) }, body: head ? Buffer.alloc(0) : part };
  }
  return { status: 200, headers: { ...headers, 'content-length': String(content.length) }, body: head ? Buffer.alloc(0) : content };
}

interface Target {
  kind: 'files' | 'trash' | 'uploads' | 'root' | 'unknown';
  user: string;
  rest: string[];
}

export function targetOf(segs: string[]): Target {
  const [kind, user = '', ...rest] = segs;
  if (kind === 'files') return { kind: 'files', user, rest };
  if (kind === 'trashbin') return { kind: 'trash', user, rest };
  if (kind === 'uploads') return { kind: 'uploads', user, rest };
  if (kind === undefined) return { kind: 'root', user: '', rest: [] };
  return { kind: 'unknown', user, rest };
}

/** Resolves a path as `uid` sees it: own files first, then the share mounts in the root. */
export function resolveView(app: App, storage: Storage, uid: string, viewPath: string): { view: View | undefined; owner: string; ownerPath: string; share: ShareRow | null } {
  const [first = '', ...rest] = viewPath === '' ? [] : viewPath.split('/');
  if (viewPath === '' || storage.get(uid, first) !== undefined) {
    const node = storage.get(uid, viewPath);
    return { view: node === undefined ? undefined : { node, viewPath, share: null, mountRoot: false }, owner: uid, ownerPath: viewPath, share: null };
  }
  const mount = mountsOf(app, uid).find((m) => m.name === first);
  if (mount === undefined) return { view: undefined, owner: uid, ownerPath: viewPath, share: null };
  const ownerPath = [mount.node.path, ...rest].join('/');
  const node = storage.get(mount.node.owner, ownerPath);
  return {
    view: node === undefined ? undefined : { node, viewPath, share: mount.share, mountRoot: rest.length === 0 },
    owner: mount.node.owner,
    ownerPath,
    share: mount.share,
  };
}

export function childViews(app: App, storage: Storage, uid: string, parent: View): View[] {
  const prefix = parent.viewPath === '' ? '' : `${parent.viewPath}/`;
  const own = storage.children(parent.node).map((node) => ({ node, viewPath: `${prefix}${baseName(node.path)}`, share: parent.share, mountRoot: false }));
  if (parent.viewPath !== '' || parent.share !== null) return own;
  const taken = new Set(own.map((v) => v.viewPath));
  const mounts = mountsOf(app, uid)
    .filter((m) => !taken.has(m.name))
    .map((m) => ({ node: m.node, viewPath: m.name, share: m.share, mountRoot: true }));
  return [...own, ...mounts].sort((a, b) => a.viewPath.localeCompare(b.viewPath));
}

export function forbidden(message = 'Permission denied'): Reply {
  return davError(403, 'Forbidden', message);
}

/** Sabre's Forbidden without a message: what Nextcloud's File::delete (isDeletable) and put (isUpdateable) throw. */
export function notPermitted(): Reply {
  return forbidden('');
}

/** May `view` be deleted by its viewer: own files, or inside a share with the delete bit (not the mount itself). */
export function deletable(view: View): boolean {
  return !view.mountRoot && allows(view.share, PERMISSION.delete);
}

export function allows(share: ShareRow | null, bit: number): boolean {
  return share === null || (share.permissions & bit) !== 0;
}
