import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { listStacksWithCards, type DeckStackWithCards } from '../../../api/deck/cards';
import { ASSIGNMENT_LABEL, parseCardDescription, type AssignmentSettings, type Student } from '../lib/assignment-model';
import { tasksKeys } from './query-keys';

/** An assignment as the app sees it: a Deck card with the label "Aufgabe" and a settings marker. */
export interface Assignment {
  cardId: number;
  boardId: number;
  stackId: number;
  title: string;
  instructions: string;
  settings: AssignmentSettings;
  /** Epoch milliseconds, or null. */
  due: number | null;
  /** The teacher who created it (the folders are in their files). */
  owner: string;
  /** The card's assigned users: the students it was handed out to. */
  students: Student[];
}

export function assignmentsOfStacks(boardId: number, stacks: readonly DeckStackWithCards[]): Assignment[] {
  const out: Assignment[] = [];
  for (const stack of stacks) {
    for (const card of stack.cards) {
      if (card.archived || card.deletedAt > 0 || !card.labels.some((l) => l.title === ASSIGNMENT_LABEL)) continue;
      const parsed = parseCardDescription(card.description);
      if (parsed === null) continue;
      const due = card.duedate === null ? null : Date.parse(card.duedate);
      out.push({
        cardId: card.id,
        boardId,
        stackId: card.stackId,
        title: card.title,
        instructions: parsed.instructions,
        settings: parsed.settings,
        due: due === null || Number.isNaN(due) ? null : due,
        owner: card.owner,
        students: card.assignedUsers.map((a) => ({ id: a.participant.uid, displayName: a.participant.displayname ?? a.participant.uid })),
      });
    }
  }
  return out.sort((a, b) => (a.due ?? Infinity) - (b.due ?? Infinity) || a.title.localeCompare(b.title, 'de'));
}

/** A card on the class board with a due date that is no assignment (made in Deck itself): open until marked done. */
export interface PlainDueCard {
  cardId: number;
  boardId: number;
  title: string;
  /** Epoch milliseconds. */
  due: number;
}

/** The board's open cards with a due date that are not assignments (not archived, deleted or done). */
export function plainDueCardsOf(boardId: number, stacks: readonly DeckStackWithCards[]): PlainDueCard[] {
  const assignments = new Set(assignmentsOfStacks(boardId, stacks).map((a) => a.cardId));
  return stacks.flatMap((stack) =>
    stack.cards.flatMap((card) => {
      if (assignments.has(card.id) || card.archived || card.deletedAt > 0 || (card.done ?? null) !== null || card.duedate === null) return [];
      const due = Date.parse(card.duedate);
      return Number.isNaN(due) ? [] : [{ cardId: card.id, boardId, title: card.title, due }];
    }),
  );
}

/** The plain due cards of one board (their own request: the assignments' cache keeps assignments only). */
export function plainDueCardsQueryOptions(boardId: number) {
  return queryOptions({
    queryKey: [...tasksKeys.boardAssignments(boardId), 'plain'] as const,
    queryFn: async ({ signal }) => plainDueCardsOf(boardId, await listStacksWithCards({ boardId }, { signal })),
    staleTime: 30_000,
  });
}

/** Plain due cards of several boards. */
export function usePlainDueCards(boardIds: readonly number[]) {
  return useQueries({
    queries: boardIds.map((id) => plainDueCardsQueryOptions(id)),
    combine: (results) => ({
      data: results.flatMap((r) => r.data ?? []),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error !== null)?.error ?? null,
    }),
  });
}

/** The assignments on one class board (one Deck request: the board's stacks with their cards). */
export function boardAssignmentsQueryOptions(boardId: number) {
  return queryOptions({
    queryKey: tasksKeys.boardAssignments(boardId),
    queryFn: async ({ signal }) => assignmentsOfStacks(boardId, await listStacksWithCards({ boardId }, { signal })),
    staleTime: 30_000,
  });
}

export function useBoardAssignments(boardId: number | null) {
  return useQuery({ ...boardAssignmentsQueryOptions(boardId ?? 0), enabled: boardId !== null });
}

/** Assignments of several boards (Deck has no list across boards: one request per class board). */
export function useAssignmentsOfBoards(boardIds: readonly number[]) {
  return useQueries({
    queries: boardIds.map((id) => boardAssignmentsQueryOptions(id)),
    combine: (results) => ({
      data: results.flatMap((r) => r.data ?? []),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error !== null)?.error ?? null,
    }),
  });
}
