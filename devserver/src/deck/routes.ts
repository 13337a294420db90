/**
 * Deck 1.16's REST API: boards (list, details, create, update, archive, delete / undo), ACL (users 0,
 * groups 1, teams 7), stacks, cards (create, update, delete, archive, done, reorder / move, labels,
 * assignments), labels and file attachments. Registered under index.php (and without it) by server.ts.
 */
import { createHash } from 'node:crypto';
import { Storage } from '../dav/storage.js';
import type { App, Ctx } from '../context.js';
import { str } from '../http.js';
import type { PlainRoute } from '../router.js';
import { findSeedGroup, findSeedUser } from '../seed.js';
import {
  aclJson,
  assignmentJson,
  badRequest,
  boardJson,
  boardUsers,
  cardJson,
  createBoard,
  deck,
  DeckError,
  etagOf,
  labelJson,
  listedShare,
  liveStacks,
  nowS,
  parseDue,
  permissionDenied,
  rawCardJson,
  stackCards,
  stackJson,
  touch,
} from './core.js';
import { attachmentRoutes } from './attachments.js';
import { ensureFirstRun } from './first-run.js';
import { boardFor, cardFor, labelFor, stackFor } from './lookup.js';
import { boolParam, deckInternalError, deckRoute, intParam, type DeckHandler, type DeckRequest } from './http.js';
import type { DeckAcl, DeckBoard, DeckCard, DeckLabel, DeckStack } from './model.js';
import { notifyAssigned, runDueDateJob } from './notify.js';
import { registerDeckTeamResources } from './team-resources.js';

registerDeckTeamResources();

const TITLE_MAX = 255;

/** Deck's due-date background job, run after every reading request (a client polling stands in for cron). */
function after(ctx: Ctx): void {
  if (ctx.method === 'GET') runDueDateJob(ctx.app);
}

function title(params: Record<string, unknown>, what = 'title'): string {
  const t = str(params, what);
  if (t === undefined || t === '') throw badRequest(`${what} must be provided`);
  if (t.length > TITLE_MAX) throw badRequest(`The ${what} cannot exceed ${TITLE_MAX} characters`);
  return t;
}

function order(params: Record<string, unknown>, fallback?: number): number {
  const o = intParam(params['order']);
  if (o === null) {
    if (fallback !== undefined && (params['order'] === undefined || params['order'] === null)) return fallback;
    throw badRequest('order must be a number');
  }
  return o;
}

function color(params: Record<string, unknown>): string {
  const c = str(params, 'color');
  if (c === undefined || c === '') throw badRequest('color must be provided');
  return c.replace(/^#/, '');
}

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
  // ---------- cards ----------
  [
    'POST',
    '/boards/{boardId}/stacks/{stackId}/cards',
    ({ ctx, p, uid }) => {
      const { board, stack } = stackFor(ctx.app, uid, p['stackId'], 'edit');
      if (board.archived) throw permissionDenied();
      const cardTitle = title(ctx.params);
      const due = parseDue(ctx.params['duedate']);
      if (due === 'invalid') throw badRequest('duedate must be a valid date');
      const now = nowS(ctx.app);
      const card: DeckCard = {
        id: ctx.app.store.nextId(),
        stackId: stack.id,
        title: cardTitle,
        description: str(ctx.params, 'description') ?? '',
        descriptionPrev: null,
        type: str(ctx.params, 'type') ?? 'plain',
        owner: uid,
        order: order(ctx.params, 999),
        archived: false,
        done: null,
        duedate: due?.wall ?? null,
        notified: false,
        deletedAt: 0,
        createdAt: now,
        lastModified: now,
        lastEditor: null,
        labelIds: [],
      };
      deck(ctx.app).cards.push(card);
      touch(ctx.app, { card });
      return { body: cardJson(ctx.app, card, { dueOffset: due?.offset }) };
    },
  ],
  [
    'GET',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}',
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'read');
      return { body: cardJson(ctx.app, card), etag: etagOf(card.lastModified) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}',
    ({ ctx, p, uid }) => {
      const { board, card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const target = stackFor(ctx.app, uid, p['stackId'], 'edit');
      if (target.board.id !== board.id) throw permissionDenied();
      const cardTitle = title(ctx.params);
      const type = str(ctx.params, 'type');
      if (type === undefined || type === '') throw badRequest('type must be provided');
      const owner = str(ctx.params, 'owner');
      if (owner === undefined || owner === '') throw badRequest('owner must be provided');
      const due = parseDue(ctx.params['duedate']);
      if (due === 'invalid') throw badRequest('duedate must be a valid date');
      const done = ctx.params['done'];
      let doneValue: string | null = null;
      if (typeof done === 'string' && done !== '') {
        const parsed = parseDue(done);
        if (parsed === 'invalid' || parsed === null) throw badRequest('done must be a valid date');
        doneValue = `${parsed.wall}+00:00`;
      }
      // Deck's update replaces every field: what the request leaves out is reset.
      const description = str(ctx.params, 'description') ?? '';
      if (description !== card.description) card.descriptionPrev = card.description;
      card.title = cardTitle;
      card.type = type;
      card.description = description;
      card.stackId = target.stack.id;
      card.order = order(ctx.params, 0);
      if ((due?.wall ?? null) !== card.duedate) card.notified = false;
      card.duedate = due?.wall ?? null;
      const archived = boolParam(ctx.params['archived']);
      if (archived !== null) card.archived = archived;
      card.done = doneValue;
      card.lastEditor = uid;
      touch(ctx.app, { card });
      return { body: cardJson(ctx.app, card, { dueOffset: due?.offset }) };
    },
  ],
  [
    'DELETE',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}',
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      card.deletedAt = nowS(ctx.app);
      touch(ctx.app, { card });
      return { body: rawCardJson(card) };
    },
  ],
  ['PUT', '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/archive', archiveHandler(true)],
  ['PUT', '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/unarchive', archiveHandler(false)],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/assignLabel',
    ({ ctx, p, uid }) => {
      const { board, card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const { label } = labelFor(ctx.app, uid, ctx.params['labelId'], 'edit');
      if (label.boardId !== board.id) throw permissionDenied();
      if (card.labelIds.includes(label.id)) throw badRequest('The label is already assigned to the card');
      card.labelIds.push(label.id);
      touch(ctx.app, { card });
      return { body: null };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/removeLabel',
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const { label } = labelFor(ctx.app, uid, ctx.params['labelId'], 'edit');
      card.labelIds = card.labelIds.filter((id) => id !== label.id);
      touch(ctx.app, { card });
      return { body: null };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/assignUser',
    ({ ctx, p, uid }) => {
      const { board, card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const userId = str(ctx.params, 'userId') ?? '';
      if (userId === '') throw badRequest('user id must be provided');
      if (!boardUsers(ctx.app, board).includes(userId)) throw badRequest('The user is not part of the board');
      const d = deck(ctx.app);
      if (d.assignments.some((a) => a.cardId === card.id && a.participant === userId)) throw badRequest('The user is already assigned to the card');
      const assignment = { id: ctx.app.store.nextId(), cardId: card.id, participant: userId, type: 0 as const };
      d.assignments.push(assignment);
      touch(ctx.app, { card });
      notifyAssigned(ctx.app, card, userId, uid);
      return { body: assignmentJson(assignment) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/unassignUser',
    ({ ctx, p, uid }) => {
      const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const userId = str(ctx.params, 'userId') ?? '';
      const d = deck(ctx.app);
      const assignment = d.assignments.find((a) => a.cardId === card.id && a.participant === userId);
      if (assignment === undefined) throw new DeckError(404, `No assignment for ${userId} found.`);
      d.assignments = d.assignments.filter((a) => a !== assignment);
      touch(ctx.app, { card });
      return { body: assignmentJson(assignment) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/stacks/{stackId}/cards/{cardId}/reorder',
    ({ ctx, p, uid }) => {
      const { board, stack: from, card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
      const targetId = intParam(ctx.params['stackId']);
      if (targetId === null) throw badRequest('stack id must be a number');
      const position = order(ctx.params);
      const { board: targetBoard, stack: to } = stackFor(ctx.app, uid, targetId, 'edit');
      if (targetBoard.id !== board.id || to.deletedAt !== 0) throw permissionDenied();
      const others = stackCards(ctx.app, to.id).filter((c) => c.id !== card.id);
      const at = Math.max(0, Math.min(position, others.length));
      others.splice(at, 0, card);
      card.stackId = to.id;
      others.forEach((c, i) => {
        c.order = i;
      });
      // The moved card's own lastModified stays (as recorded); its stacks and board change.
      touch(ctx.app, { stack: from });
      touch(ctx.app, { stack: to });
      return { body: others.map(rawCardJson) };
    },
  ],
  // ---------- labels ----------
  [
    'GET',
    '/boards/{boardId}/labels/{labelId}',
    ({ ctx, p, uid }) => {
      const { board, label } = labelFor(ctx.app, uid, p['labelId'], 'read');
      if (String(board.id) !== p['boardId']) throw permissionDenied();
      return { body: labelJson(label) };
    },
  ],
  [
    'POST',
    '/boards/{boardId}/labels',
    ({ ctx, p, uid }) => {
      const board = boardFor(ctx.app, uid, p['boardId'], 'manage');
      const labelTitle = title(ctx.params);
      const d = deck(ctx.app);
      if (d.labels.some((l) => l.boardId === board.id && l.title === labelTitle)) throw badRequest('title must be unique');
      const label: DeckLabel = { id: ctx.app.store.nextId(), boardId: board.id, title: labelTitle, color: color(ctx.params), lastModified: 0 };
      d.labels.push(label);
      touch(ctx.app, { board });
      return { body: labelJson(label, { fresh: true }) };
    },
  ],
  [
    'PUT',
    '/boards/{boardId}/labels/{labelId}',
    ({ ctx, p, uid }) => {
      const { board, label } = labelFor(ctx.app, uid, p['labelId'], 'manage');
      label.title = title(ctx.params);
      label.color = color(ctx.params);
      label.lastModified = nowS(ctx.app);
      touch(ctx.app, { board });
      return { body: labelJson(label) };
    },
  ],
  [
    'DELETE',
    '/boards/{boardId}/labels/{labelId}',
    ({ ctx, p, uid }) => {
      const { board, label } = labelFor(ctx.app, uid, p['labelId'], 'manage');
      const d = deck(ctx.app);
      d.labels = d.labels.filter((l) => l !== label);
      for (const c of d.cards) c.labelIds = c.labelIds.filter((id) => id !== label.id);
      touch(ctx.app, { board });
      return { body: labelJson(label) };
    },
  ],
];

function archiveHandler(archived: boolean): DeckHandler {
  return ({ ctx, p, uid }: DeckRequest) => {
    const { card } = cardFor(ctx.app, uid, p['cardId'], 'edit');
    card.archived = archived;
    touch(ctx.app, { card });
    return { body: cardJson(ctx.app, card) };
  };
}

/** If-Modified-Since as unix seconds (0 when absent or unparsable). */
function parseSince(header: string | undefined): number {
  if (header === undefined || header === '') return 0;
  const t = Date.parse(header);
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

export function storage(app: App): Storage {
  return new Storage(app);
}

export const deckRoutes: PlainRoute[] = [...routes, ...attachmentRoutes].map(([method, path, handler]) => deckRoute(method, path, handler, after));
