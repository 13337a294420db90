import { useParams } from 'react-router';
import { ConversationList } from '../../features/chat/components/conversation-list';
import { LazyChatPanel } from '../../features/chat/components/lazy-chat-panel';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** /chats and /chats/:token: every conversation, the chosen one beside the list. */
export function ChatsRoute() {
  const t = useT();
  const { token } = useParams();
  useDocumentTitle(t('app.pageTitle', { page: t('chat.title') }));
  return (
    <div className="grid gap-4 md:grid-cols-[18rem_1fr]">
      <div>
        <h1 className="mb-2 text-2xl font-bold">{t('chat.title')}</h1>
        <ConversationList activeToken={token} linkTo={(tok) => `/chats/${encodeURIComponent(tok)}`} />
      </div>
      <div>{token ? <LazyChatPanel key={token} token={token} /> : <p className="mt-10">{t('chat.choose')}</p>}</div>
    </div>
  );
}
