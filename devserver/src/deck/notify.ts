/**
 * Deck's notifications through the notifications app: "card assigned" when someone assigns a user to a
 * card, "card overdue" when a card reaches its due date (Deck's background job; here every 5 s
 * (jobs.ts) and after every reading Deck request). Recipients of due notifications follow the board's `notify-due`
 * setting: `assigned` (default) the assigned users, `all` every board user, `off` nobody.
 */
import type { App } from '../context.js';
import { addNotification } from '../core/notifications.js';
import type { NotificationTexts } from '../core/model.js';
import { boardUsers, cardAssignments, deck, displayName } from './core.js';
import type { DeckAcl, DeckBoard, DeckCard, DeckStack } from './model.js';

function boardParam(app: App, board: DeckBoard): Record<string, string> {
  return { type: 'deck-board', id: String(board.id), name: board.title, link: `${app.publicUrl}/apps/deck/board/${board.id}` };
}

function cardLink(app: App, board: DeckBoard, card: DeckCard): string {
  return `${app.publicUrl}/apps/deck/board/${board.id}/card/${card.id}`;
}

function richParams(app: App, board: DeckBoard, stack: DeckStack, card: DeckCard): Record<string, Record<string, string>> {
  return {
    'deck-card': {
      type: 'deck-card',
      id: String(card.id),
      name: card.title,
      boardname: board.title,
      stackname: stack.title,
      link: cardLink(app, board, card),
    },
    'deck-board': boardParam(app, board),
  };
}

function locate(app: App, card: DeckCard): { board: DeckBoard; stack: DeckStack } | null {
  const d = deck(app);
  const stack = d.stacks.find((s) => s.id === card.stackId);
  const board = stack === undefined ? undefined : d.boards.find((b) => b.id === stack.boardId);
  return stack === undefined || board === undefined ? null : { board, stack };
}

function userParam(uid: string): Record<string, string> {
  return { type: 'user', id: uid, name: displayName(uid) };
}

/** Deck's texts, German and English, as recorded in talk-live.json ("card assigned", "board shared"). */
function assignedTexts(card: string, board: string, actor: string): { de: NotificationTexts; en: NotificationTexts } {
  return {
    de: { subject: `Die Karte "${card}" auf "${board}" wurde dir von ${actor} zugewiesen.`, subjectRich: '{user} hat dir die Karte {deck-card} auf {deck-board} zugewiesen.' },
    en: { subject: `The card "${card}" on "${board}" has been assigned to you by ${actor}.`, subjectRich: '{user} has assigned the card {deck-card} on {deck-board} to you.' },
  };
}

function sharedTexts(board: string, actor: string): { de: NotificationTexts; en: NotificationTexts } {
  return {
    de: { subject: `Das Board "${board}" wurde von ${actor} mit dir geteilt.`, subjectRich: '{user} hat das Board {deck-board} mit dir geteilt.' },
    en: { subject: `The board "${board}" has been shared with you by ${actor}.`, subjectRich: '{user} has shared {deck-board} with you.' },
  };
}

/** Not recorded: Deck's wording of the due-date notification, in both languages. */
function dueTexts(card: string, board: string): { de: NotificationTexts; en: NotificationTexts } {
  return {
    de: { subject: `Die Karte "${card}" auf "${board}" hat das Fälligkeitsdatum erreicht.`, subjectRich: 'Die Karte {deck-card} auf {deck-board} hat das Fälligkeitsdatum erreicht.' },
    en: { subject: `The card "${card}" on "${board}" has reached its due date.`, subjectRich: 'The card {deck-card} on {deck-board} has reached its due date.' },
  };
}

export function notifyAssigned(app: App, card: DeckCard, assignee: string, actor: string): void {
  if (assignee === actor) return;
  const where = locate(app, card);
  if (where === null) return;
  const texts = assignedTexts(card.title, where.board.title, displayName(actor));
  addNotification(app, {
    user: assignee,
    app: 'deck',
    objectType: 'card',
    objectId: String(card.id),
    subject: texts.en.subject,
    message: '',
    subjectRich: texts.en.subjectRich,
    subjectRichParameters: { ...richParams(app, where.board, where.stack, card), user: userParam(actor) },
    messageRich: '',
    messageRichParameters: {},
    link: cardLink(app, where.board, card),
    icon: `${app.publicUrl}/apps/deck/img/deck-dark.svg`,
    texts,
  });
}

/**
 * "Board shared" to the user of a new user ACL entry (the board's owner and the sharer excepted). Shares with a group or a team notify nobody: on the recording
 * server s7a1 got the notification for a board shared with her (talk-live.json) but none for the boards shared with
 * her group (class-via-group.json) or her team (deck.json), all captured on that server in one session.
 */
export function notifyBoardShared(app: App, board: DeckBoard, acl: DeckAcl, actor: string): void {
  if (acl.type !== 0 || acl.participant === actor || acl.participant === board.owner) return;
  const texts = sharedTexts(board.title, displayName(actor));
  addNotification(app, {
    user: acl.participant,
    app: 'deck',
    objectType: 'board',
    objectId: String(board.id),
    subject: texts.en.subject,
    message: '',
    subjectRich: texts.en.subjectRich,
    subjectRichParameters: { 'deck-board': boardParam(app, board), user: userParam(actor) },
    messageRich: '',
    messageRichParameters: {},
    link: `${app.publicUrl}/apps/deck/board/${board.id}`,
    icon: `${app.publicUrl}/apps/deck/img/deck-dark.svg`,
    texts,
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
        subject: dueTexts(card.title, where.board.title).en.subject,
        message: '',
        subjectRich: dueTexts(card.title, where.board.title).en.subjectRich,
        subjectRichParameters: richParams(app, where.board, where.stack, card),
        messageRich: '',
        messageRichParameters: {},
        link: cardLink(app, where.board, card),
        icon: `${app.publicUrl}/apps/deck/img/deck-dark.svg`,
        texts: dueTexts(card.title, where.board.title),
      });
    }
  }
}
