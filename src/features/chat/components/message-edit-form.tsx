import { useEffect, useRef, useState } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useEditMessage } from '../api/message-actions';
import { stripBidiControls } from '../lib/bidi';
import { fromTalkText, toWireText } from '../lib/mention-text';

/**
 * Editing one's own message; the draft stays as typed when the form is closed and opened again. Its mentions read
 * "@Jonas Weber" in the draft and go back to Talk as id mentions.
 */
export function useMessageEditing(message: ChatMessage) {
  const [editing, setEditing] = useState(false);
  const [original] = useState(() => {
    const names = Object.fromEntries(Object.entries(message.messageParameters).map(([k, p]) => [k, { ...p, name: stripBidiControls(p.name) }]));
    return fromTalkText(message.message, names);
  });
  const [draft, setDraft] = useState(original.text);
  const edit = useEditMessage(message.token);
  const save = () => edit.mutate({ messageId: message.id, message: toWireText(draft, original.picked) }, { onSuccess: () => setEditing(false) });
  return { editing, setEditing, draft, setDraft, edit, save };
}

export function MessageEditForm({ messageId, editing }: { messageId: number; editing: ReturnType<typeof useMessageEditing> }) {
  const t = useT();
  const { edit } = editing;
  const ref = useRef<HTMLTextAreaElement>(null);
  // Opened from the message's actions, which give way to the form: the focus goes into the draft.
  useEffect(() => ref.current?.focus(), []);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        editing.save();
      }}
    >
      <label className="sr-only" htmlFor={`edit-${String(messageId)}`}>
        {t('chat.message.editLabel')}
      </label>
      <textarea ref={ref} id={`edit-${String(messageId)}`} value={editing.draft} onChange={(e) => editing.setDraft(e.target.value)} className="w-full rounded border border-slate-400 p-2 dark:bg-slate-900" />
      <div className="flex gap-2">
        <Button type="submit" disabled={edit.isPending}>
          {t('chat.message.save')}
        </Button>
        <Button variant="secondary" onClick={() => editing.setEditing(false)}>
          {t('common.cancel')}
        </Button>
      </div>
      {edit.isError && <p role="alert">{t(errorMessageKey(edit.error))}</p>}
    </form>
  );
}
