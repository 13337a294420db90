import type { ChatMessage } from '../../../api/talk/chat-messages';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { announcementText, isAnnouncement } from '../lib/announcements';
import { stripBidiControls } from '../lib/bidi';
import { AnnouncementStatus } from './announcement-status';
import { MessageContent, systemMessageText } from './message-content';
import { MessageEditForm, useMessageEditing } from './message-edit-form';
import { hasMessageActions, MessageActions, MessageReactions } from './message-toolbar';

export interface MessageItemProps {
  message: ChatMessage;
  me: string;
  canModerate: boolean;
  canChat: boolean;
  continued: boolean;
  lastCommonRead: number | null;
  /** Actor keys of the conversation's moderators (useAnnouncers); null while unknown. */
  announcers: ReadonlySet<string> | null;
  onReply: (message: ChatMessage) => void;
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

export function MessageItem(props: MessageItemProps) {
  if (props.message.messageType === 'system') return <SystemMessage message={props.message} />;
  return <UserMessage {...props} />;
}

/** A system message on its own line ("Frau Schmidt hat Lena Becker hinzugefügt · 08:02"). */
export function SystemMessage({ message }: { message: ChatMessage }) {
  const format = useFormat();
  return (
    <p className="my-1 text-center text-sm text-slate-700 dark:text-slate-300" dir="auto">
      {systemMessageText(message)} · <time dateTime={new Date(message.timestamp * 1000).toISOString()}>{format.date(message.timestamp * 1000, TIME)}</time>
    </p>
  );
}

function UserMessage({ message, me, canModerate, canChat, continued, lastCommonRead, announcers, onReply }: MessageItemProps) {
  const t = useT();
  const editing = useMessageEditing(message);
  const own = message.actorId === me && message.actorType === 'users';
  const deleted = message.messageType === 'comment_deleted';
  const announcement = !deleted && isAnnouncement(message, announcers);
  const shown = announcement ? { ...message, message: announcementText(message.message) } : message;
  const parent = message.parent && 'message' in message.parent ? message.parent : null;

  return (
    <article
      aria-label={t('chat.message.from', { name: stripBidiControls(message.actorDisplayName || message.actorId) })}
      // group/message: the actions show while the pointer is over it or the focus is in it (MessageActions).
      // On a touch screen the "Aktionen" button always shows at the top right: the text keeps clear of it.
      className={`group/message relative rounded-lg px-2 py-1 [@media(hover:none)]:pr-14 ${announcement ? 'border-l-4 border-amber-500 bg-amber-50 dark:bg-amber-950' : ''} ${continued ? '' : 'mt-3'}`}
      data-message-id={message.id}
    >
      {!continued && <MessageHeader message={message} />}
      {announcement && <p className="text-sm font-semibold text-amber-900 dark:text-amber-100">{t('chat.announcement.label')}</p>}
      {parent && <ParentQuote parent={parent} />}
      {deleted ? (
        <p className="italic text-slate-700 dark:text-slate-300">{t('chat.message.deleted')}</p>
      ) : editing.editing ? (
        <MessageEditForm messageId={message.id} editing={editing} />
      ) : (
        <MessageContent message={shown} me={me} canModerate={canModerate} />
      )}
      {message.lastEditTimestamp !== undefined && !deleted && <p className="text-xs text-slate-700 dark:text-slate-300">{t('chat.message.edited')}</p>}
      {announcement && canModerate && <AnnouncementStatus message={message} lastCommonRead={lastCommonRead} />}
      {!deleted && <MessageReactions message={message} me={me} own={own} canChat={canChat} announcement={announcement} />}
      {/* While the edit form is open its Save and Cancel are the actions: the floating ones would cover it. */}
      {!deleted && !editing.editing && hasMessageActions({ message, own, canChat, canModerate }) && (
        <MessageActions
          message={message}
          me={me}
          own={own}
          canChat={canChat}
          canModerate={canModerate}
          announcement={announcement}
          editing={editing.editing}
          onEdit={() => editing.setEditing(true)}
          onReply={onReply}
        />
      )}
    </article>
  );
}

function MessageHeader({ message }: { message: ChatMessage }) {
  const format = useFormat();
  return (
    <header className="flex items-baseline gap-2">
      <span className="font-semibold">
        <bdi>{stripBidiControls(message.actorDisplayName || message.actorId)}</bdi>
      </span>
      <time className="text-sm text-slate-700 dark:text-slate-300" dateTime={new Date(message.timestamp * 1000).toISOString()}>
        {format.date(message.timestamp * 1000, TIME)}
      </time>
    </header>
  );
}

/** The message replied to, shortened. */
function ParentQuote({ parent }: { parent: Pick<ChatMessage, 'actorDisplayName' | 'message'> }) {
  return (
    <blockquote className="my-1 border-l-4 border-slate-400 pl-2 text-sm text-slate-700 dark:text-slate-300">
      <span className="font-semibold">
        <bdi>{stripBidiControls(parent.actorDisplayName)}</bdi>
      </span>
      <span className="line-clamp-2" dir="auto">
        {stripBidiControls(parent.message).slice(0, 300)}
      </span>
    </blockquote>
  );
}
