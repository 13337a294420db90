import { queryOptions, useQuery } from '@tanstack/react-query';
import { listStacks } from '../../../api/deck/boards';
import { nextDueCard } from '../lib/discover-classes';
import { teamsKeys } from './query-keys';

/** The class board's next due open card (one request per class board: Deck has no cross-board list). */
export function nextDueTaskQueryOptions(boardId: number) {
  return queryOptions({
    queryKey: teamsKeys.nextDueTask(boardId),
    queryFn: async ({ signal }) => nextDueCard(await listStacks({ boardId }, { signal })),
    staleTime: 60_000,
  });
}

export function useNextDueTask(boardId: number | null) {
  return useQuery({ ...nextDueTaskQueryOptions(boardId ?? 0), enabled: boardId !== null });
}
