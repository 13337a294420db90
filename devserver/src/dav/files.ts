/** files/{uid}: PROPFIND, GET/HEAD, MKCOL, PUT, DELETE, MOVE/COPY and PROPPATCH, own files and share mounts. */
import type { App, Ctx } from '../context.js';
import { emptyReply, type Reply } from '../http.js';
import { PERMISSION } from '../teams/shares.js';
import type { FileNode } from './model.js';
import { announcedLength, checkQuota, checkQuotaForFolder } from './quota.js';
import { ocFileId, parentPath, seedFiles, Storage } from './storage.js';
import { DAV_HEADER, davError, encodeHref, multistatusReply, NS_DAV, NS_NC, NS_OC, type DavResponse } from './xml.js';
import { findAll, parseXmlBody } from './xml-body.js';
import { respond, quoted, type View, fileProps } from './props.js';
import { OK_EMPTY, invalidName, depthOf, requestedProps, notFoundInFiles, destinationSegments, writeHeaders, mtimeHeader, preconditions, getFile, resolveView, childViews, forbidden, notPermitted, deletable, allows } from './request.js';

/** One request below files/{uid}: the path as the user sees it and where it resolves. */
interface FilesRequest {
  ctx: Ctx;
  app: App;
  storage: Storage;
  uid: string;
  path: string;
  target: ReturnType<typeof resolveView>;
  view: View | undefined;
  node: FileNode | undefined;
  hrefBase: string;
  hrefOf: (v: View) => string;
  parentOf: (p: string) => ReturnType<typeof resolveView>;
}

function filesPropfind({ ctx, app, storage, uid, path, view, hrefBase, hrefOf }: FilesRequest): Reply {
  if (view === undefined) return notFoundInFiles(path);
  const props = requestedProps(ctx);
  const rootHref = view.viewPath === '' ? encodeHref(`${hrefBase}/`) : hrefOf(view);
  const list: DavResponse[] = [respond(rootHref, props, fileProps(app, storage, view, uid, true))];
  if (view.node.type === 'dir' && depthOf(ctx) === 1) {
    for (const child of childViews(app, storage, uid, view)) list.push(respond(hrefOf(child), props, fileProps(app, storage, child, uid)));
  }
  return multistatusReply(list);
}

function filesMkcol({ ctx, app, storage, path, target, node, parentOf }: FilesRequest): Reply {
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

function filesPut({ ctx, app, storage, path, target, node, parentOf }: FilesRequest): Reply {
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

function filesDelete({ ctx, storage, path, view, node }: FilesRequest): Reply {
  if (node === undefined || view === undefined) return notFoundInFiles(path);
  if (path === '') return forbidden('Permission denied to delete the root folder');
  if (view.mountRoot) return forbidden();
  if (!deletable(view)) return notPermitted();
  const failed = preconditions(ctx, node);
  if (failed !== null) return failed;
  storage.trash(node);
  return emptyReply(204, OK_EMPTY);
}

function filesMoveOrCopy({ ctx, app, storage, uid, path, target, view, node, parentOf }: FilesRequest): Reply {
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

export async function handleFiles(ctx: Ctx, storage: Storage, uid: string, user: string, rest: string[]): Promise<Reply> {
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
  const req: FilesRequest = { ctx, app, storage, uid, path, target, view, node, hrefBase, hrefOf, parentOf };
  switch (ctx.method) {
    case 'PROPFIND':
      return filesPropfind(req);
    case 'GET':
    case 'HEAD':
      if (node === undefined) return notFoundInFiles(path);
      return getFile(ctx, storage, node, ctx.method === 'HEAD');
    case 'MKCOL':
      return filesMkcol(req);
    case 'PUT':
      return filesPut(req);
    case 'DELETE':
      return filesDelete(req);
    case 'MOVE':
    case 'COPY':
      return filesMoveOrCopy(req);
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
  const root = parseXmlBody(ctx.body.toString('utf8'));
  // <d:propertyupdate> holds <d:set> and <d:remove>, each with a <d:prop>; all are answered, in order.
  const updates = (root?.children ?? []).filter((u) => u.ns === NS_DAV && (u.name === 'set' || u.name === 'remove'));
  const requested = updates.flatMap((u) => findAll(u, NS_DAV, 'prop').flatMap((p) => p.children));
  const favorite = updates
    .filter((u) => u.name === 'set')
    .flatMap((u) => findAll(u, NS_OC, 'favorite'))
    .map((el) => el.text.trim())
    .find((v) => v === '0' || v === '1');
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
