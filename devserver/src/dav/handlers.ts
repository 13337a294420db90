/**
 * /remote.php/dav (and the legacy /remote.php/webdav): files, trash bin and chunked upload v2, answering
 * like Nextcloud's Sabre server: 207 multistatus, Sabre error bodies, OC-FileId/ETag/OC-ETag headers.
 */
import { authenticate } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { emptyReply, type Reply } from '../http.js';
import type { PlainRoute } from '../router.js';
import type { TrashNode } from './model.js';
import { baseName, ocFileId, seedFiles, Storage } from './storage.js';
import { DAV_HEADER, davError, encodeHref, multistatusReply, NS_DAV, requestedPropsOf } from './xml.js';
import { findFirst, parseXmlBody } from './xml-body.js';
import { respond, fileProps, trashProps, collectionOnly } from './props.js';
import { OK_EMPTY, segmentsOf, depthOf, requestedProps, notAuthenticated, destinationSegments, targetOf } from './request.js';
import { handleFiles } from './files.js';
import { handleUploads } from './uploads.js';
import { previewRoutes } from './preview.js';

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

/** SEARCH with a basicsearch `like` on displayname below the user's files (what the web UI's name search sends). */
function handleSearch(ctx: Ctx, storage: Storage, uid: string): Reply {
  const root = parseXmlBody(ctx.body.toString('utf8'));
  const select = findFirst(root, NS_DAV, 'select');
  const props = select === undefined ? [] : requestedPropsOf(select).props;
  const scope = findFirst(root, NS_DAV, 'href')?.text ?? `/files/${uid}`;
  const scopeSegs = segmentsOf(scope) ?? [];
  if (scopeSegs[0] !== 'files' || scopeSegs[1] !== uid) return davError(400, 'BadRequest', 'Invalid search scope');
  seedFiles(ctx.app, uid);
  const literal = findFirst(root, NS_DAV, 'literal')?.text ?? '%';
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
