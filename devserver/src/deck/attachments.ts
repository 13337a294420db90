/**
 * Card attachments of type `file` (Deck ≥ 1.3): the upload lands in the uploader's `Deck` folder in
 * WebDAV (as Deck stores it in the user's files) and the attachment refers to that file by id.
 */
import type { Ctx } from '../context.js';
import { Storage } from '../dav/storage.js';
import { badRequest, deck, nowS, permissionDenied, touch, DeckError } from './core.js';
import { intParam, type DeckHandler } from './http.js';
import { cardFor } from './lookup.js';
import type { DeckAttachment } from './model.js';

type Json = Record<string, unknown>;

interface UploadedFile {
  name: string;
  content: Buffer;
}

/** The `file` part of a multipart/form-data body. */
function uploadedFile(ctx: Ctx): UploadedFile | null {
  const ct = ctx.header('content-type') ?? '';
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ct);
  const boundary = m?.[1] ?? m?.[2];
  if (!ct.toLowerCase().startsWith('multipart/form-data') || boundary === undefined) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const body = ctx.body;
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length + 2; // CRLF after the delimiter
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next - 2); // CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name === 'file' && filename !== undefined && filename !== '') return { name: filename.split(/[\\/]/).pop() ?? filename, content: part.subarray(headerEnd + 4) };
    }
    pos = next;
  }
  return null;
}

function attachmentJson(ctx: Ctx, a: DeckAttachment): Json {
  const node = new Storage(ctx.app).byId(a.fileId);
  const path = node === undefined ? `/Deck/${a.data}` : `/${node.path}`;
  const dot = a.data.lastIndexOf('.');
  return {
    id: a.id,
    cardId: a.cardId,
    type: a.type,
    data: a.data,
    lastModified: a.lastModified,
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    deletedAt: a.deletedAt,
    extendedData: {
      path,
      fileid: a.fileId,
      data: a.data,
      filesize: node?.size ?? 0,
      mimetype: node?.mime ?? 'application/octet-stream',
      info: {
        dirname: '/Deck',
        basename: a.data,
        extension: dot > 0 ? a.data.slice(dot + 1) : '',
        filename: dot > 0 ? a.data.slice(0, dot) : a.data,
      },
      hasPreview: false,
      permissions: 1,
      attachmentCreator: { displayName: a.createdBy, id: a.createdBy, email: null },
    },
  };
}

function attachmentOf(ctx: Ctx, cardId: number, id: string | undefined): DeckAttachment {
  const a = deck(ctx.app).attachments.find((x) => x.id === intParam(id) && x.cardId === cardId);
  if (a === undefined) throw new DeckError(404, 'Attachment not found');
  return a;
}

/** A free name in the folder: "name.ext", then "name (2).ext" ... as Nextcloud picks them. */
function freeName(storage: Storage, owner: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let i = 2; storage.get(owner, `Deck/${candidate}`) !== undefined; i++) candidate = `${stem} (${i})${ext}`;
  return candidate;
}

const CARD = '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/attachments';

export const attachmentRoutes: [string, string, DeckHandler][] = [
  [
    'GET',
    CARD,
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'read');
      const list = deck(ctx.app).attachments.filter((a) => a.cardId === card.id && a.deletedAt === 0);
      return { body: list.map((a) => attachmentJson(ctx, a)) };
    },
  ],
  [
    'POST',
    CARD,
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const type = typeof ctx.params['type'] === 'string' ? ctx.params['type'] : 'file';
      if (type !== 'file') throw badRequest('No attachment service for this type');
      const file = uploadedFile(ctx);
      if (file === null) throw badRequest('No file uploaded or file size exceeds maximum of 512 MB');
      const storage = new Storage(ctx.app);
      if (storage.get(uid, 'Deck') === undefined) storage.mkdir(uid, 'Deck');
      const name = freeName(storage, uid, file.name);
      const { node } = storage.write(uid, `Deck/${name}`, file.content);
      const now = nowS(ctx.app);
      const attachment: DeckAttachment = { id: ctx.app.store.nextId(), cardId: card.id, type: 'file', data: name, fileId: node.id, createdBy: uid, createdAt: now, lastModified: now, deletedAt: 0 };
      deck(ctx.app).attachments.push(attachment);
      touch(ctx.app, { card });
      return { body: attachmentJson(ctx, attachment) };
    },
  ],
  [
    'GET',
    `${CARD}/{attachmentId}`,
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'read');
      const a = attachmentOf(ctx, card.id, p['attachmentId']);
      const node = new Storage(ctx.app).byId(a.fileId);
      if (node === undefined || a.deletedAt !== 0) throw new DeckError(404, 'File not found');
      return { body: null, raw: { content: new Storage(ctx.app).read(node), mime: node.mime, name: a.data } };
    },
  ],
  [
    'DELETE',
    `${CARD}/{attachmentId}`,
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const a = attachmentOf(ctx, card.id, p['attachmentId']);
      if (a.createdBy !== uid && card.owner !== uid) throw permissionDenied();
      a.deletedAt = nowS(ctx.app);
      touch(ctx.app, { card });
      return { body: attachmentJson(ctx, a) };
    },
  ],
  [
    'PUT',
    `${CARD}/{attachmentId}/restore`,
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const a = attachmentOf(ctx, card.id, p['attachmentId']);
      a.deletedAt = 0;
      touch(ctx.app, { card });
      return { body: attachmentJson(ctx, a) };
    },
  ],
];
