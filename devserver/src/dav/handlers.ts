/**
 * /remote.php/dav (and the legacy /remote.php/webdav): files, trash bin and chunked upload v2, answering
 * like Nextcloud's Sabre server: 207 multistatus, Sabre error bodies, OC-FileId/ETag/OC-ETag headers.
 */
import { authenticate } from '../auth/auth.js';
import type { App, Ctx } from '../context.js';
import { emptyReply, type Reply } from '../http.js';
import type { PlainRoute } from '../router.js';
import { findSeedUser } from '../seed.js';
import { mountsOf, PERMISSION, sharedPermissions, sharesOfNode } from '../teams/shares.js';
import type { FileNode, TrashNode, UploadSession } from './model.js';
import type { ShareRow } from '../teams/model.js';
import { hasPreviewFor, previewRoutes } from './preview.js';
import { announcedLength, checkQuota, checkQuotaForFolder, freeSpace } from './quota.js';
import { baseName, nowSeconds, ocFileId, parentPath, seedFiles, Storage } from './storage.js';
import {
  DAV_HEADER,
  davError,
  encodeHref,
  multistatusReply,
  NS_DAV,
  NS_NC,
  NS_OC,
  parsePropRequest,
  type DavResponse,
  type PropName,
  type PropValue,
} from './xml.js';

const OK_EMPTY = { 'content-type': 'text/html; charset=UTF-8', 'content-length': '0' };

const DEFAULT_PROPS: PropName[] = [
  { ns: NS_DAV, name: 'getlastmodified' },
  { ns: NS_DAV, name: 'getetag' },
  { ns: NS_DAV, name: 'getcontenttype' },
  { ns: NS_DAV, name: 'resourcetype' },
  { ns: NS_DAV, name: 'getcontentlength' },
  { ns: NS_DAV, name: 'quota-used-bytes' },
  { ns: NS_DAV, name: 'quota-available-bytes' },
];

type PropSource = (p: PropName) => PropValue | undefined;

function respond(href: string, requested: PropName[], source: PropSource): DavResponse {
  const r: DavResponse = { href, found: [], notFound: [] };
  for (const p of requested) {
    const v = source(p);
    if (v === undefined) r.notFound.push(p);
    else r.found.push({ prop: p, value: v });
  }
  return r;
}

function httpDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString();
}

function quoted(etag: string): string {
  return `"${etag}"`;
}

/** Decoded path segments; null for a malformed escape, `.`/`..`, or an encoded `/` or NUL inside a name. */
function segmentsOf(rest: string): string[] | null {
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
function invalidName(path: string): Reply | null {
  const name = baseName(path);
  let message: string | null = null;
  if (name.includes('\\')) message = '"\\" is not allowed inside a filename.';
  else if (name.toLowerCase() === '.htaccess') message = '".htaccess" is a forbidden file or folder name.';
  else if (/\.(part|filepart)$/i.test(name)) message = `"${name.slice(name.lastIndexOf('.'))}" is a forbidden file type.`;
  else if (name.trim() !== name || name === '') message = 'Filenames must not end or start with a space.';
  return message === null ? null : davError(400, 'BadRequest', message);
}

function permissionsOf(node: FileNode): string {
  if (node.path === '') return 'GDNVCK';
  return node.type === 'dir' ? 'RGDNVCK' : 'RGDNVW';
}

function hasPreview(node: FileNode): boolean {
  return node.type === 'file' && hasPreviewFor(node.mime);
}

/** Properties of a node in files/{user}. */
/** Where a node appears for the requesting user: own storage, or inside a share mount. */
interface View {
  node: FileNode;
  /** Path as the requesting user sees it ('' = root). */
  viewPath: string;
  share: ShareRow | null;
  mountRoot: boolean;
}

/** `uid`: the user looking (favourites are per user). */
function fileProps(app: App, storage: Storage, view: View, uid: string): PropSource {
  const node = view.node;
  const owner = findSeedUser(node.owner);
  const dir = node.type === 'dir';
  const shareTypes = view.share === null ? [...new Set(sharesOfNode(app, node).map((x) => x.shareType))].sort((a, b) => a - b) : [];
  return (p) => {
    if (p.ns === NS_DAV) {
      switch (p.name) {
        case 'getlastmodified':
          return { text: httpDate(node.mtime) };
        case 'getetag':
          return { text: quoted(node.etag) };
        case 'getcontenttype':
          return dir ? undefined : { text: node.mime };
        case 'resourcetype':
          return { xml: dir ? '<d:collection/>' : '' };
        case 'getcontentlength':
          return dir ? undefined : { text: String(node.size) };
        case 'displayname':
          return { text: view.viewPath === '' ? node.owner : baseName(view.viewPath) };
        case 'quota-used-bytes':
          return dir ? { text: String(storage.sizeOf(node)) } : undefined;
        case 'quota-available-bytes':
          return dir ? { text: String(freeSpace(app, node.owner)) } : undefined;
        default:
          return undefined;
      }
    }
    if (p.ns === NS_OC) {
      switch (p.name) {
        case 'fileid':
          return { text: String(node.id) };
        case 'id':
          return { text: ocFileId(node.id) };
        case 'permissions':
          return { text: view.share === null ? permissionsOf(node) : sharedPermissions(view.share.permissions, node, view.mountRoot) };
        case 'size':
          return { text: String(storage.sizeOf(node)) };
        case 'favorite':
          return { text: (app.store.data.favorites[uid] ?? []).includes(node.id) ? '1' : '0' };
        case 'comments-unread':
        case 'comments-count':
          return { text: '0' };
        case 'share-types':
          return { xml: shareTypes.map((t) => `<oc:share-type>${t}</oc:share-type>`).join('') };
        case 'owner-id':
          return { text: node.owner };
        case 'owner-display-name':
          return { text: owner?.displayName ?? node.owner };
        case 'data-fingerprint':
          return { text: '' };
        default:
          return undefined;
      }
    }
    if (p.ns === NS_NC) {
      switch (p.name) {
        case 'has-preview':
          return { text: hasPreview(node) ? 'true' : 'false' };
        case 'mount-type':
          return { text: view.share === null ? '' : 'shared' };
        case 'creation_time':
          return { text: '0' };
        case 'upload_time':
          return { text: String(node.mtime) };
        case 'sharees':
          return { xml: '' };
        case 'hidden':
          return { text: 'false' };
        default:
          return undefined;
      }
    }
    return undefined;
  };
}

function trashProps(item: TrashNode): PropSource {
  const dir = item.type === 'dir';
  return (p) => {
    if (p.ns === NS_DAV) {
      switch (p.name) {
        case 'getlastmodified':
          return { text: httpDate(item.deletedAt) };
        case 'getetag':
          return { text: String(item.deletedAt) };
        case 'getcontenttype':
          return dir ? undefined : { text: item.mime };
        case 'resourcetype':
          return { xml: dir ? '<d:collection/>' : '' };
        case 'getcontentlength':
          return dir ? undefined : { text: String(item.size) };
        case 'displayname':
          return { text: baseName(item.originalLocation) };
        default:
          return undefined;
      }
    }
    if (p.ns === NS_OC) {
      if (p.name === 'fileid') return { text: String(item.id) };
      if (p.name === 'permissions') return { text: 'GD' };
      if (p.name === 'size') return { text: String(item.size) };
      return undefined;
    }
    if (p.ns === NS_NC) {
      switch (p.name) {
        case 'has-preview':
          return { text: hasPreview(item) ? 'true' : 'false' };
        case 'mount-type':
          return { text: '' };
        case 'trashbin-filename':
          return { text: baseName(item.originalLocation) };
        case 'trashbin-original-location':
          return { text: item.originalLocation };
        case 'trashbin-deletion-time':
          return { text: String(item.deletedAt) };
        default:
          return undefined;
      }
    }
    return undefined;
  };
}

/** A virtual collection: only resourcetype (and getlastmodified when it has one, like upload folders). */
function collectionOnly(mtime: number | null): PropSource {
  return (p) => {
    if (p.ns !== NS_DAV) return undefined;
    if (p.name === 'resourcetype') return { xml: '<d:collection/>' };
    if (p.name === 'getlastmodified' && mtime !== null) return { text: httpDate(mtime) };
    return undefined;
  };
}

function chunkProps(mtime: number, etag: string, size: number): PropSource {
  return (p) => {
    if (p.ns !== NS_DAV) return undefined;
    switch (p.name) {
      case 'getlastmodified':
        return { text: httpDate(mtime) };
      case 'getetag':
        return { text: quoted(etag) };
      case 'getcontenttype':
        return { text: 'application/octet-stream' };
      case 'resourcetype':
        return { xml: '' };
      case 'getcontentlength':
        return { text: String(size) };
      default:
        return undefined;
    }
  };
}

function depthOf(ctx: Ctx): 0 | 1 {
  return (ctx.header('depth') ?? '1').trim() === '0' ? 0 : 1;
}

function requestedProps(ctx: Ctx): PropName[] {
  const req = parsePropRequest(ctx.body.toString('utf8'));
  return req.allprop ? DEFAULT_PROPS : req.props;
}

function notFoundInFiles(path: string): Reply {
  return davError(404, 'NotFound', `File with name /${path} could not be located`, { dav: DAV_HEADER });
}

function notAuthenticated(): Reply {
  return davError(401, 'NotAuthenticated', 'No public access to this resource., Username or password was incorrect, No \'Authorization: Bearer\' header found. Either the client didn\'t send one, or the server is mis-configured, Username or password was incorrect', {
    'www-authenticate': 'Basic realm="Nextcloud", charset="UTF-8"',
  });
}

/** The destination of MOVE/COPY as segments below /remote.php/dav. */
function destinationSegments(ctx: Ctx): string[] | null {
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

function writeHeaders(node: FileNode, ctx: Ctx): Record<string, string> {
  const headers: Record<string, string> = { ...OK_EMPTY, 'oc-fileid': ocFileId(node.id), etag: quoted(node.etag), 'oc-etag': quoted(node.etag) };
  if (ctx.header('x-oc-mtime') !== undefined) headers['x-oc-mtime'] = 'accepted';
  return headers;
}

function mtimeHeader(ctx: Ctx): number | undefined {
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
function preconditions(ctx: Ctx, node: FileNode | undefined): Reply | null {
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

function getFile(ctx: Ctx, storage: Storage, node: FileNode, head: boolean): Reply {
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

function targetOf(segs: string[]): Target {
  const [kind, user = '', ...rest] = segs;
  if (kind === 'files') return { kind: 'files', user, rest };
  if (kind === 'trashbin') return { kind: 'trash', user, rest };
  if (kind === 'uploads') return { kind: 'uploads', user, rest };
  if (kind === undefined) return { kind: 'root', user: '', rest: [] };
  return { kind: 'unknown', user, rest };
}

/** Resolves a path as `uid` sees it: own files first, then the share mounts in the root. */
function resolveView(app: App, storage: Storage, uid: string, viewPath: string): { view: View | undefined; owner: string; ownerPath: string; share: ShareRow | null } {
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

function childViews(app: App, storage: Storage, uid: string, parent: View): View[] {
  const prefix = parent.viewPath === '' ? '' : `${parent.viewPath}/`;
  const own = storage.children(parent.node).map((node) => ({ node, viewPath: `${prefix}${baseName(node.path)}`, share: parent.share, mountRoot: false }));
  if (parent.viewPath !== '' || parent.share !== null) return own;
  const taken = new Set(own.map((v) => v.viewPath));
  const mounts = mountsOf(app, uid)
    .filter((m) => !taken.has(m.name))
    .map((m) => ({ node: m.node, viewPath: m.name, share: m.share, mountRoot: true }));
  return [...own, ...mounts].sort((a, b) => a.viewPath.localeCompare(b.viewPath));
}

function forbidden(message = 'Permission denied'): Reply {
  return davError(403, 'Forbidden', message);
}

/** Sabre's Forbidden without a message: what Nextcloud's File::delete (isDeletable) and put (isUpdateable) throw. */
function notPermitted(): Reply {
  return forbidden('');
}

/** May `view` be deleted by its viewer: own files, or inside a share with the delete bit (not the mount itself). */
function deletable(view: View): boolean {
  return !view.mountRoot && allows(view.share, PERMISSION.delete);
}

function allows(share: ShareRow | null, bit: number): boolean {
  return share === null || (share.permissions & bit) !== 0;
}

async function handleFiles(ctx: Ctx, storage: Storage, uid: string, user: string, rest: string[]): Promise<Reply> {
  await Promise.resolve();
  const path = rest.join('/');
  // Another user's files do not exist for this user.
  if (user !== uid) {
    if (ctx.method === 'PROPFIND') return davError(404, 'NotFound', `File not found: ${path} in '${user}'`, { dav: DAV_HEADER });
    return davError(404, 'NotFound', `File not found: ${path} in '${user}'`);
  }
  seedFiles(ctx.app, uid);
  const app = ctx.app;
  const target = resolveView(app, storage, uid, path);
  const view = target.view;
  const node = view?.node;
  const hrefBase = `/remote.php/dav/files/${uid}`;
  const hrefOf = (v: View): string => encodeHref(`${hrefBase}/${v.viewPath}${v.node.type === 'dir' && v.viewPath !== '' ? '/' : ''}`);
  const parentOf = (p: string): ReturnType<typeof resolveView> => resolveView(app, storage, uid, parentPath(p));
  switch (ctx.method) {
    case 'PROPFIND': {
      if (view === undefined) return notFoundInFiles(path);
      const props = requestedProps(ctx);
      const rootHref = view.viewPath === '' ? encodeHref(`${hrefBase}/`) : hrefOf(view);
      const list: DavResponse[] = [respond(rootHref, props, fileProps(app, storage, view, uid))];
      if (view.node.type === 'dir' && depthOf(ctx) === 1) {
        for (const child of childViews(app, storage, uid, view)) list.push(respond(hrefOf(child), props, fileProps(app, storage, child, uid)));
      }
      return multistatusReply(list);
    }
    case 'GET':
    case 'HEAD':
      if (node === undefined) return notFoundInFiles(path);
      return getFile(ctx, storage, node, ctx.method === 'HEAD');
    case 'MKCOL': {
      if (node !== undefined) return davError(405, 'MethodNotAllowed', 'The resource you tried to create already exists');
      const badName = invalidName(path);
      if (badName !== null) return badName;
      const parent = parentOf(path);
      if (parent.view?.node.type !== 'dir') return davError(409, 'Conflict', 'Parent node does not exist');
      if (!allows(parent.share, PERMISSION.create)) return forbidden();
      const noRoom = checkQuotaForFolder(app, target.owner, parentPath(path));
      if (noRoom !== null) return noRoom;
      if (ctx.body.length > 0) return davError(415, 'UnsupportedMediaType', 'The request body for the MKCOL request must be empty');
      const created = storage.mkdir(target.owner, target.ownerPath);
      return emptyReply(201, { ...OK_EMPTY, 'oc-fileid': ocFileId(created.id) });
    }
    case 'PUT': {
      if (path === '' || node?.type === 'dir') return davError(409, 'Conflict', 'PUT is not allowed on non-files.');
      const failed = preconditions(ctx, node);
      if (failed !== null) return failed;
      const parent = parentOf(path);
      if (parent.view?.node.type !== 'dir') return davError(409, 'Conflict', 'Files cannot be created in non-existent collections');
      if (node === undefined && !allows(parent.share, PERMISSION.create)) return forbidden();
      if (node !== undefined && !allows(target.share, PERMISSION.update)) return notPermitted();
      const badName = node === undefined ? invalidName(path) : null;
      if (badName !== null) return badName;
      const noRoom = checkQuota(app, target.owner, path, announcedLength((name) => ctx.header(name), ctx.body.length));
      if (noRoom !== null) return noRoom;
      const { node: written, created } = storage.write(target.owner, target.ownerPath, ctx.body, mtimeHeader(ctx));
      return emptyReply(created ? 201 : 204, writeHeaders(written, ctx));
    }
    case 'DELETE': {
      if (node === undefined || view === undefined) return notFoundInFiles(path);
      if (path === '') return forbidden('Permission denied to delete the root folder');
      if (view.mountRoot) return forbidden();
      if (!deletable(view)) return notPermitted();
      const failed = preconditions(ctx, node);
      if (failed !== null) return failed;
      storage.trash(node);
      return emptyReply(204, OK_EMPTY);
    }
    case 'MOVE':
    case 'COPY': {
      if (node === undefined || view === undefined) return notFoundInFiles(path);
      if (path === '') return forbidden();
      const dest = destinationSegments(ctx);
      if (dest === null) return davError(400, 'BadRequest', 'The destination header was not supplied');
      const [kind, destUser, ...destRest] = dest;
      if (kind !== 'files' || destUser !== uid) return davError(502, 'BadGateway', 'The destination node is not found');
      const destPath = destRest.join('/');
      if (destPath === '' || destPath === path || destPath.startsWith(`${path}/`)) return davError(409, 'Conflict', 'Source and destination overlap');
      const badName = invalidName(destPath);
      if (badName !== null) return badName;
      const destParent = parentOf(destPath);
      if (destParent.view?.node.type !== 'dir') return davError(409, 'Conflict', 'The destination node is not found');
      const destTarget = resolveView(app, storage, uid, destPath);
      const moving = ctx.method === 'MOVE';
      // Into or out of a share the file changes storage: a copy there (new id), then the source goes.
      const otherStorage = destTarget.owner !== target.owner;
      if (view.mountRoot || !allows(destParent.share, PERMISSION.create) || (moving && !allows(view.share, PERMISSION.delete))) return forbidden();
      const existing = destTarget.view;
      if (existing !== undefined) {
        if ((ctx.header('overwrite') ?? 'T').toUpperCase() === 'F') {
          return davError(412, 'PreconditionFailed', 'The destination node already exists, and the overwrite header is set to false', {}, 'Overwrite');
        }
        // Sabre deletes an existing destination before it copies or moves: refused when the user may not delete it.
        if (!deletable(existing)) return notPermitted();
      }
      if (!moving || otherStorage) {
        const noRoom = checkQuota(app, destTarget.owner, existing === undefined ? parentPath(destPath) : destPath, storage.sizeOf(node));
        if (noRoom !== null) return noRoom;
      }
      if (existing !== undefined) storage.trash(existing.node);
      const result = moving && !otherStorage ? storage.move(node, destTarget.ownerPath) : storage.copy(node, destTarget.ownerPath, destTarget.owner);
      if (moving && otherStorage) storage.remove(node);
      const headers: Record<string, string> = { ...OK_EMPTY, 'oc-fileid': ocFileId(result.id) };
      if (moving) {
        headers['oc-etag'] = quoted(result.etag);
        headers['etag'] = quoted(result.etag);
      }
      return emptyReply(existing === undefined ? 201 : 204, headers);
    }
    case 'PROPPATCH': {
      if (node === undefined || view === undefined) return notFoundInFiles(path);
      return proppatch(ctx, uid, node, path === '' ? encodeHref(`${hrefBase}/`) : hrefOf(view));
    }
    default:
      return davError(501, 'NotImplemented', `There was no plugin in the system that was willing to handle this ${ctx.method} method.`);
  }
}

/** PROPPATCH as Nextcloud answers it: oc:favorite is writable (per user), other properties are refused
 * with a 403 propstat; the whole answer is a 207 multistatus. */
function proppatch(ctx: Ctx, uid: string, node: FileNode, href: string): Reply {
  const body = ctx.body.toString('utf8');
  const requested = parsePropRequest(body.replace(/<(\/?)([\w.-]+:)?(set|remove)\b[^>]*>/g, '')).props;
  const favorite = /<(?:[\w.-]+:)?favorite\b[^>]*>\s*([01])\s*</.exec(body)?.[1];
  const data = ctx.app.store.data;
  const parts = requested.map((p) => {
    const ok = p.ns === NS_OC && p.name === 'favorite' && favorite !== undefined;
    if (ok) {
      const current = new Set(data.favorites[uid] ?? []);
      if (favorite === '1') current.add(node.id);
      else current.delete(node.id);
      data.favorites[uid] = [...current];
    }
    const prefix = p.ns === NS_OC ? 'oc' : p.ns === NS_NC ? 'nc' : 'd';
    return `<d:propstat><d:prop><${prefix}:${p.name}/></d:prop><d:status>HTTP/1.1 ${ok ? '200 OK' : '403 Forbidden'}</d:status></d:propstat>`;
  });
  ctx.app.store.changed();
  const xml = `<?xml version="1.0"?>\n<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:response><d:href>${href}</d:href>${parts.join('')}</d:response></d:multistatus>\n`;
  return { status: 207, headers: { 'content-type': 'application/xml; charset=utf-8', dav: DAV_HEADER }, body: xml };
}

function handleTrash(ctx: Ctx, storage: Storage, uid: string, user: string, rest: string[]): Reply {
  if (user !== uid) return davError(404, 'NotFound', `Principal with name ${user} not found`, { dav: DAV_HEADER });
  const [area, itemName] = rest;
  if (area !== 'trash' && area !== 'restore') return davError(404, 'NotFound', `File not found: ${rest.join('/')}`, { dav: DAV_HEADER });
  const items = storage.trashOf(uid);
  const base = `/remote.php/dav/trashbin/${uid}/trash`;
  const hrefOf = (t: TrashNode): string => encodeHref(`${base}/${t.trashName}${t.type === 'dir' ? '/' : ''}`);
  const item = itemName === undefined ? undefined : items.find((t) => t.trashName === itemName);
  if (ctx.method === 'PROPFIND') {
    const props = requestedProps(ctx);
    if (area === 'restore') return multistatusReply([respond(encodeHref(`/remote.php/dav/trashbin/${uid}/restore/`), props, collectionOnly(null))]);
    if (itemName !== undefined) {
      if (item === undefined) return davError(404, 'NotFound', 'Trash item not found', { dav: DAV_HEADER });
      return multistatusReply([respond(hrefOf(item), props, trashProps(item))]);
    }
    const list = [respond(encodeHref(`${base}/`), props, collectionOnly(null))];
    if (depthOf(ctx) === 1) for (const t of items) list.push(respond(hrefOf(t), props, trashProps(t)));
    return multistatusReply(list);
  }
  if (ctx.method === 'DELETE' && area === 'trash') {
    const data = ctx.app.store.data;
    if (itemName === undefined) data.trash = data.trash.filter((t) => t.owner !== uid);
    else if (item === undefined) return davError(404, 'NotFound', 'Trash item not found');
    else data.trash = data.trash.filter((t) => t !== item);
    ctx.app.store.changed();
    return emptyReply(204, OK_EMPTY);
  }
  if (ctx.method === 'MOVE' && area === 'trash' && item !== undefined) {
    const dest = destinationSegments(ctx);
    if (dest?.[0] !== 'trashbin' || dest[1] !== uid || dest[2] !== 'restore') return davError(403, 'Forbidden', 'Cannot move a trashed item there');
    const restored = storage.restore(item);
    return emptyReply(201, { ...OK_EMPTY, 'oc-fileid': ocFileId(restored.id) });
  }
  if (item === undefined && itemName !== undefined) return davError(404, 'NotFound', 'Trash item not found');
  return davError(405, 'MethodNotAllowed', 'Method not allowed on the trash bin');
}

/**
 * The quota check of a chunked upload: OC-Total-Length against the free space where the Destination
 * header points (the destination itself when it exists, else its folder). Null when there is nothing to check.
 */
function uploadQuota(ctx: Ctx, storage: Storage, uid: string, length: number | undefined): Reply | null {
  if (length === undefined) return null;
  const [kind, destUser, ...destRest] = destinationSegments(ctx) ?? [];
  if (kind !== 'files' || destUser !== uid) return null;
  const destPath = destRest.join('/');
  const quotaPath = storage.get(uid, destPath) === undefined ? parentPath(destPath) : destPath;
  return checkQuota(ctx.app, uid, quotaPath, length);
}

function totalLengthHeader(ctx: Ctx): number | undefined {
  const raw = ctx.header('oc-total-length')?.trim();
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function handleUploads(ctx: Ctx, storage: Storage, uid: string, user: string, rest: string[]): Reply {
  if (user !== uid) return davError(404, 'NotFound', `Principal with name ${user} not found`, { dav: DAV_HEADER });
  const [id, chunk] = rest;
  const data = ctx.app.store.data;
  const session = id === undefined ? undefined : data.uploads.find((u) => u.owner === uid && u.id === id);
  const base = `/remote.php/dav/uploads/${uid}`;
  if (id === undefined) {
    if (ctx.method !== 'PROPFIND') return davError(405, 'MethodNotAllowed', 'Method not allowed');
    const props = requestedProps(ctx);
    const list = [respond(encodeHref(`${base}/`), props, collectionOnly(nowSeconds(ctx.app)))];
    if (depthOf(ctx) === 1) for (const u of data.uploads.filter((x) => x.owner === uid)) list.push(respond(encodeHref(`${base}/${u.id}/`), props, collectionOnly(u.mtime)));
    return multistatusReply(list);
  }
  switch (ctx.method) {
    case 'MKCOL': {
      if (chunk !== undefined) return davError(409, 'Conflict', 'Parent node does not exist');
      if (session !== undefined) return davError(405, 'MethodNotAllowed', 'The resource you tried to create already exists');
      const noRoom = uploadQuota(ctx, storage, uid, totalLengthHeader(ctx));
      if (noRoom !== null) return noRoom;
      const created: UploadSession = { owner: uid, id, destination: ctx.header('destination') ?? null, mtime: nowSeconds(ctx.app), chunks: {} };
      data.uploads.push(created);
      ctx.app.store.changed();
      return emptyReply(201, OK_EMPTY);
    }
    case 'PUT': {
      if (session === undefined || chunk === undefined) return davError(404, 'NotFound', `File with name ${id}/${chunk ?? ''} could not be located`);
      const noRoom = uploadQuota(ctx, storage, uid, totalLengthHeader(ctx));
      if (noRoom !== null) return noRoom;
      session.chunks[chunk] = {
        content: ctx.body.toString('base64'),
        size: ctx.body.length,
        etag: `${Date.now().toString(16)}${chunk}`.padEnd(32, '0').slice(0, 32),
        mtime: nowSeconds(ctx.app),
      };
      session.mtime = nowSeconds(ctx.app);
      ctx.app.store.changed();
      return emptyReply(201, OK_EMPTY);
    }
    case 'PROPFIND': {
      if (session === undefined) return davError(404, 'NotFound', `File with name ${id} could not be located`, { dav: DAV_HEADER });
      const props = requestedProps(ctx);
      const names = Object.keys(session.chunks).sort();
      const total = names.reduce((s, n) => s + (session.chunks[n]?.size ?? 0), 0);
      const list = [respond(encodeHref(`${base}/${id}/`), props, collectionOnly(session.mtime))];
      if (depthOf(ctx) === 1) {
        list.push(respond(encodeHref(`${base}/${id}/.file`), props, chunkProps(session.mtime, `${session.mtime.toString(16)}${id}`.slice(0, 13), total)));
        for (const n of names) {
          const c = session.chunks[n];
          if (c !== undefined) list.push(respond(encodeHref(`${base}/${id}/${n}`), props, chunkProps(c.mtime, c.etag, c.size)));
        }
      }
      return multistatusReply(list);
    }
    case 'MOVE': {
      if (session === undefined || chunk !== '.file') return davError(404, 'NotFound', `File with name ${id}/${chunk ?? ''} could not be located`);
      const dest = destinationSegments(ctx);
      const [kind, destUser, ...destRest] = dest ?? [];
      if (kind !== 'files' || destUser !== uid || destRest.length === 0) return davError(400, 'BadRequest', 'The destination header is missing or not in the user\'s files');
      const destPath = destRest.join('/');
      if (storage.get(uid, parentPath(destPath))?.type !== 'dir') return davError(409, 'Conflict', 'The destination node is not found');
      const names = Object.keys(session.chunks).sort();
      const content = Buffer.concat(names.map((n) => Buffer.from(session.chunks[n]?.content ?? '', 'base64')));
      const noRoom = uploadQuota(ctx, storage, uid, Math.max(content.length, totalLengthHeader(ctx) ?? 0));
      if (noRoom !== null) return noRoom;
      const expected = ctx.header('oc-total-length');
      if (expected !== undefined && Number(expected) !== content.length) {
        return davError(400, 'BadRequest', `Expected filesize of ${expected} bytes but read (from Nextcloud client) and wrote (to Nextcloud storage) ${content.length} bytes. Could either be a network problem on the sending side or a problem writing to the storage on the server side.`);
      }
      const existing = storage.get(uid, destPath);
      if (existing?.type === 'dir') return davError(409, 'Conflict', 'The destination is a folder');
      const failed = preconditions(ctx, existing);
      if (failed !== null) return failed;
      const { node, created } = storage.write(uid, destPath, content, mtimeHeader(ctx));
      data.uploads = data.uploads.filter((u) => u !== session);
      ctx.app.store.changed();
      return emptyReply(created ? 201 : 204, writeHeaders(node, ctx));
    }
    case 'DELETE': {
      if (session === undefined) return davError(404, 'NotFound', `File with name ${id} could not be located`);
      if (chunk === undefined) data.uploads = data.uploads.filter((u) => u !== session);
      else session.chunks = Object.fromEntries(Object.entries(session.chunks).filter(([name]) => name !== chunk));
      ctx.app.store.changed();
      return emptyReply(204, OK_EMPTY);
    }
    default:
      return davError(405, 'MethodNotAllowed', 'Method not allowed');
  }
}

/** SEARCH with a basicsearch `like` on displayname below the user's files (what the web UI's name search sends). */
function handleSearch(ctx: Ctx, storage: Storage, uid: string): Reply {
  const body = ctx.body.toString('utf8');
  const select = /<(?:[\w.-]+:)?select\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?select>/.exec(body)?.[1] ?? '';
  const nsDecl = [...body.matchAll(/xmlns(?::[\w.-]+)?\s*=\s*"[^"]*"/g)].map((m) => m[0]).join(' ');
  const props = parsePropRequest(`<x ${nsDecl}>${select}</x>`).props;
  const scope = /<(?:[\w.-]+:)?href>([^<]*)<\/(?:[\w.-]+:)?href>/.exec(body)?.[1] ?? `/files/${uid}`;
  const scopeSegs = segmentsOf(scope) ?? [];
  if (scopeSegs[0] !== 'files' || scopeSegs[1] !== uid) return davError(400, 'BadRequest', 'Invalid search scope');
  seedFiles(ctx.app, uid);
  const literal = /<(?:[\w.-]+:)?literal>([^<]*)<\/(?:[\w.-]+:)?literal>/.exec(body)?.[1] ?? '%';
  const pattern = new RegExp(`^${literal.split('%').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  const within = scopeSegs.slice(2).join('/');
  const scopeNode = storage.get(uid, within);
  if (scopeNode === undefined) return davError(404, 'NotFound', `File with name /${within} could not be located`);
  const hits = storage.subtree(scopeNode).filter((n) => n.path !== '' && pattern.test(baseName(n.path)));
  const list = hits.map((n) =>
    respond(encodeHref(`/remote.php/dav/files/${uid}/${n.path}${n.type === 'dir' ? '/' : ''}`), props, fileProps(ctx.app, storage, { node: n, viewPath: n.path, share: null, mountRoot: false }, uid)),
  );
  return multistatusReply(list, 'application/xml; charset="utf-8"');
}

async function handleDav(ctx: Ctx, rest: string, legacy: boolean): Promise<Reply> {
  const outcome = authenticate(ctx);
  if (outcome.kind !== 'ok') return notAuthenticated();
  const uid = outcome.auth.uid;
  ctx.user = uid;
  const segs = segmentsOf(rest);
  if (segs === null) return davError(400, 'BadRequest', 'Invalid path');
  const storage = new Storage(ctx.app);
  if (legacy) return handleFiles(ctx, storage, uid, uid, segs);
  const target = targetOf(segs);
  switch (target.kind) {
    case 'files':
      if (target.user === '') return davError(404, 'NotFound', 'Principal not found');
      return handleFiles(ctx, storage, uid, target.user, target.rest);
    case 'trash':
      return handleTrash(ctx, storage, uid, target.user, target.rest);
    case 'uploads':
      return handleUploads(ctx, storage, uid, target.user, target.rest);
    case 'root':
      if (ctx.method === 'SEARCH') return handleSearch(ctx, storage, uid);
      if (ctx.method === 'PROPFIND') {
        return multistatusReply([respond('/remote.php/dav/', requestedProps(ctx), collectionOnly(null))]);
      }
      return davError(405, 'MethodNotAllowed', 'Method not allowed');
    default:
      return davError(404, 'NotFound', `File not found: ${segs[0] ?? ''} in 'root'`);
  }
}

/** The still percent-encoded path below the DAV root (each segment is decoded once, later). */
function rawRest(ctx: Ctx, prefix: string): string {
  return ctx.path.slice(prefix.length);
}

/** WebDAV, plus the file previews that read the same storage. */
export const davRoutes: PlainRoute[] = [
  ...previewRoutes,
  { method: '*', path: '/remote.php/dav', handler: (ctx) => handleDav(ctx, '', false) },
  { method: '*', path: '/remote.php/dav/{rest*}', handler: (ctx) => handleDav(ctx, rawRest(ctx, '/remote.php/dav'), false) },
  { method: '*', path: '/remote.php/webdav', handler: (ctx) => handleDav(ctx, '', true) },
  { method: '*', path: '/remote.php/webdav/{rest*}', handler: (ctx) => handleDav(ctx, rawRest(ctx, '/remote.php/webdav'), true) },
];
