import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteAllNotifications, deleteNotification, type AppNotification } from '../../../api/notifications/notifications';
import { chatKeys } from './query-keys';

/**
 * The notification list is fetched by the leader tab only (chat hub, with ETag, every 30 s as Nextcloud's own
 * notifications client) and pushed into this cache entry in every tab; this query never fetches by itself.
 */
export function useNotifications() {
  return useQuery<AppNotification[]>({
    queryKey: chatKeys.notifications(),
    queryFn: () => [],
    staleTime: Infinity,
    enabled: false,
  });
}

export function useDismissNotification(onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number | 'all') => (id === 'all' ? deleteAllNotifications() : deleteNotification({ id })),
    onSuccess: (_data, id) => {
      queryClient.setQueryData<AppNotification[]>(chatKeys.notifications(), (old) => (id === 'all' ? [] : (old ?? []).filter((n) => n.notification_id !== id)));
      onDone();
    },
  });
}
