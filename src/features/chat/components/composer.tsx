import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useCreatePoll } from '../api/message-actions';
import { useMentionSuggestions } from '../api/search-mentions';
import { ANNOUNCEMENT_MARKER } from '../lib/announcements';
import { stripBidiControls } from '../lib/bidi';

/** The "@word" being typed right before the caret, or null. */
function mentionQuery(text: string, caret: number): { start: number; search: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!match) return null;
  const search = match[2] ?? '';
  return { start: caret - search.length - 1, search };
}

export interface ComposerProps {
  token: string;
  canModerate: boolean;
  maxLength: number;
  replyTo: ChatMessage | null;
  onCancelReply: () => void;
  onSend: (text: string) => void;
}

export function Composer({ token, canModerate, maxLength, replyTo, onCancelReply, onSend }: ComposerProps) {
  const t = useT();
  const inputId = useId();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [announce, setAnnounce] = useState(false);
  const [pollOpen, setPollOpen] = useState(false);
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const createPoll = useCreatePoll(token);
  const mention = mentionQuery(text, caret);
  const suggestions = useMentionSuggestions(token, mention && mention.search.length > 0 ? mention.search : null);
  const list = mention ? (suggestions.data ?? []) : [];

  const submit = () => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    onSend(announce ? ANNOUNCEMENT_MARKER + trimmed : trimmed);
    setText('');
    setAnnounce(false);
  };

  const insertMention = (index: number) => {
    const s = list[index];
    if (!s || !mention) return;
    const id = s.mentionId ?? s.id;
    const token = /[\s/]/.test(id) ? `@"${id}"` : `@${id}`;
    const next = `${text.slice(0, mention.start)}${token} ${text.slice(caret)}`;
    setText(next);
    const pos = mention.start + token.length + 1;
    setCaret(pos);
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(pos, pos);
      ref.current?.focus();
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (list.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insertMention(Math.min(active, list.length - 1));
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <div className="border-t border-slate-200 pt-2 dark:border-slate-700">
      {replyTo && (
        <div className="mb-1 flex items-center gap-2 rounded bg-slate-100 px-2 text-sm dark:bg-slate-800">
          <span className="flex-1 truncate">
            {t('chat.composer.replyingTo', { name: stripBidiControls(replyTo.actorDisplayName) })}: {stripBidiControls(replyTo.message).slice(0, 80)}
          </span>
          <Button variant="ghost" onClick={onCancelReply}>
            {t('chat.composer.cancelReply')}
          </Button>
        </div>
      )}
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
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          className="min-h-11 min-w-0 flex-1 resize-y rounded-lg border border-slate-400 p-2 dark:border-slate-500 dark:bg-slate-900"
        />
        <div id={listId} role="listbox" aria-label={t('chat.composer.mentions')} className={list.length > 0 ? 'absolute bottom-full left-0 z-10 mb-1 w-72 rounded-lg border border-slate-300 bg-white shadow dark:border-slate-600 dark:bg-slate-900' : 'hidden'}>
          {list.map((s, i) => (
            // The textarea keeps focus and drives the list with the arrow keys (combobox pattern).
            // eslint-disable-next-line jsx-a11y/click-events-have-key-events
            <div
              key={`${s.source}-${s.id}`}
              id={`${listId}-${String(i)}`}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insertMention(i)}
              className={`flex min-h-11 cursor-pointer items-center px-3 ${i === active ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
            >
              <bdi>{stripBidiControls(s.label)}</bdi>
            </div>
          ))}
        </div>
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
        <Button variant="ghost" aria-expanded={pollOpen} onClick={() => setPollOpen((o) => !o)}>
          {t('chat.poll.create')}
        </Button>
      </div>
      {pollOpen && (
        <form
          className="mt-2 space-y-2 rounded-lg border border-slate-300 p-3 dark:border-slate-600"
          onSubmit={(e) => {
            e.preventDefault();
            const opts = options.split('\n').map((o) => o.trim()).filter(Boolean);
            if (question.trim() === '' || opts.length < 2) return;
            createPoll.mutate(
              { question: question.trim(), options: opts },
              {
                onSuccess: () => {
                  setPollOpen(false);
                  setQuestion('');
                  setOptions('');
                },
              },
            );
          }}
        >
          <label className="block">
            {t('chat.poll.question')}
            <input value={question} onChange={(e) => setQuestion(e.target.value)} className="mt-1 block min-h-11 w-full rounded border border-slate-400 px-2 dark:bg-slate-900" />
          </label>
          <label className="block">
            {t('chat.poll.options')}
            <textarea value={options} onChange={(e) => setOptions(e.target.value)} rows={3} className="mt-1 block w-full rounded border border-slate-400 p-2 dark:bg-slate-900" />
          </label>
          <Button type="submit" disabled={createPoll.isPending}>
            {t('chat.poll.submit')}
          </Button>
          {createPoll.isError && <p role="alert">{t(errorMessageKey(createPoll.error))}</p>}
        </form>
      )}
    </div>
  );
}
