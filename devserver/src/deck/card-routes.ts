/** Deck 1.16's card and label endpoints (the board, ACL and stack endpoints are in routes.ts). */
import { str } from '../http.js';
import { assignmentJson, badRequest, boardUsers, cardJson, deck, DeckError, etagOf, labelJson, nowS, parseDue, permissionDenied, rawCardJson, stackCards, touch } from './core.js';
import { boardFor, cardFor, labelFor, stackFor } from './lookup.js';
import { boolParam, intParam, type DeckHandler } from './http.js';
import type { DeckCard, DeckLabel } from './model.js';
import { notifyAssigned } from './notify.js';
import { title, order, color, archiveHandler } from './route-helpers.js';

/** Cards (create, update, delete, archive, done, reorder / move, labels, assignments) and labels. */
export const cardRoutes: [string, string, DeckHandler][] = [
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
