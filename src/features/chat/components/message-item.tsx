import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { listReactions } from '../../../api/talk/reactions';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { useParticipants } from '../api/get-participants';
import { chatKeys } from '../api/query-keys';
import { useDeleteMessage, useEditMessage, useToggleReaction } from '../api/message-actions';
import { ACKNOWLEDGE_REACTION, announcementText, isAnnouncement } from '../lib/announcements';
import { stripBidiControls } from '../lib/bidi';
import type { LiveTarget } from '../lib/chat-wire';
import { useLiveTargets } from '../lib/use-live-targets';
import { MessageContent, systemMessageText } from './message-content';

const QUICK_REACTIONS = ['👍', '❤️', '😂'];

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

/**
 * Talk's long-poll announces neither an added ✅ nor another user's read marker: while the status is on screen
 * and still incomplete, the leader refreshes who confirmed and how far everyone has read (live-refresh.ts). A
 * withdrawn ✅ comes as reaction_revoked and fetches the list again (chat-runtime).
 */
function statusTargets(token: string, messageId: number, allConfirmed: boolean, everyone: boolean): LiveTarget[] {
  const targets: LiveTarget[] = [];
  if (!allConfirmed) targets.push({ kind: 'reactions', token, messageId });
  if (!everyone) targets.push({ kind: 'read', token });
  return targets;
}

function AnnouncementStatus({ message, lastCommonRead }: { message: ChatMessage; lastCommonRead: number | null }) {
  const t = useT();
  const everyone = lastCommonRead !== null && lastCommonRead >= message.id;
  const participants = useParticipants(message.token);
  const reactions = useQuery({
    queryKey: chatKeys.reactions(message.token, message.id),
    queryFn: ({ signal }) => listReactions({ token: message.token, messageId: message.id }, { signal }),
  });
  const acknowledged = new Set((reactions.data?.[ACKNOWLEDGE_REACTION] ?? []).map((r) => r.actorId));
  const missing = (participants.data ?? []).filter((p) => p.actorType === 'users' && p.participantType === PARTICIPANT_TYPE.user && !acknowledged.has(p.actorId));
  const allConfirmed = participants.data !== undefined && reactions.data !== undefined && missing.length === 0;
  const liveRef = useLiveTargets(statusTargets(message.token, message.id, allConfirmed, everyone));
  return (
    <div ref={liveRef} className="mt-1 text-sm" data-testid="announcement-status">
      <p>{everyone ? t('chat.announcement.readByAll') : t('chat.announcement.notReadByAll')}</p>
      {participants.data && reactions.data && (
        <p>{missing.length === 0 ? t('chat.announcement.allConfirmed') : t('chat.announcement.notConfirmed', { names: missing.map((p) => stripBidiControls(p.displayName)).join(', ') })}</p>
      )}
    </div>
  );
}

export function MessageItem({ message, me, canModerate, canChat, continued, lastCommonRead, announcers, onReply }: MessageItemProps) {
  const t = useT();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.message);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const edit = useEditMessage(message.token);
  const remove = useDeleteMessage(message.token);
  const react = useToggleReaction(message.token, me);

  if (message.messageType === 'system') {
    return (
      <p className="my-1 text-center text-sm text-slate-700 dark:text-slate-300" dir="auto">
        {systemMessageText(message)} · <time dateTime={new Date(message.timestamp * 1000).toISOString()}>{format.date(message.timestamp * 1000, TIME)}</time>
      </p>
    );
  }
  const own = message.actorId === me && message.actorType === 'users';
  const deleted = message.messageType === 'comment_deleted';
  const announcement = !deleted && isAnnouncement(message, announcers);
  const shown = announcement ? { ...message, message: announcementText(message.message) } : message;
  const parent = message.parent && 'message' in message.parent ? message.parent : null;
  const selfReactions = new Set(message.reactionsSelf ?? []);

  return (
    <article
      aria-label={t('chat.message.from', { name: stripBidiControls(message.actorDisplayName || message.actorId) })}
      className={`group rounded-lg px-2 py-1 ${announcement ? 'border-l-4 border-amber-500 bg-amber-50 dark:bg-amber-950' : ''} ${continued ? '' : 'mt-3'}`}
      data-message-id={message.id}
    >
      {!continued && (
        <header className="flex items-baseline gap-2">
          <span className="font-semibold">
            <bdi>{stripBidiControls(message.actorDisplayName || message.actorId)}</bdi>
          </span>
          <time className="text-sm text-slate-700 dark:text-slate-300" dateTime={new Date(message.timestamp * 1000).toISOString()}>
            {format.date(message.timestamp * 1000, TIME)}
          </time>
        </header>
      )}
      {announcement && <p className="text-sm font-semibold text-amber-900 dark:text-amber-100">{t('chat.announcement.label')}</p>}
      {parent && (
        <blockquote className="my-1 border-l-4 border-slate-400 pl-2 text-sm text-slate-700 dark:text-slate-300">
          <span className="font-semibold">
            <bdi>{stripBidiControls(parent.actorDisplayName)}</bdi>
          </span>
          <span className="line-clamp-2" dir="auto">
            {stripBidiControls(parent.message).slice(0, 300)}
          </span>
        </blockquote>
      )}
      {deleted ? (
        <p className="italic text-slate-700 dark:text-slate-300">{t('chat.message.deleted')}</p>
      ) : editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            edit.mutate({ messageId: message.id, message: draft }, { onSuccess: () => setEditing(false) });
          }}
        >
          <label className="sr-only" htmlFor={`edit-${String(message.id)}`}>
            {t('chat.message.editLabel')}
          </label>
          <textarea id={`edit-${String(message.id)}`} value={draft} onChange={(e) => setDraft(e.target.value)} className="w-full rounded border border-slate-400 p-2 dark:bg-slate-900" />
          <div className="flex gap-2">
            <Button type="submit" disabled={edit.isPending}>
              {t('chat.message.save')}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </div>
          {edit.isError && <p role="alert">{t(errorMessageKey(edit.error))}</p>}
        </form>
      ) : (
        <MessageContent message={shown} me={me} canModerate={canModerate} />
      )}
      {message.lastEditTimestamp !== undefined && !deleted && <p className="text-xs text-slate-700 dark:text-slate-300">{t('chat.message.edited')}</p>}
      {announcement && canModerate && <AnnouncementStatus message={message} lastCommonRead={lastCommonRead} />}
      {!deleted && (
        <div className="mt-1 flex flex-wrap items-center gap-1">
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
          {canChat && message.isReplyable && (
            <Button variant="ghost" onClick={() => onReply(message)}>
              {t('chat.message.reply')}
            </Button>
          )}
          {own && !editing && (
            <Button variant="ghost" onClick={() => setEditing(true)}>
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
      )}
    </article>
  );
}
