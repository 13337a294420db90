import { describe, expect, it } from 'vitest';
import type { DeckStackWithCards } from '../../../api/deck/cards';
import { cardDescriptionOf } from '../lib/assignment-model';
import { assignmentsOfStacks, plainDueCardsOf } from './get-board-assignments';

function card(id: number, title: string, over: Partial<DeckStackWithCards['cards'][number]> = {}): DeckStackWithCards['cards'][number] {
  return {
    id,
    title,
    description: cardDescriptionOf('Lies S. 4', { folder: title, availableFrom: null, toleranceMinutes: 0 }),
    stackId: 1,
    type: 'plain',
    order: 0,
    owner: 'schmidt',
    archived: false,
    duedate: '2026-11-30T08:00:00+00:00',
    done: null,
    deletedAt: 0,
    labels: [{ id: 9, title: 'Aufgabe', color: 'E9322D' }],
    assignedUsers: [{ participant: { uid: 's7a1', displayname: 'Lena Becker' }, type: 0 }],
    ...over,
  };
}

describe('assignmentsOfStacks', () => {
  it('keeps labelled cards with a marker, sorted by due date, with students and settings', () => {
    const stacks: DeckStackWithCards[] = [
      {
        id: 1,
        title: 'Offen',
        order: 0,
        cards: [
          card(1, 'Später', { duedate: '2026-12-24T08:00:00+00:00' }),
          card(2, 'Früher'),
          card(3, 'Ohne Label', { labels: [] }),
          card(4, 'Ohne Marker', { description: 'Nur Text' }),
          card(5, 'Archiviert', { archived: true }),
          card(6, 'Gelöscht', { deletedAt: 1 }),
        ],
      },
    ];
    const out = assignmentsOfStacks(7, stacks);
    expect(out.map((a) => a.title)).toEqual(['Früher', 'Später']);
    expect(out[0]).toMatchObject({
      cardId: 2,
      boardId: 7,
      instructions: 'Lies S. 4',
      due: Date.parse('2026-11-30T08:00:00Z'),
      owner: 'schmidt',
      students: [{ id: 's7a1', displayName: 'Lena Becker' }],
    });
  });
});

describe('plainDueCardsOf', () => {
  it('keeps the open cards with a due date that are no assignments (made in Deck), for "Nächste Aufgabe" and "Heute fällig"', () => {
    const plain = { description: 'Nur Text', labels: [] };
    const stacks: DeckStackWithCards[] = [
      {
        id: 1,
        title: 'Offen',
        order: 0,
        cards: [
          card(1, 'Aufgabe'),
          card(2, 'Arbeitsblatt', plain),
          card(3, 'Erledigt', { ...plain, done: '2026-11-29T08:00:00+00:00' }),
          card(4, 'Ohne Datum', { ...plain, duedate: null }),
          card(5, 'Archiviert', { ...plain, archived: true }),
        ],
      },
    ];
    expect(plainDueCardsOf(7, stacks)).toEqual([{ cardId: 2, boardId: 7, title: 'Arbeitsblatt', due: Date.parse('2026-11-30T08:00:00Z') }]);
  });
});
