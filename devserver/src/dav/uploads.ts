/** uploads/{uid}: chunked upload v2 (MKCOL session, PUT chunks, MOVE .file onto the destination). */
import type { Ctx } from '../context.js';
import { emptyReply, type Reply } from '../http.js';
import type { UploadSession } from './model.js';
import { checkQuota } from './quota.js';
import { nowSeconds, parentPath, Storage } from './storage.js';
import { DAV_HEADER, davError, encodeHref, multistatusReply } from './xml.js';
import { respond, collectionOnly, chunkProps } from './props.js';
import { OK_EMPTY, depthOf, requestedProps, destinationSegments, writeHeaders, mtimeHeader, preconditions } from './request.js';

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

/** PROPFIND of one upload session: the folder, `.file` (the assembled size) and the chunks. */
function listUpload(ctx: Ctx, base: string, id: string, session: UploadSession | undefined): Reply {
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

/** MOVE of `.file` onto the destination: the chunks in name order become the file. */
function assembleUpload(ctx: Ctx, storage: Storage, uid: string, id: string, session: UploadSession | undefined, chunk: string | undefined): Reply {
  const data = ctx.app.store.data;
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

export function handleUploads(ctx: Ctx, storage: Storage, uid: string, user: string, rest: string[]): Reply {
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
    case 'PROPFIND':
      return listUpload(ctx, base, id, session);
    case 'MOVE':
      return assembleUpload(ctx, storage, uid, id, session, chunk);
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
