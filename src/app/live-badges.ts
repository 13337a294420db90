import { hashKey, type QueryClient } from '@tanstack/react-query';
import type { AppNotification } from '../api/notifications/notifications';
import type { Conversation } from '../api/talk/chat-conversations';
import { chatKeys } from '../features/chat/api/query-keys';
import { tasksKeys } from '../features/tasks/api/query-keys';
import { teamsKeys } from '../features/teams/api/query-keys';
import type { ClassSummary } from '../features/teams/lib/discover-classes';
import { withRoomBadges } from '../features/teams/lib/room-badges';

/**
 * The home page's badges stay current from what the leader tab already polls, with no poller of their own:
 * - every conversation list the chat hub brings (each minute while a visible tab wants it, at once after a new
 *   notification or a read marker) carries the unread counts and mentions of the class cards;
 * - a new Deck notification (a card assigned, a board shared, a card due) means "Heute fällig" and the cards'
 *   next task may have changed: their queries refetch where shown (a hidden tab only marks them stale and
 *   refetches when it is looked at again).
 * Features do not know each other; this app-level wiring does. Returns stop().
 */
export function keepHomeBadgesLive(queryClient: QueryClient, userId: string): () => void {
  const conversations = hashKey(chatKeys.conversations());
  const notifications = hashKey(chatKeys.notifications());
  let knownDeck: Set<number> | null = null;
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const { queryHash, state } = event.query;
    if (queryHash === conversations) {
      const list = state.data as Conversation[] | undefined;
      if (list === undefined) return;
      queryClient.setQueryData<ClassSummary[]>(teamsKeys.classes(userId), (old) => (old === undefined ? old : withRoomBadges(old, list)));
    } else if (queryHash === notifications) {
      const deck = new Set(((state.data as AppNotification[] | undefined) ?? []).filter((n) => n.app === 'deck').map((n) => n.notification_id));
      const before = knownDeck;
      knownDeck = deck;
      // The first list only tells what was there when the page loaded: the due tasks were loaded with it.
      if (before === null || ![...deck].some((id) => !before.has(id))) return;
      const refetchType = document.visibilityState === 'hidden' ? 'none' : 'active';
      void queryClient.invalidateQueries({ queryKey: [...tasksKeys.all, 'board'], refetchType });
      void queryClient.invalidateQueries({ queryKey: [...teamsKeys.all, 'next-due-task'], refetchType });
    }
  });
}
