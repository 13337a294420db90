import { useState } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useDeleteMessage, useToggleReaction } from '../api/message-actions';
import { ACKNOWLEDGE_REACTION } from '../lib/announcements';

const QUICK_REACTIONS = ['👍', '❤️', '😂'];

interface ToolbarProps {
  message: ChatMessage;
  /** The signed-in user's id (their reactions are Talk's answer at once). */
  me: string;
  /** The user wrote it. */
  own: boolean;
  canChat: boolean;
  canModerate: boolean;
  announcement: boolean;
  editing: boolean;
  onEdit: () => void;
  onReply: (message: ChatMessage) => void;
}

/** Below a message: its reactions, and reply, edit and delete where allowed. */
export function MessageToolbar({ message, me, own, canChat, canModerate, announcement, editing, onEdit, onReply }: ToolbarProps) {
  const t = useT();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeleteMessage(message.token);
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1">
      <ReactionButtons message={message} me={me} own={own} canChat={canChat} announcement={announcement} />
      {canChat && message.isReplyable && (
        <Button variant="ghost" onClick={() => onReply(message)}>
          {t('chat.message.reply')}
        </Button>
      )}
      {own && !editing && (
        <Button variant="ghost" onClick={onEdit}>
          {t('chat.message.edit')}
        </Button>
      )}
      {(own || canModerate) &&
        (confirmDelete ? (
          <Button variant="secondary" onClick={() => remove.mutate({ messageId: message.id })} disabled={remove.isPending}>
            {t('chat.message.confirmDelete')}
          </Button>
        ) : (
          <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
            {t('chat.message.delete')}
          </Button>
        ))}
    </div>
  );
}

/** The reactions given (toggles), the announcement's confirm button and the quick reactions not given yet. */
function ReactionButtons({ message, me, own, canChat, announcement }: Pick<ToolbarProps, 'message' | 'me' | 'own' | 'canChat' | 'announcement'>) {
  const t = useT();
  const react = useToggleReaction(message.token, me);
  const selfReactions = new Set(message.reactionsSelf ?? []);
  return (
    <>
      {Object.entries(message.reactions).map(([emoji, count]) => (
        <button
          key={emoji}
          type="button"
          aria-pressed={selfReactions.has(emoji)}
          aria-label={t('chat.reaction.toggle', { emoji, count })}
          disabled={!canChat}
          onClick={() => react.mutate({ messageId: message.id, reaction: emoji, remove: selfReactions.has(emoji) })}
          className="min-h-11 min-w-11 rounded-full border border-slate-300 px-2 aria-pressed:bg-blue-100 dark:border-slate-600 dark:aria-pressed:bg-blue-900"
        >
          {emoji} {count}
        </button>
      ))}
      {canChat && announcement && !own && !selfReactions.has(ACKNOWLEDGE_REACTION) && (
        <Button variant="secondary" onClick={() => react.mutate({ messageId: message.id, reaction: ACKNOWLEDGE_REACTION, remove: false })}>
          {t('chat.announcement.confirm')}
        </Button>
      )}
      {canChat &&
        QUICK_REACTIONS.filter((e) => !(e in message.reactions)).map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={t('chat.reaction.add', { emoji })}
            onClick={() => react.mutate({ messageId: message.id, reaction: emoji, remove: false })}
            className="min-h-11 min-w-11 rounded-full opacity-70 hover:bg-slate-100 hover:opacity-100 focus:opacity-100 dark:hover:bg-slate-800"
          >
            {emoji}
          </button>
        ))}
    </>
  );
}
