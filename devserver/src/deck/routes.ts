/**
 * Deck 1.16's REST API: boards (list, details, create, update, archive, delete / undo), ACL (users 0,
 * groups 1, teams 7), stacks, cards (create, update, delete, archive, done, reorder / move, labels,
 * assignments), labels and file attachments. Registered under index.php (and without it) by server.ts.
 */
import { createHash } from 'node:crypto';
import { str } from '../http.js';
import type { PlainRoute } from '../router.js';
import { findSeedGroup, findSeedUser } from '../seed.js';
import { notifyBoardShared } from './notify.js';
import { aclJson, badRequest, boardJson, boardUsers, createBoard, deck, etagOf, listedShare, liveStacks, nowS, permissionDenied, stackJson, touch } from './core.js';
import { attachmentRoutes } from './attachments.js';
import { ensureFirstRun } from './first-run.js';
import { boardFor, stackFor } from './lookup.js';
import { boolParam, deckInternalError, deckRoute, intParam, type DeckHandler } from './http.js';
import type { DeckAcl, DeckBoard, DeckStack } from './model.js';
import { registerDeckTeamResources } from './team-resources.js';
import { after, title, order, color, parseSince } from './route-helpers.js';
import { cardRoutes } from './card-routes.js';

registerDeckTeamResources();

// ---------- boards ----------

const listBoards: DeckHandler = ({ ctx, uid }) => {
  const since = ctx.header('if-modified-since');
  // Recorded on Deck 1.16.7: If-Modified-Since on /boards fails inside Deck with a 500.
  if (since !== undefined && since !== '') throw deckInternalError();
  ensureFirstRun(ctx.app, uid);
  const details = boolParam(ctx.query.get('details')) === true;
  const boards = deck(ctx.app)
    .boards.filter((b) => listedShare(ctx.app, b, uid) !== null)
    .sort((a, b) => a.id - b.id);
  const body = boards.map((b) => boardJson(ctx.app, b, uid, details ? 'list-details' : 'list'));
  return { body, etag: listEtag(boards) };
};

/** The list's ETag changes whenever one of its boards (or what it contains) changes. */
function listEtag(boards: DeckBoard[]): string {
  const state = boards.map((b) => `${b.id}:${b.lastModified}:${b.deletedAt}:${b.archived ? 1 : 0}`).join(',');
  return createHash('md5').update(state).digest('hex');
}

const routes: [string, string, DeckHandler][] = [
  ['GET', '/boards', listBoards],
  [
    'POST',
    '/boards',
    ({ ctx, uid }) => {
      const board = createBoard(ctx.app, uid, title(ctx.params), color(ctx.params));
      return { body: boardJson(ctx.app, board, uid, 'created') };
    },
  ],
  [
    'GET',
    '/boards/{boardId}',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'read');
      return { body: boardJson(ctx.app, board, uid, 'full'), etag: etagOf(board.lastModified) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      board.title = title(ctx.params);
      board.color = color(ctx.params);
      const archived = boolParam(ctx.params['archived']);
      board.archived = archived ?? false;
      touch(ctx.app, { board });
      return { body: boardJson(ctx.app, board, uid, 'full') };
    },
  ],
  [
    'DELETE',
    '/boards/{boardId}',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      if (board.owner !== uid) throw permissionDenied();
      board.deletedAt = nowS(ctx.app);
      touch(ctx.app, { board });
      return { body: boardJson(ctx.app, board, uid, 'full') };
    },
  ],
  [
    'POST',
    '/boards/{boardId}/undo_delete',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      board.deletedAt = 0;
      touch(ctx.app, { board });
      return { body: boardJson(ctx.app, board, uid, 'full') };
    },
  ],
  // ---------- ACL ----------
  [
    'POST',
    '/boards/{boardId}/acl',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'share');
      const type = intParam(ctx.params['type']);
      const participant = str(ctx.params, 'participant') ?? '';
      if (type !== 0 && type !== 1 && type !== 7) throw badRequest('type must be a valid participant type');
      if (participant === '') throw badRequest('participant must be provided');
      if (type === 0 && (findSeedUser(participant) === undefined || participant === board.owner)) throw badRequest('Invalid participant');
      if (type === 1 && findSeedGroup(participant) === undefined) throw badRequest('Invalid participant');
      if (type === 7 && !ctx.app.store.data.teams.some((t) => t.id === participant)) throw badRequest('Invalid participant');
      const d = deck(ctx.app);
      if (d.acl.some((a) => a.boardId === board.id && a.type === type && a.participant === participant)) throw badRequest('The participant is already part of the board');
      const perm = (k: string): boolean => boolParam(ctx.params[k]) === true;
      const acl: DeckAcl = {
        id: ctx.app.store.nextId(),
        boardId: board.id,
        type,
        participant,
        permissionEdit: perm('permissionEdit'),
        permissionShare: perm('permissionShare'),
        permissionManage: perm('permissionManage'),
      };
      d.acl.push(acl);
      touch(ctx.app, { board });
      notifyBoardShared(ctx.app, board, acl, uid);
      return { body: aclJson(ctx.app, acl) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/acl/{aclId}',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      const acl = deck(ctx.app).acl.find((a) => a.id === intParam(p['aclId']) && a.boardId === board.id);
      if (acl === undefined) throw permissionDenied();
      for (const k of ['permissionEdit', 'permissionShare', 'permissionManage'] as const) {
        const v = boolParam(ctx.params[k]);
        if (v !== null) acl[k] = v;
      }
      touch(ctx.app, { board });
      return { body: aclJson(ctx.app, acl) };
    },
  ],
  [
    'DELETE',
    '/boards/{boardId}/acl/{aclId}',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      const d = deck(ctx.app);
      const acl = d.acl.find((a) => a.id === intParam(p['aclId']) && a.boardId === board.id);
      if (acl === undefined) throw permissionDenied();
      const body = aclJson(ctx.app, acl);
      d.acl = d.acl.filter((a) => a !== acl);
      // Assignments of users who lost access go with the share, as in Deck.
      const stillIn = boardUsers(ctx.app, board);
      const cardIds = new Set(d.cards.filter((c) => liveStacks(ctx.app, board.id).some((s) => s.id === c.stackId)).map((c) => c.id));
      d.assignments = d.assignments.filter((a) => !cardIds.has(a.cardId) || stillIn.includes(a.participant));
      touch(ctx.app, { board });
      return { body };
    },
  ],
  // ---------- stacks ----------
  [
    'GET',
    '/boards/{boardId}/stacks',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'read');
      const since = parseSince(ctx.header('if-modified-since'));
      const stacks = liveStacks(ctx.app, board.id).filter((s) => s.lastModified >= since);
      return { body: stacks.map((s) => stackJson(ctx.app, s, { withCards: true })) };
    },
  ],
  [
    'GET',
    '/boards/{boardId}/stacks/archived',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'read');
      return { body: liveStacks(ctx.app, board.id).map((s) => stackJson(ctx.app, s, { withCards: true, archived: true })) };
    },
  ],
  [
    'GET',
    '/boards/{boardId}/stacks/{stackId}',
    ({ ctx, p, uid }) => {
      const { board, stack } = stackFor(ctx.app, uid, p['stackId'], 'read');
      if (String(board.id) !== p['boardId'] || stack.deletedAt !== 0) throw permissionDenied();
      return { body: stackJson(ctx.app, stack, { withCards: true }), etag: etagOf(stack.lastModified) };
    },
  ],
  [
    'POST',
    '/boards/{boardId}/stacks',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      const stack: DeckStack = { id: ctx.app.store.nextId(), boardId: board.id, title: title(ctx.params), order: order(ctx.params), deletedAt: 0, lastModified: 0 };
      deck(ctx.app).stacks.push(stack);
      ctx.app.store.changed();
      return { body: stackJson(ctx.app, stack, { withCards: false }) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}',
    ({ ctx, p, uid }) => {
      const { stack } = stackFor(ctx.app, uid, p['stackId'], 'manage');
      stack.title = title(ctx.params);
      stack.order = order(ctx.params, stack.order);
      touch(ctx.app, { stack });
      return { body: stackJson(ctx.app, stack, { withCards: false }) };
    },
  ],
  [
    'DELETE',
    '/boards/{boardId}/stacks/{stackId}',
    ({ ctx, p, uid }) => {
      const { stack } = stackFor(ctx.app, uid, p['stackId'], 'manage');
      stack.deletedAt = nowS(ctx.app);
      touch(ctx.app, { stack });
      return { body: stackJson(ctx.app, stack, { withCards: false }) };
    },
  ],
];

export const deckRoutes: PlainRoute[] = [...routes, ...cardRoutes, ...attachmentRoutes].map(([method, path, handler]) => deckRoute(method, path, handler, after));
