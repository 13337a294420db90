/**
 * Deck's first run: a user's first visit creates the "Welcome to Nextcloud Deck!" board (the recorded
 * student lists one). The dev server creates it on the user's first `GET /boards`.
 */
import type { App } from '../context.js';
import { createBoard, deck, nowS } from './core.js';
import type { DeckCard } from './model.js';

const STACKS = ['Custom lists - click to rename!', 'To Do', 'In Progress', 'Done'];

const CARDS: [number, string, string][] = [
  [0, '1. Open to learn more about boards and cards', 'Welcome to Deck! Boards hold lists, lists hold cards.'],
  [0, '2. Drag cards left and right, up and down', 'Move a card to another list when its state changes.'],
  [0, '3. Apply rich formatting and link content', 'Card descriptions are Markdown.'],
  [0, '4. Share, comment and collaborate!', 'Share a board with people, groups or teams.'],
  [1, '5. Add a card', 'Click on + to add a card to a list.'],
];

export function ensureFirstRun(app: App, uid: string): void {
  const d = deck(app);
  if (d.firstRunDone.includes(uid)) return;
  d.firstRunDone.push(uid);
  const board = createBoard(app, uid, 'Welcome to Nextcloud Deck!', 'bf678b');
  d.labels.push({ id: app.store.nextId(), boardId: board.id, title: 'Read more inside', color: 'CC317C', lastModified: 0 });
  const now = nowS(app);
  const stackIds = STACKS.map((title, order) => {
    const id = app.store.nextId();
    d.stacks.push({ id, boardId: board.id, title, order, deletedAt: 0, lastModified: now });
    return id;
  });
  CARDS.forEach(([stackIndex, title, description], order) => {
    const card: DeckCard = {
      id: app.store.nextId(),
      stackId: stackIds[stackIndex] ?? 0,
      title,
      description,
      descriptionPrev: null,
      type: 'plain',
      owner: uid,
      order,
      archived: false,
      done: null,
      duedate: null,
      notified: false,
      deletedAt: 0,
      createdAt: now,
      lastModified: now,
      lastEditor: null,
      labelIds: [],
    };
    d.cards.push(card);
  });
  board.lastModified = now;
  app.store.changed();
}
