import { z } from 'zod';
import { requestJson, type CallOptions, type NoParams } from '../client';

/**
 * Deck's REST API (/index.php/apps/deck/api/v1.0, not OCS: plain JSON bodies). Deck publishes no OpenAPI
 * spec, so these shapes are written from docs/deck/API.md and the recordings and checked here with zod.
 * Every request needs `OCS-APIRequest: true`.
 */

const DECK = '/index.php/apps/deck/api/v1.0';
const DECK_HEADERS = { 'OCS-APIRequest': 'true' };

/** ACL participant types. */
export const ACL_USER = 0;
export const ACL_GROUP = 1;
export const ACL_CIRCLE = 7;

const aclSchema = z.object({
  id: z.number(),
  type: z.number(),
  participant: z.object({ uid: z.string(), displayname: z.string().nullish() }),
  permissionEdit: z.boolean(),
  permissionShare: z.boolean(),
  permissionManage: z.boolean(),
});
export type DeckAcl = z.infer<typeof aclSchema>;

const boardSchema = z.object({
  id: z.number(),
  title: z.string(),
  owner: z.object({ uid: z.string() }),
  archived: z.boolean(),
  color: z.string().default(''),
  acl: z.array(aclSchema).default([]),
  permissions: z
    .object({ PERMISSION_READ: z.boolean(), PERMISSION_EDIT: z.boolean(), PERMISSION_MANAGE: z.boolean() })
    .partial()
    .default({}),
  /** Seconds; > 0 means the board is in the trash (Deck still lists it). */
  deletedAt: z.number().default(0),
});
export type DeckBoard = z.infer<typeof boardSchema>;

const cardSchema = z.object({
  id: z.number(),
  title: z.string(),
  stackId: z.number(),
  archived: z.boolean().default(false),
  /** ISO 8601 with offset, e.g. "2026-11-30T08:00:00+00:00", or null. */
  duedate: z.string().nullish(),
  /** Set (a date) once the card is marked done (Deck >= 1.12), else null. */
  done: z.string().nullish(),
  deletedAt: z.number().default(0),
});
export type DeckCard = z.infer<typeof cardSchema>;

const stackSchema = z.object({
  id: z.number(),
  title: z.string(),
  order: z.number().default(0),
  cards: z.array(cardSchema).default([]),
});
export type DeckStack = z.infer<typeof stackSchema>;

/** GET /boards?details=true: all boards the user can see, with ACLs (one request for the home screen). */
export function listBoards(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<DeckBoard[]> {
  return requestJson(`${DECK}/boards?details=true`, z.array(boardSchema), { headers: DECK_HEADERS, signal });
}

export function createBoard({ title, color }: { title: string; color: string }, { signal }: CallOptions = {}): Promise<DeckBoard> {
  return requestJson(`${DECK}/boards`, boardSchema, { method: 'POST', headers: DECK_HEADERS, json: { title, color }, signal });
}

/** PUT /boards/{id}: Deck's update takes title, color and archived together (docs/deck/API.md; manage right). */
export function updateBoard(
  { boardId, title, color, archived }: { boardId: number; title: string; color: string; archived: boolean },
  { signal }: CallOptions = {},
): Promise<DeckBoard> {
  return requestJson(`${DECK}/boards/${boardId}`, boardSchema, { method: 'PUT', headers: DECK_HEADERS, json: { title, color, archived }, signal });
}

export interface AclRule {
  boardId: number;
  type: number;
  participant: string;
  permissionEdit: boolean;
  permissionShare: boolean;
  permissionManage: boolean;
}

export function addAcl({ boardId, ...rule }: AclRule, { signal }: CallOptions = {}): Promise<DeckAcl> {
  return requestJson(`${DECK}/boards/${boardId}/acl`, aclSchema, { method: 'POST', headers: DECK_HEADERS, json: rule, signal });
}

export function updateAcl(
  { boardId, aclId, permissionEdit, permissionShare, permissionManage }: Omit<AclRule, 'type' | 'participant'> & { aclId: number },
  { signal }: CallOptions = {},
): Promise<DeckAcl> {
  return requestJson(`${DECK}/boards/${boardId}/acl/${aclId}`, aclSchema, {
    method: 'PUT',
    headers: DECK_HEADERS,
    json: { permissionEdit, permissionShare, permissionManage },
    signal,
  });
}

/** GET /boards/{id}/stacks: the board's lists with their (non-archived) cards. */
export function listStacks({ boardId }: { boardId: number }, { signal }: CallOptions = {}): Promise<DeckStack[]> {
  return requestJson(`${DECK}/boards/${boardId}/stacks`, z.array(stackSchema), { headers: DECK_HEADERS, signal });
}

export function createStack(
  { boardId, title, order }: { boardId: number; title: string; order: number },
  { signal }: CallOptions = {},
): Promise<DeckStack> {
  return requestJson(`${DECK}/boards/${boardId}/stacks`, stackSchema, {
    method: 'POST',
    headers: DECK_HEADERS,
    json: { title, order },
    signal,
  });
}
