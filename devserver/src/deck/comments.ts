/**
 * Card comments through Deck's OCS API (`/ocs/v2.php/apps/deck/api/v1.0/cards/{cardId}/comments`):
 * list (newest first, limit/offset), create (with a reply parent), edit and delete one's own.
 */
import type { App } from '../context.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { SEED_USERS } from '../seed.js';
import { deck, DeckError, displayName } from './core.js';
import { intParam } from './http.js';
import { cardFor } from './lookup.js';
import type { DeckCard, DeckComment } from './model.js';

type Json = Record<string, unknown>;

const BASE = '/apps/deck/api/{apiVersion}/cards/{cardId}/comments';
const MAX_LENGTH = 1000;

function mentions(message: string): Json[] {
  const out: Json[] = [];
  for (const m of message.matchAll(/@(?:"([^"]+)"|([\w.-]+))/g)) {
    const id = m[1] ?? m[2] ?? '';
    const user = SEED_USERS.find((u) => u.id === id);
    if (user !== undefined && !out.some((x) => x['mentionId'] === id)) out.push({ mentionId: id, mentionType: 'user', mentionDisplayName: user.displayName });
  }
  return out;
}

function commentJson(app: App, c: DeckComment, withParent = true): Json {
  const out: Json = {
    id: c.id,
    objectId: c.cardId,
    message: c.message,
    actorId: c.actorId,
    actorType: 'users',
    actorDisplayName: displayName(c.actorId),
    creationDateTime: c.creationDateTime,
    mentions: mentions(c.message),
  };
  const parent = c.parentId === null ? undefined : deck(app).comments.find((x) => x.id === c.parentId);
  if (withParent && parent !== undefined) out['replyTo'] = commentJson(app, parent, false);
  return out;
}

/** Deck's permission errors surface as OCS errors here. */
function readableCard(app: App, uid: string, cardId: string | undefined, need: 'read' | 'edit' = 'read'): DeckCard {
  if (intParam(cardId) === null) throw new OcsError(400, 'Invalid card id');
  try {
    return cardFor(app, uid, cardId, need).card;
  } catch (err) {
    if (err instanceof DeckError) throw new OcsError(err.status, err.message);
    throw err;
  }
}

function versionOk(v: string | undefined): void {
  if (v !== 'v1.0' && v !== 'v1.1') throw new OcsError(404, 'Not found');
}

function ownComment(app: App, card: DeckCard, id: string | undefined, uid: string): DeckComment {
  const c = deck(app).comments.find((x) => x.id === intParam(id) && x.cardId === card.id);
  if (c === undefined) throw new OcsError(404, 'No comment found.');
  if (c.actorId !== uid) throw new OcsError(403, 'Only authors are allowed to edit their comment.');
  return c;
}

function message(params: Record<string, unknown>): string {
  const m = str(params, 'message') ?? '';
  if (m === '') throw new OcsError(400, 'message must be provided');
  if (Array.from(m).length > MAX_LENGTH) throw new OcsError(400, `The comment must not be longer than ${MAX_LENGTH} characters.`);
  return m;
}

export const deckCommentRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: BASE,
    handler: ({ ctx, p, auth }): OcsResult => {
      versionOk(p['apiVersion']);
      const card = readableCard(ctx.app, auth.uid, p['cardId']);
      const limit = Math.max(0, intParam(ctx.params['limit']) ?? 20);
      const offset = Math.max(0, intParam(ctx.params['offset']) ?? 0);
      const list = deck(ctx.app)
        .comments.filter((c) => c.cardId === card.id)
        .sort((a, b) => b.id - a.id)
        .slice(offset, offset + limit);
      return { data: list.map((c) => commentJson(ctx.app, c)) };
    },
  },
  {
    method: 'POST',
    path: BASE,
    handler: ({ ctx, p, auth }): OcsResult => {
      versionOk(p['apiVersion']);
      const card = readableCard(ctx.app, auth.uid, p['cardId']);
      const text = message(ctx.params);
      const parentId = intParam(ctx.params['parentId']);
      if (parentId !== null && parentId !== 0 && !deck(ctx.app).comments.some((c) => c.id === parentId && c.cardId === card.id)) {
        throw new OcsError(404, 'No comment found.');
      }
      const comment: DeckComment = {
        id: ctx.app.store.nextId(),
        cardId: card.id,
        actorId: auth.uid,
        message: text,
        parentId: parentId === 0 ? null : parentId,
        creationDateTime: new Date(ctx.app.now()).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      };
      deck(ctx.app).comments.push(comment);
      ctx.app.store.changed();
      return { data: commentJson(ctx.app, comment) };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/{commentId}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      versionOk(p['apiVersion']);
      const card = readableCard(ctx.app, auth.uid, p['cardId']);
      const c = ownComment(ctx.app, card, p['commentId'], auth.uid);
      c.message = message(ctx.params);
      ctx.app.store.changed();
      return { data: commentJson(ctx.app, c) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/{commentId}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      versionOk(p['apiVersion']);
      const card = readableCard(ctx.app, auth.uid, p['cardId']);
      const c = ownComment(ctx.app, card, p['commentId'], auth.uid);
      const d = deck(ctx.app);
      d.comments = d.comments.filter((x) => x !== c);
      ctx.app.store.changed();
      return { data: [] };
    },
  },
];
