/**
 * Deck's permission rules and JSON shapes (Deck 1.16 as recorded): who may read, edit, manage and share a
 * board; boards, stacks, cards, labels, ACL entries and assignments as the REST API serialises them.
 */
import { createHash } from 'node:crypto';
import { memberJson, membershipOf, teamUsers } from '../teams/members.js';
import type { App } from '../context.js';
import { findSeedGroup, findSeedUser } from '../seed.js';
import { groupMemberIds } from '../talk/membership.js';
import type { Team } from '../teams/model.js';
import type { DeckAcl, DeckAssignment, DeckBoard, DeckCard, DeckData, DeckLabel, DeckStack } from './model.js';

type Json = Record<string, unknown>;

/** A Deck StatusException: answered as `{status, message}` with that HTTP status. */
export class DeckError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const permissionDenied = (): DeckError => new DeckError(403, 'Permission denied');
export const badRequest = (message: string): DeckError => new DeckError(400, message);

export function deck(app: App): DeckData {
  return app.store.data.deck;
}

export function nowS(app: App): number {
  return Math.floor(app.now() / 1000);
}

/** Deck's Entity::getETag(): md5 of the lastModified value. */
export function etagOf(lastModified: number | null): string {
  return createHash('md5')
    .update(lastModified === null ? '' : String(lastModified))
    .digest('hex');
}

export interface Permissions {
  read: boolean;
  edit: boolean;
  manage: boolean;
  share: boolean;
}

const NONE: Permissions = { read: false, edit: false, manage: false, share: false };
const ALL: Permissions = { read: true, edit: true, manage: true, share: true };

function teamById(app: App, id: string): Team | undefined {
  return app.store.data.teams.find((t) => t.id === id);
}

/** Does an ACL entry reach the user (directly, through a group, through a team)? */
export function aclReaches(app: App, acl: DeckAcl, uid: string): boolean {
  if (acl.type === 0) return acl.participant === uid;
  if (acl.type === 1) return groupMemberIds(app, acl.participant).includes(uid);
  const team = teamById(app, acl.participant);
  return team !== undefined && membershipOf(team, uid) !== undefined;
}

export function boardAcl(app: App, boardId: number): DeckAcl[] {
  return deck(app).acl.filter((a) => a.boardId === boardId);
}

export function permissionsOf(app: App, board: DeckBoard, uid: string): Permissions {
  if (board.owner === uid) return ALL;
  const acls = boardAcl(app, board.id).filter((a) => aclReaches(app, a, uid));
  if (acls.length === 0) return NONE;
  return {
    read: true,
    edit: acls.some((a) => a.permissionEdit),
    manage: acls.some((a) => a.permissionManage),
    share: acls.some((a) => a.permissionShare),
  };
}

/**
 * Boards in the user's list and how they are shared with them (0 own, 1 user ACL, 2 group or team).
 * As recorded on Deck 1.16, a board shared with a team lists only for the team's direct members; members
 * through a group can open it (GET answers 200) but do not see it in `GET /boards`.
 */
export function listedShare(app: App, board: DeckBoard, uid: string): number | null {
  if (board.owner === uid) return 0;
  const acls = boardAcl(app, board.id);
  if (acls.some((a) => a.type === 0 && a.participant === uid)) return 1;
  if (acls.some((a) => a.type === 1 && groupMemberIds(app, a.participant).includes(uid))) return 2;
  const direct = acls.some((a) => {
    if (a.type !== 7) return false;
    const team = teamById(app, a.participant);
    return team?.members.some((m) => m.kind === 'user' && m.ref === uid) === true;
  });
  return direct ? 2 : null;
}

/** The owner and every user an ACL entry reaches. */
export function boardUsers(app: App, board: DeckBoard): string[] {
  const out = [board.owner];
  for (const a of boardAcl(app, board.id)) {
    let users: string[] = [];
    if (a.type === 0) users = [a.participant];
    else if (a.type === 1) users = groupMemberIds(app, a.participant);
    else {
      const team = teamById(app, a.participant);
      users = team === undefined ? [] : teamUsers(team);
    }
    for (const u of users) if (!out.includes(u)) out.push(u);
  }
  return out;
}

export function displayName(uid: string): string {
  return findSeedUser(uid)?.displayName ?? uid;
}

export function userParticipant(uid: string): Json {
  return { primaryKey: uid, uid, displayname: displayName(uid), type: 0 };
}

function aclParticipant(app: App, acl: DeckAcl): Json {
  if (acl.type === 0) return userParticipant(acl.participant);
  if (acl.type === 1) {
    const name = findSeedGroup(acl.participant)?.displayName ?? acl.participant;
    return { primaryKey: acl.participant, uid: acl.participant, displayname: name, type: 1 };
  }
  const team = teamById(app, acl.participant);
  const owner = team?.members.find((m) => m.kind === 'user' && m.ref === team.owner);
  return {
    primaryKey: acl.participant,
    uid: acl.participant,
    displayname: team?.name ?? acl.participant,
    typeString: '',
    circleOwner: team !== undefined && owner !== undefined ? memberJson(app, team, owner) : null,
    type: 7,
  };
}

export function aclJson(app: App, acl: DeckAcl): Json {
  return {
    id: acl.id,
    participant: aclParticipant(app, acl),
    type: acl.type,
    boardId: acl.boardId,
    permissionEdit: acl.permissionEdit,
    permissionShare: acl.permissionShare,
    permissionManage: acl.permissionManage,
    owner: false,
  };
}

export function labelJson(label: DeckLabel, opts: { fresh?: boolean; cardId?: number } = {}): Json {
  const lastModified = opts.fresh === true ? null : (label.lastModified ?? 0);
  return {
    id: label.id,
    title: label.title,
    color: label.color,
    boardId: label.boardId,
    cardId: opts.cardId ?? null,
    lastModified,
    ETag: etagOf(lastModified),
  };
}

export function boardLabels(app: App, boardId: number): DeckLabel[] {
  return deck(app).labels.filter((l) => l.boardId === boardId);
}

export function liveStacks(app: App, boardId: number): DeckStack[] {
  return deck(app)
    .stacks.filter((s) => s.boardId === boardId && s.deletedAt === 0)
    .sort((a, b) => a.order - b.order || a.id - b.id);
}

export function stackCards(app: App, stackId: number, archived = false): DeckCard[] {
  return deck(app)
    .cards.filter((c) => c.stackId === stackId && c.deletedAt === 0 && c.archived === archived)
    .sort((a, b) => a.order - b.order || a.id - b.id);
}

function permissionsJson(p: Permissions): Json {
  return { PERMISSION_READ: p.read, PERMISSION_EDIT: p.edit, PERMISSION_MANAGE: p.manage, PERMISSION_SHARE: p.share };
}

export type BoardView = 'created' | 'full' | 'list' | 'list-details';

export function boardJson(app: App, board: DeckBoard, viewer: string, view: BoardView): Json {
  const fresh = view === 'created';
  const detailed = view === 'full' || view === 'list-details';
  const out: Json = {
    id: board.id,
    title: board.title,
    owner: userParticipant(board.owner),
    color: board.color,
    archived: board.archived,
    // Without details Deck does not load the labels (the entity's default is []).
    labels: view === 'list' ? [] : boardLabels(app, board.id).map((l) => labelJson(l, { fresh })),
    acl: boardAcl(app, board.id).map((a) => aclJson(app, a)),
    permissions: permissionsJson(permissionsOf(app, board, viewer)),
    users: detailed ? boardUsers(app, board).map(userParticipant) : [],
  };
  if (view === 'list' || view === 'list-details') out['shared'] = listedShare(app, board, viewer) ?? 0;
  out['stacks'] = detailed ? liveStacks(app, board.id).map((s) => stackJson(app, s, { withCards: false })) : [];
  out['activeSessions'] = [];
  out['deletedAt'] = board.deletedAt;
  out['lastModified'] = board.lastModified;
  out['settings'] = detailed ? { 'notify-due': board.notifyDue, calendar: true } : [];
  out['ETag'] = etagOf(board.lastModified);
  return out;
}

export function stackJson(app: App, stack: DeckStack, opts: { withCards: boolean; archived?: boolean; viewer?: string }): Json {
  const out: Json = { id: stack.id, title: stack.title, boardId: stack.boardId, deletedAt: stack.deletedAt, lastModified: stack.lastModified };
  if (opts.withCards) {
    const cards = stackCards(app, stack.id, opts.archived === true);
    // Deck leaves the key out when a stack has no cards.
    if (cards.length > 0) out['cards'] = cards.map((c) => cardJson(app, c));
  }
  out['order'] = stack.order;
  out['ETag'] = etagOf(stack.lastModified);
  return out;
}

/** Due date as Deck answers it: the DB keeps the wall-clock time and reads it back as UTC. */
export function formatDue(wall: string | null, offset = '+00:00'): string | null {
  return wall === null ? null : `${wall}${offset}`;
}

const DUE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 due date into the stored wall-clock part and the offset PHP would echo. */
export function parseDue(value: unknown): { wall: string; offset: string } | null | 'invalid' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') return 'invalid';
  const m = DUE.exec(value.trim());
  if (m === null) return 'invalid';
  const [, date = '', hm = '', sec, zone] = m;
  let offset = '+00:00';
  if (zone !== undefined && zone !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return { wall: `${date}T${hm}${sec ?? ':00'}`, offset };
}

/** Deck's overdue flag: 0 future, 1 tomorrow, 2 today, 3 overdue (by calendar day, UTC). */
function overdue(app: App, wall: string | null): number {
  if (wall === null) return 0;
  const day = (ms: number): number => Math.floor(ms / 86_400_000);
  const diff = day(Date.parse(`${wall.slice(0, 10)}T00:00:00Z`)) - day(app.now());
  if (diff < 0) return 3;
  if (diff === 0) return 2;
  if (diff === 1) return 1;
  return 0;
}

export function assignmentJson(a: DeckAssignment): Json {
  return { id: a.id, participant: userParticipant(a.participant), cardId: a.cardId, type: a.type };
}

export function cardAssignments(app: App, cardId: number): DeckAssignment[] {
  return deck(app).assignments.filter((a) => a.cardId === cardId);
}

export function cardJson(app: App, card: DeckCard, opts: { dueOffset?: string } = {}): Json {
  const d = deck(app);
  const labels = card.labelIds.flatMap((id) => {
    const l = d.labels.find((x) => x.id === id);
    return l === undefined ? [] : [labelJson(l, { cardId: card.id })];
  });
  return {
    id: card.id,
    title: card.title,
    description: card.description,
    stackId: card.stackId,
    type: card.type,
    lastModified: card.lastModified,
    lastEditor: card.lastEditor,
    createdAt: card.createdAt,
    labels,
    assignedUsers: cardAssignments(app, card.id).map(assignmentJson),
    attachments: null,
    attachmentCount: d.attachments.filter((a) => a.cardId === card.id && a.deletedAt === 0).length,
    owner: userParticipant(card.owner),
    order: card.order,
    archived: card.archived,
    done: card.done,
    duedate: formatDue(card.duedate, opts.dueOffset),
    deletedAt: card.deletedAt,
    commentsUnread: 0,
    commentsCount: d.comments.filter((c) => c.cardId === card.id).length,
    ETag: etagOf(card.lastModified),
    overdue: overdue(app, card.duedate),
    referenceData: null,
  };
}

/** The card entity without enrichment, as `reorder` answers it. */
export function rawCardJson(card: DeckCard): Json {
  return {
    id: card.id,
    title: card.title,
    description: card.description,
    descriptionPrev: card.descriptionPrev,
    stackId: card.stackId,
    type: card.type,
    lastModified: card.lastModified,
    lastEditor: card.lastEditor,
    createdAt: card.createdAt,
    labels: null,
    assignedUsers: null,
    attachments: null,
    attachmentCount: null,
    owner: card.owner,
    order: card.order,
    archived: card.archived,
    done: card.done,
    duedate: formatDue(card.duedate),
    notified: card.notified,
    deletedAt: card.deletedAt,
    commentsUnread: 0,
    commentsCount: 0,
    relatedStack: null,
    relatedBoard: null,
    ETag: etagOf(card.lastModified),
  };
}

/** Deck's ChangeHelper: a change to a card or stack touches its stack and board (their ETags change). */
export function touch(app: App, target: { board?: DeckBoard; stack?: DeckStack; card?: DeckCard }): void {
  const now = nowS(app);
  const d = deck(app);
  const card = target.card;
  if (card !== undefined) card.lastModified = now;
  const stack = target.stack ?? (card === undefined ? undefined : d.stacks.find((s) => s.id === card.stackId));
  if (stack !== undefined) stack.lastModified = now;
  const board = target.board ?? (stack === undefined ? undefined : d.boards.find((b) => b.id === stack.boardId));
  if (board !== undefined) board.lastModified = now;
  app.store.changed();
}

const DEFAULT_LABELS: [string, string][] = [
  ['Finished', '31CC7C'],
  ['To review', '317CCC'],
  ['Action needed', 'FF7A66'],
  ['Later', 'F1DB50'],
];

export function createBoard(app: App, owner: string, boardTitle: string, boardColor: string): DeckBoard {
  const d = deck(app);
  const board: DeckBoard = { id: app.store.nextId(), title: boardTitle, owner, color: boardColor, archived: false, deletedAt: 0, lastModified: 0, notifyDue: 'assigned' };
  d.boards.push(board);
  for (const [t, c] of DEFAULT_LABELS) d.labels.push({ id: app.store.nextId(), boardId: board.id, title: t, color: c, lastModified: 0 });
  app.store.changed();
  return board;
}

