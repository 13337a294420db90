import { useState, type KeyboardEvent, type RefObject } from 'react';
import { useMentionSuggestions } from '../api/search-mentions';
import { stripBidiControls } from '../lib/bidi';
import { toWireText, wireMention, type PickedMention } from '../lib/mention-text';

/** The "@word" being typed right before the caret, or null. */
function mentionQuery(text: string, caret: number): { start: number; search: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]*)$/.exec(before);
  if (!match) return null;
  const search = match[2] ?? '';
  return { start: caret - search.length - 1, search };
}

/**
 * The composer's text with "@" mention suggestions (combobox pattern): the textarea keeps the focus, the
 * arrow keys move through the suggestions, Enter or Tab inserts the chosen one by name (and puts the caret, in the
 * textarea `ref`, right after it); `wireText()` is the text with the picked names as Talk's id mentions.
 */
export function useMentionAutocomplete(token: string, ref: RefObject<HTMLTextAreaElement | null>) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<PickedMention[]>([]);
  const mention = mentionQuery(text, caret);
  const suggestions = useMentionSuggestions(token, mention && mention.search.length > 0 ? mention.search : null);
  const list = mention ? (suggestions.data ?? []) : [];

  const insertMention = (index: number) => {
    const s = list[index];
    if (!s || !mention) return;
    const shown = stripBidiControls(s.label).trim() || (s.mentionId ?? s.id);
    const token = `@${shown}`;
    setPicked((p) => [...p, { shown, wire: wireMention(s.mentionId ?? s.id) }]);
    const next = `${text.slice(0, mention.start)}${token} ${text.slice(caret)}`;
    setText(next);
    const pos = mention.start + token.length + 1;
    setCaret(pos);
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(pos, pos);
      ref.current?.focus();
    });
  };

  /** Handles the keys that drive the suggestions while they show; true when the key was taken. */
  const onSuggestionKey = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (list.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
      return true;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      insertMention(Math.min(active, list.length - 1));
      return true;
    }
    return false;
  };

  return {
    text,
    /** The text as Talk must receive it: picked "@names" as id mentions. */
    wireText: () => toWireText(text, picked),
    /** Empties the composer (after sending). */
    clear: () => {
      setText('');
      setPicked([]);
    },
    list,
    active,
    insertMention,
    onSuggestionKey,
    onTextChange: (value: string, selectionStart: number) => {
      setText(value);
      setCaret(selectionStart);
      setActive(0);
    },
    setCaret,
  };
}

export type MentionAutocomplete = ReturnType<typeof useMentionAutocomplete>;
