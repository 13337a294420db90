import { z } from 'zod';
import { requestJson, type CallOptions } from '../client';

/**
 * Deck cards with everything an assignment needs (description, labels, assigned users), board labels, and
 * the card actions: create, update, assign a label or a user. Plain JSON (not OCS), `OCS-APIRequest: true`.
 * Shapes hand-written from docs/deck/API.md and the recordings, checked with zod.
 */

const DECK = '/index.php/apps/deck/api/v1.0';
const DECK_HEADERS = { 'OCS-APIRequest': 'true' };

const labelSchema = z.object({ id: z.number(), title: z.string(), color: z.string() });
export type DeckLabel = z.infer<typeof labelSchema>;

const assignedUserSchema = z.object({
  participant: z.object({ uid: z.string(), displayname: z.string().nullish() }),
  type: z.number().default(0),
});

const fullCardSchema = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string().nullish().transform((d) => d ?? ''),
  stackId: z.number(),
  type: z.string().default('plain'),
  order: z.number().default(0),
  owner: z.union([z.string(), z.object({ uid: z.string() })]).transform((o) => (typeof o === 'string' ? o : o.uid)),
  archived: z.boolean().default(false),
  /** ISO 8601 with offset, or null. */
  duedate: z.string().nullish().transform((d) => d ?? null),
  done: z.string().nullish().transform((d) => d ?? null),
  deletedAt: z.number().default(0),
  labels: z.array(labelSchema).nullish().transform((l) => l ?? []),
  assignedUsers: z.array(assignedUserSchema).nullish().transform((a) => a ?? []),
});
export type DeckFullCard = z.infer<typeof fullCardSchema>;

const stackWithCardsSchema = z.object({
  id: z.number(),
  title: z.string(),
  order: z.number().default(0),
  cards: z.array(fullCardSchema).default([]),
});
export type DeckStackWithCards = z.infer<typeof stackWithCardsSchema>;

const boardDetailsSchema = z.object({
  id: z.number(),
  title: z.string(),
  labels: z.array(labelSchema).nullish().transform((l) => l ?? []),
});
export type DeckBoardDetails = z.infer<typeof boardDetailsSchema>;

/** GET /boards/{id}: the board with its labels. */
export function getBoardDetails({ boardId }: { boardId: number }, { signal }: CallOptions = {}): Promise<DeckBoardDetails> {
  return requestJson(`${DECK}/boards/${boardId}`, boardDetailsSchema, { headers: DECK_HEADERS, signal });
}

/** GET /boards/{id}/stacks with the full cards (description, labels, assigned users). */
export function listStacksWithCards({ boardId }: { boardId: number }, { signal }: CallOptions = {}): Promise<DeckStackWithCards[]> {
  return requestJson(`${DECK}/boards/${boardId}/stacks`, z.array(stackWithCardsSchema), { headers: DECK_HEADERS, signal });
}

/** POST /boards/{id}/labels (needs manage permission on the board). */
export function createLabel({ boardId, title, color }: { boardId: number; title: string; color: string }, { signal }: CallOptions = {}): Promise<DeckLabel> {
  return requestJson(`${DECK}/boards/${boardId}/labels`, labelSchema, { method: 'POST', headers: DECK_HEADERS, json: { title, color }, signal });
}

export interface NewCard {
  boardId: number;
  stackId: number;
  title: string;
  description: string;
  /** ISO 8601, or null for no due date. */
  duedate: string | null;
  order?: number;
}

export function createCard({ boardId, stackId, title, description, duedate, order = 999 }: NewCard, { signal }: CallOptions = {}): Promise<DeckFullCard> {
  return requestJson(`${DECK}/boards/${boardId}/stacks/${stackId}/cards`, fullCardSchema, {
    method: 'POST',
    headers: DECK_HEADERS,
    json: { title, type: 'plain', order, description, duedate },
    signal,
  });
}

function cardPath({ boardId, stackId, cardId }: { boardId: number; stackId: number; cardId: number }): string {
  return `${DECK}/boards/${boardId}/stacks/${stackId}/cards/${cardId}`;
}

export interface CardRef {
  boardId: number;
  stackId: number;
  cardId: number;
}

export async function assignLabel({ labelId, ...card }: CardRef & { labelId: number }, { signal }: CallOptions = {}): Promise<void> {
  await requestJson(`${cardPath(card)}/assignLabel`, z.unknown(), { method: 'PUT', headers: DECK_HEADERS, json: { labelId }, signal });
}

/** Assigning notifies the user ("… assigned you to card …"), as Deck does. */
export async function assignUser({ userId, ...card }: CardRef & { userId: string }, { signal }: CallOptions = {}): Promise<void> {
  await requestJson(`${cardPath(card)}/assignUser`, z.unknown(), { method: 'PUT', headers: DECK_HEADERS, json: { userId }, signal });
}

/** GET /boards/{b}/stacks/{s}/cards/{c}: one card as it is now (read before an update, which replaces every field). */
export function getCard(card: CardRef, { signal }: CallOptions = {}): Promise<DeckFullCard> {
  return requestJson(cardPath(card), fullCardSchema, { headers: DECK_HEADERS, signal });
}

export interface CardUpdate {
  title: string;
  description: string;
  /** ISO 8601, or null for no due date. */
  duedate: string | null;
}

/**
 * PUT /boards/{b}/stacks/{s}/cards/{c}. Deck's update sets title, type, owner, description, order and due date
 * from the request (a missing order becomes 0), so the current card's type, owner, order and done are sent back.
 */
export function updateCard({ current, ...change }: CardRef & CardUpdate & { current: DeckFullCard }, { signal }: CallOptions = {}): Promise<DeckFullCard> {
  const ref = { boardId: change.boardId, stackId: change.stackId, cardId: change.cardId };
  return requestJson(cardPath(ref), fullCardSchema, {
    method: 'PUT',
    headers: DECK_HEADERS,
    json: { title: change.title, type: current.type, owner: current.owner, order: current.order, description: change.description, duedate: change.duedate, done: current.done },
    signal,
  });
}

/** DELETE /boards/{b}/stacks/{s}/cards/{c}: Deck marks the card deleted (restorable in Deck's deleted items). */
export async function deleteCard(card: CardRef, { signal }: CallOptions = {}): Promise<void> {
  await requestJson(cardPath(card), z.unknown(), { method: 'DELETE', headers: DECK_HEADERS, signal });
}
