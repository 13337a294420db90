import { useId, useState } from 'react';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { useT } from '../../../i18n/i18n';
import { SystemMessage } from './message-item';
import { systemMessageText } from './message-content';
import { DaySeparator } from './message-row';

/**
 * Consecutive housekeeping system messages as one line ("7 Änderungen: Frau Schmidt hat den Chat erstellt … anzeigen")
 * that expands into all of them. A new class chat opens with one such line instead of one per student added.
 */
export function SystemRun({ messages, newDay }: { messages: readonly ChatMessage[]; newDay: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const first = messages[0];
  if (!first) return null;
  const count = messages.length;
  return (
    <div>
      {newDay && <DaySeparator timestamp={first.timestamp} />}
      <p className="my-1 text-center text-sm text-slate-700 dark:text-slate-300">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
          className="min-h-11 rounded-lg px-2 hover:bg-slate-100 hover:underline dark:hover:bg-slate-800"
          dir="auto"
        >
          {open ? t('chat.systemRun.hide', { count }) : t('chat.systemRun.summary', { count, first: systemMessageText(first) })}
        </button>
      </p>
      <div id={listId} hidden={!open}>
        {open && messages.map((m) => <SystemMessage key={m.id} message={m} />)}
      </div>
    </div>
  );
}
