import { useT } from '../../../i18n/i18n';
import { stripBidiControls } from '../lib/bidi';
import type { MentionAutocomplete } from './use-mention-autocomplete';

/** The "@" suggestions below the composer's textarea; hidden (but in the DOM for aria-controls) when empty. */
export function MentionListbox({ id, mentions }: { id: string; mentions: MentionAutocomplete }) {
  const t = useT();
  const { list, active, insertMention } = mentions;
  return (
    <div id={id} role="listbox" aria-label={t('chat.composer.mentions')} className={list.length > 0 ? 'absolute bottom-full left-0 z-10 mb-1 w-72 rounded-lg border border-slate-300 bg-white shadow dark:border-slate-600 dark:bg-slate-900' : 'hidden'}>
      {list.map((s, i) => (
        // The textarea keeps focus and drives the list with the arrow keys (combobox pattern).
        // eslint-disable-next-line jsx-a11y/click-events-have-key-events
        <div
          key={`${s.source}-${s.id}`}
          id={`${id}-${String(i)}`}
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
  );
}
