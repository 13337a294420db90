/** Finding boards, stacks, cards and labels with Deck's permission check (unknown ids answer 403, as Deck does not to leak them). */
import type { App } from '../context.js';
import { deck, permissionDenied, permissionsOf, type Permissions } from './core.js';
import { intParam } from './http.js';
import type { DeckBoard, DeckCard, DeckLabel, DeckStack } from './model.js';


export function boardFor(app: App, uid: string, boardId: string | undefined, need: keyof Permissions): DeckBoard {
  const id = intParam(boardId);
  const board = id === null ? undefined : deck(app).boards.find((b) => b.id === id);
  if (board === undefined || !permissionsOf(app, board, uid)[need]) throw permissionDenied();
  return board;
}

export function stackFor(app: App, uid: string, stackId: string | number | undefined, need: keyof Permissions): { board: DeckBoard; stack: DeckStack } {
  const id = intParam(stackId);
  const stack = id === null ? undefined : deck(app).stacks.find((s) => s.id === id);
  if (stack === undefined) throw permissionDenied();
  const board = boardFor(app, uid, String(stack.boardId), need);
  return { board, stack };
}

export function cardFor(app: App, uid: string, cardId: string | number | undefined, need: keyof Permissions): { board: DeckBoard; stack: DeckStack; card: DeckCard } {
  const id = intParam(cardId);
  const card = id === null ? undefined : deck(app).cards.find((c) => c.id === id);
  if (card === undefined) throw permissionDenied();
  const { board, stack } = stackFor(app, uid, card.stackId, need);
  return { board, stack, card };
}

export function labelFor(app: App, uid: string, labelId: unknown, need: keyof Permissions): { board: DeckBoard; label: DeckLabel } {
  const id = intParam(labelId);
  const label = id === null ? undefined : deck(app).labels.find((l) => l.id === id);
  if (label === undefined) throw permissionDenied();
  return { board: boardFor(app, uid, String(label.boardId), need), label };
}

