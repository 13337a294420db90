import { useParams } from 'react-router';
import { ConversationList } from '../../features/chat/components/conversation-list';
import { LazyChatPanel } from '../../features/chat/components/lazy-chat-panel';
import { useCurrentUser } from '../../features/auth/api/get-current-user';
import { useClasses } from '../../features/teams/api/get-classes';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { sharedFileHref } from './file-links';

/** /chats and /chats/:token: every conversation, the chosen one beside the list. */
export function ChatsRoute() {
  const t = useT();
  const { token } = useParams();
  useDocumentTitle(t('app.pageTitle', { page: t('chat.title') }));
  const user = useCurrentUser();
  const classes = useClasses(user.data);
  const allClasses = classes.data ?? [];
  return (
    <div className="grid gap-4 md:grid-cols-[18rem_1fr]">
      <div>
        <h1 className="mb-2 text-2xl font-bold">{t('chat.title')}</h1>
        <ConversationList activeToken={token} linkTo={(tok) => `/chats/${encodeURIComponent(tok)}`} />
      </div>
      <div>{token ? <LazyChatPanel key={token} token={token} fileLinkFor={(file) => sharedFileHref(file, allClasses)} /> : <p className="mt-10">{t('chat.choose')}</p>}</div>
    </div>
  );
}
