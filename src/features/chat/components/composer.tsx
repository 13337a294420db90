import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { ANNOUNCEMENT_MARKER } from '../lib/announcements';
import { stripBidiControls } from '../lib/bidi';
import { MentionListbox } from './mention-listbox';
import { PollForm, usePollDraft } from './poll-form';
import { useMentionAutocomplete } from './use-mention-autocomplete';

export interface ComposerProps {
  token: string;
  canModerate: boolean;
  maxLength: number;
  replyTo: ChatMessage | null;
  onCancelReply: () => void;
  /** `text` as Talk gets it (id mentions), `shown` as the user wrote it (mentions by name). */
  onSend: (text: string, shown: string) => void;
}

export function Composer({ token, canModerate, maxLength, replyTo, onCancelReply, onSend }: ComposerProps) {
  const t = useT();
  const inputId = useId();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const mentions = useMentionAutocomplete(token, ref);
  const { text, list, active } = mentions;
  const [announce, setAnnounce] = useState(false);
  const poll = usePollDraft(token);

  const submit = () => {
    if (text.trim() === '') return;
    const wire = mentions.wireText().trim();
    const marker = announce ? ANNOUNCEMENT_MARKER : '';
    onSend(marker + wire, marker + text.trim());
    mentions.clear();
    setAnnounce(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onSuggestionKey(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <div className="border-t border-slate-200 pt-2 dark:border-slate-700">
      {replyTo && <ReplyBanner replyTo={replyTo} onCancel={onCancelReply} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="relative flex items-end gap-2"
      >
        <label htmlFor={inputId} className="sr-only">
          {t('chat.composer.label')}
        </label>
        <textarea
          ref={ref}
          id={inputId}
          value={text}
          maxLength={maxLength}
          rows={2}
          placeholder={t('chat.composer.placeholder')}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={list.length > 0 ? `${listId}-${String(Math.min(active, list.length - 1))}` : undefined}
          onChange={(e) => mentions.onTextChange(e.target.value, e.target.selectionStart)}
          onSelect={(e) => mentions.setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          className="min-h-11 min-w-0 flex-1 resize-y rounded-lg border border-slate-400 p-2 dark:border-slate-500 dark:bg-slate-900"
        />
        <MentionListbox id={listId} mentions={mentions} />
        <Button type="submit" disabled={text.trim() === ''}>
          {t('chat.composer.send')}
        </Button>
      </form>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        {canModerate && (
          <label className="inline-flex min-h-11 items-center gap-2">
            <input type="checkbox" className="size-5" checked={announce} onChange={(e) => setAnnounce(e.target.checked)} />
            {t('chat.composer.asAnnouncement')}
          </label>
        )}
        <Button variant="ghost" aria-expanded={poll.open} onClick={() => poll.setOpen((o) => !o)}>
          {t('chat.poll.create')}
        </Button>
      </div>
      {poll.open && <PollForm poll={poll} />}
    </div>
  );
}

function ReplyBanner({ replyTo, onCancel }: { replyTo: ChatMessage; onCancel: () => void }) {
  const t = useT();
  return (
    <div className="mb-1 flex items-center gap-2 rounded bg-slate-100 px-2 text-sm dark:bg-slate-800">
      <span className="flex-1 truncate">
        {t('chat.composer.replyingTo', { name: stripBidiControls(replyTo.actorDisplayName) })}: {stripBidiControls(replyTo.message).slice(0, 80)}
      </span>
      <Button variant="ghost" onClick={onCancel}>
        {t('chat.composer.cancelReply')}
      </Button>
    </div>
  );
}
