/**
 * Deck's notifications through the notifications app: "card assigned" when someone assigns a user to a
 * card, "card overdue" when a card reaches its due date (Deck's background job; here every 5 s
 * (jobs.ts) and after every reading Deck request). Recipients of due notifications follow the board's `notify-due`
 * setting: `assigned` (default) the assigned users, `all` every board user, `off` nobody.
 */
import type { App } from '../context.js';
import { addNotification } from '../core/notifications.js';
import { boardUsers, cardAssignments, deck, displayName } from './core.js';
import type { DeckBoard, DeckCard, DeckStack } from './model.js';

function richParams(app: App, board: DeckBoard, stack: DeckStack, card: DeckCard): Record<string, Record<string, string>> {
  return {
    'deck-card': {
      type: 'deck-card',
      id: String(card.id),
      name: card.title,
      boardname: board.title,
      stackname: stack.title,
      link: `${app.publicUrl}/apps/deck/card/${card.id}`,
    },
    'deck-board': { type: 'deck-board', id: String(board.id), name: board.title, link: `${app.publicUrl}/apps/deck/board/${board.id}` },
  };
}

function locate(app: App, card: DeckCard): { board: DeckBoard; stack: DeckStack } | null {
  const d = deck(app);
  const stack = d.stacks.find((s) => s.id === card.stackId);
  const board = stack === undefined ? undefined : d.boards.find((b) => b.id === stack.boardId);
  return stack === undefined || board === undefined ? null : { board, stack };
}

export function notifyAssigned(app: App, card: DeckCard, assignee: string, actor: string): void {
  if (assignee === actor) return;
  const where = locate(app, card);
  if (where === null) return;
  const link = `${app.publicUrl}/apps/deck/card/${card.id}`;
  addNotification(app, {
    user: assignee,
    app: 'deck',
    objectType: 'card',
    objectId: String(card.id),
    subject: `${displayName(actor)} has assigned the card ${card.title} on ${where.board.title} to you.`,
    message: '',
    subjectRich: '{user} has assigned the card {deck-card} on {deck-board} to you.',
    subjectRichParameters: { user: { type: 'user', id: actor, name: displayName(actor) }, ...richParams(app, where.board, where.stack, card) },
    messageRich: '',
    messageRichParameters: {},
    link,
    icon: `${app.publicUrl}/apps/deck/img/deck-dark.svg`,
    // Nextcloud 32 / Deck 1.16 in German (talk-live.json exchange 61).
    translations: {
      de: {
        subject: `Die Karte "${card.title}" auf "${where.board.title}" wurde dir von ${displayName(actor)} zugewiesen.`,
        subjectRich: '{user} hat dir die Karte {deck-card} auf {deck-board} zugewiesen.',
      },
    },
  });
}

/** Sends the due-date notification of every card that reached its due date and was not notified yet. */
export function runDueDateJob(app: App): void {
  const d = deck(app);
  const now = app.now();
  for (const card of d.cards) {
    if (card.notified || card.duedate === null || card.deletedAt !== 0 || card.archived || card.done !== null) continue;
    if (Date.parse(`${card.duedate}Z`) > now) continue;
    const where = locate(app, card);
    if (where === null || where.board.deletedAt !== 0) continue;
    card.notified = true;
    app.store.changed();
    const mode = where.board.notifyDue;
    if (mode === 'off') continue;
    const recipients = mode === 'all' ? boardUsers(app, where.board) : cardAssignments(app, card.id).map((a) => a.participant);
    for (const user of recipients) {
      addNotification(app, {
        user,
        app: 'deck',
        objectType: 'card',
        objectId: String(card.id),
        subject: `The card ${card.title} on ${where.board.title} has reached its due date.`,
        message: '',
        subjectRich: 'The card {deck-card} on {deck-board} has reached its due date.',
        subjectRichParameters: richParams(app, where.board, where.stack, card),
        messageRich: '',
        messageRichParameters: {},
        link: `${app.publicUrl}/apps/deck/card/${card.id}`,
        icon: `${app.publicUrl}/apps/deck/img/deck-dark.svg`,
      });
    }
  }
}
