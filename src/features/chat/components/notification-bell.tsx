import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useT } from '../../../i18n/i18n';
import { useDismissNotification, useNotifications } from '../api/notifications';
import { useChatHub } from '../lib/use-chat-hub';

/** The bell: Nextcloud notifications (mentions, shares, assignments), fetched by the leader tab only. */
export function NotificationBell() {
  const t = useT();
  const hub = useChatHub();
  const notifications = useNotifications();
  const dismiss = useDismissNotification(() => hub?.refreshNotifications());
  const list = notifications.data ?? [];
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={t('notifications.trigger', { count: list.length })}
        className="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-full hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {list.length > 0 && (
          <span aria-hidden="true" className="absolute top-1 right-1 min-w-5 rounded-full bg-red-700 px-1 text-xs font-bold text-white">
            {list.length}
          </span>
        )}
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end" sideOffset={4} className="z-50 w-80 rounded-lg border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <DropdownMenu.Label className="px-2 py-1 font-semibold">{t('notifications.title')}</DropdownMenu.Label>
        {/* A menu must own menu items (axe aria-required-children): the empty state is a disabled one. */}
        {list.length === 0 && (
          <DropdownMenu.Item disabled className="flex min-h-11 items-center px-2 py-1 text-sm outline-none">
            {t('notifications.empty')}
          </DropdownMenu.Item>
        )}
        {list.map((n) => (
          <DropdownMenu.Item
            key={n.notification_id}
            onSelect={(e) => {
              e.preventDefault();
              dismiss.mutate(n.notification_id);
            }}
            className="flex min-h-11 cursor-pointer flex-col rounded px-2 py-1 outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800"
          >
            <span dir="auto">{n.subject}</span>
            <span className="text-xs text-slate-700 dark:text-slate-300">{t('notifications.markRead')}</span>
          </DropdownMenu.Item>
        ))}
        {list.length > 0 && (
          <DropdownMenu.Item
            onSelect={(e) => {
              e.preventDefault();
              dismiss.mutate('all');
            }}
            className="mt-1 flex min-h-11 cursor-pointer items-center rounded px-2 font-medium outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800"
          >
            {t('notifications.markAllRead')}
          </DropdownMenu.Item>
        )}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
