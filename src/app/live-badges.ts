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
 *   refetches when it is looked at again);
 * - a new Talk chat notification may be a teacher's private message that feedback came back (the tasks
 *   feature's one-to-one message): the received shares and submissions refetch where shown, so "Neue
 *   Rückmeldungen" and "Heute fällig" on home follow.
 * Features do not know each other; this app-level wiring does. Returns stop().
 */
export function keepHomeBadgesLive(queryClient: QueryClient, userId: string): () => void {
  const conversations = hashKey(chatKeys.conversations());
  const notifications = hashKey(chatKeys.notifications());
  let knownDeck: Set<number> | null = null;
  let knownChat: Set<number> | null = null;
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    const { queryHash, state } = event.query;
    if (queryHash === conversations) {
      const list = state.data as Conversation[] | undefined;
      if (list === undefined) return;
      queryClient.setQueryData<ClassSummary[]>(teamsKeys.classes(userId), (old) => (old === undefined ? old : withRoomBadges(old, list)));
    } else if (queryHash === notifications) {
      const list = (state.data as AppNotification[] | undefined) ?? [];
      const deck = new Set(list.filter((n) => n.app === 'deck').map((n) => n.notification_id));
      const chat = new Set(list.filter((n) => n.app === 'spreed' && n.object_type === 'chat').map((n) => n.notification_id));
      const newDeck = hasNew(knownDeck, deck);
      const newChat = hasNew(knownChat, chat);
      knownDeck = deck;
      knownChat = chat;
      const refetchType = document.visibilityState === 'hidden' ? 'none' : 'active';
      if (newDeck) {
        void queryClient.invalidateQueries({ queryKey: [...tasksKeys.all, 'board'], refetchType });
        void queryClient.invalidateQueries({ queryKey: [...teamsKeys.all, 'next-due-task'], refetchType });
      }
      if (newChat) {
        void queryClient.invalidateQueries({ queryKey: [...tasksKeys.all, 'received-shares'], refetchType });
        void queryClient.invalidateQueries({ queryKey: [...tasksKeys.all, 'folder'], refetchType });
      }
    }
  });
}

/** The first list only tells what was there when the page loaded (loaded together with it): nothing is new. */
function hasNew(before: Set<number> | null, now: Set<number>): boolean {
  return before !== null && [...now].some((id) => !before.has(id));
}
