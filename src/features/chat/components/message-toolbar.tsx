import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useDeleteMessage, useToggleReaction } from '../api/message-actions';
import { ACKNOWLEDGE_REACTION } from '../lib/announcements';

const QUICK_REACTIONS = ['👍', '❤️', '😂'];
/** The actions button's face (its name is "Aktionen"). */
const MORE = '⋯';

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

/**
 * Below a message, always shown: the reactions given (toggles) and an announcement's confirm button. These are part
 * of what the message says; what one can do with it is in MessageActions.
 */
export function MessageReactions({ message, me, own, canChat, announcement }: Pick<ToolbarProps, 'message' | 'me' | 'own' | 'canChat' | 'announcement'>) {
  const t = useT();
  const react = useToggleReaction(message.token, me);
  const selfReactions = new Set(message.reactionsSelf ?? []);
  const given = Object.entries(message.reactions);
  const confirm = canChat && announcement && !own && !selfReactions.has(ACKNOWLEDGE_REACTION);
  if (given.length === 0 && !confirm) return null;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1">
      {given.map(([emoji, count]) => (
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
      {confirm && (
        <Button variant="secondary" onClick={() => react.mutate({ messageId: message.id, reaction: ACKNOWLEDGE_REACTION, remove: false })}>
          {t('chat.announcement.confirm')}
        </Button>
      )}
    </div>
  );
}

/** Whether the user can do anything with the message (else no actions button at all). */
export function hasMessageActions({ message, own, canChat, canModerate }: Pick<ToolbarProps, 'message' | 'own' | 'canChat' | 'canModerate'>): boolean {
  return (canChat && message.isReplyable) || own || canModerate || (canChat && QUICK_REACTIONS.some((e) => !(e in message.reactions)));
}

/**
 * Reply, edit, delete and quick reactions, floating at the message's top right. They stay out of sight until the
 * pointer is over the message or the keyboard focus is in it (CSS hover and focus-within on the article, which is
 * `group/message`), or the "Aktionen" button opened them: the one way on a touch screen, where that button always
 * shows. Hidden with `visibility`, so they leave the tab order and the accessibility tree until shown; the
 * "Aktionen" button stays focusable (only transparent) and is the keyboard's and screen reader's way in.
 */
export function MessageActions(props: ToolbarProps) {
  const t = useT();
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  useCloseOnOutsidePointer(rootRef, open, setOpen);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || (!open && !confirmDelete)) return;
    e.stopPropagation();
    setOpen(false);
    setConfirmDelete(false);
    toggleRef.current?.focus();
  };
  const pinned = open || confirmDelete;
  return (
    // Escape closes the opened actions: a key handler on their container, not an interactive element.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions
    <div ref={rootRef} onKeyDown={onKeyDown} className="pointer-events-none absolute top-1 right-1 z-10 flex max-w-[calc(100%-0.5rem)] flex-row-reverse items-start gap-1">
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('chat.message.actions')}
        onClick={() => setOpen((o) => !o)}
        className="pointer-events-auto min-h-11 min-w-11 shrink-0 rounded-full border border-slate-300 bg-white text-lg leading-none opacity-0 group-hover/message:opacity-100 group-focus-within/message:opacity-100 focus:opacity-100 aria-expanded:opacity-100 [@media(hover:none)]:opacity-100 dark:border-slate-600 dark:bg-slate-900"
      >
        <span aria-hidden="true">{MORE}</span>
      </button>
      <div
        id={panelId}
        className={`pointer-events-auto flex flex-wrap items-center justify-end gap-1 rounded-lg border border-slate-300 bg-white p-0.5 shadow dark:border-slate-600 dark:bg-slate-900 ${pinned ? 'visible' : 'invisible group-hover/message:visible group-focus-within/message:visible'}`}
      >
        <ActionButtons {...props} confirmDelete={confirmDelete} setConfirmDelete={setConfirmDelete} done={() => setOpen(false)} />
      </div>
    </div>
  );
}

function ActionButtons({ message, me, own, canChat, canModerate, editing, onEdit, onReply, confirmDelete, setConfirmDelete, done }: ToolbarProps & { confirmDelete: boolean; setConfirmDelete: (v: boolean) => void; done: () => void }) {
  const t = useT();
  const remove = useDeleteMessage(message.token);
  const react = useToggleReaction(message.token, me);
  return (
    <>
      {canChat && message.isReplyable && (
        <Button
          variant="ghost"
          onClick={() => {
            onReply(message);
            done();
          }}
        >
          {t('chat.message.reply')}
        </Button>
      )}
      {own && !editing && (
        <Button
          variant="ghost"
          onClick={() => {
            onEdit();
            done();
          }}
        >
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
      {canChat &&
        QUICK_REACTIONS.filter((e) => !(e in message.reactions)).map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={t('chat.reaction.add', { emoji })}
            onClick={() => {
              react.mutate({ messageId: message.id, reaction: emoji, remove: false });
              done();
            }}
            className="min-h-11 min-w-11 rounded-full hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            {emoji}
          </button>
        ))}
    </>
  );
}

/** Closes the opened actions when a pointer goes down outside `ref` (a tap elsewhere). */
function useCloseOnOutsidePointer(ref: RefObject<HTMLElement | null>, open: boolean, setOpen: (open: boolean) => void) {
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [ref, open, setOpen]);
}
