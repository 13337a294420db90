import { Menu, MenuItem, MenuLabel } from '../../../components/ui/menu';
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
  const item = 'flex min-h-11 cursor-pointer rounded px-2 py-1';
  return (
    <Menu
      label={t('notifications.trigger', { count: list.length })}
      offset={4}
      triggerClassName="relative inline-flex min-h-11 min-w-11 items-center justify-center rounded-full hover:bg-slate-100 dark:hover:bg-slate-800"
      trigger={
        <>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
          </svg>
          {list.length > 0 && (
            <span aria-hidden="true" className="absolute top-1 right-1 min-w-5 rounded-full bg-red-700 px-1 text-xs font-bold text-white">
              {list.length}
            </span>
          )}
        </>
      }
      contentClassName="w-80 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      <MenuLabel className="px-2 py-1 font-semibold">{t('notifications.title')}</MenuLabel>
      {/* A menu must own menu items (axe aria-required-children): the empty state is a disabled one. */}
      {list.length === 0 && (
        <MenuItem disabled className="flex min-h-11 items-center px-2 py-1 text-sm">
          {t('notifications.empty')}
        </MenuItem>
      )}
      {list.map((n) => (
        <MenuItem
          key={n.notification_id}
          keepOpen
          onSelect={() => {
            dismiss.mutate(n.notification_id);
          }}
          className={`${item} flex-col`}
        >
          <span dir="auto">{n.subject}</span>
          <span className="text-xs text-slate-700 dark:text-slate-300">{t('notifications.markRead')}</span>
        </MenuItem>
      ))}
      {list.length > 0 && (
        <MenuItem
          keepOpen
          onSelect={() => {
            dismiss.mutate('all');
          }}
          className={`${item} mt-1 items-center font-medium`}
        >
          {t('notifications.markAllRead')}
        </MenuItem>
      )}
    </Menu>
  );
}
