import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { useT } from '../../../i18n/i18n';
import { useConversations } from '../api/get-conversations';
import { stripBidiControls } from '../lib/bidi';

/** Every conversation of the user, newest activity first, with unread and mention badges. */
export function ConversationList({ activeToken, linkTo }: { activeToken?: string | undefined; linkTo: (token: string) => string }) {
  const t = useT();
  const conversations = useConversations();
  if (conversations.isError) return <Alert>{t('chat.list.loadFailed')}</Alert>;
  if (!conversations.data) return <p>{t('common.loading')}</p>;
  const sorted = [...conversations.data].sort((a, b) => b.lastActivity - a.lastActivity);
  if (sorted.length === 0) return <p>{t('chat.list.empty')}</p>;
  return (
    <ul className="space-y-1" aria-label={t('chat.list.label')}>
      {sorted.map((c) => {
        const badge = c.unreadMention ? t('chat.list.mentions', { count: c.unreadMessages }) : c.unreadMessages > 0 ? t('chat.list.unread', { count: c.unreadMessages }) : null;
        return (
          <li key={c.token}>
            <Link
              to={linkTo(c.token)}
              aria-current={c.token === activeToken ? 'page' : undefined}
              className="flex min-h-11 items-center gap-2 rounded-lg px-3 py-2 hover:bg-slate-100 aria-[current=page]:bg-blue-100 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-blue-900"
            >
              <span className="flex-1 truncate font-medium">
                <bdi>{stripBidiControls(c.displayName)}</bdi>
              </span>
              {badge !== null && (
                <span className={`rounded-full px-2 text-sm font-semibold ${c.unreadMention ? 'bg-red-700 text-white' : 'bg-slate-700 text-white'}`}>{badge}</span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
