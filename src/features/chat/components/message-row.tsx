import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { ChatHub } from '../lib/chat-hub';
import type { TimelineRow } from '../lib/grouping';
import type { OutboxItem } from '../lib/outbox';
import { MessageItem, type MessageItemProps } from './message-item';

const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };

type RowContext = Omit<MessageItemProps, 'message' | 'continued'>;

/** The line above the first message of a day ("Montag, 23. November 2026"). */
export function DaySeparator({ timestamp }: { timestamp: number }) {
  const format = useFormat();
  return (
    <p className="my-3 text-center text-sm font-semibold text-slate-700 dark:text-slate-300" role="separator" aria-label={format.date(timestamp * 1000, DAY)}>
      {format.date(timestamp * 1000, DAY)}
    </p>
  );
}

/** One message of the timeline, after the day and "new messages" separators that start at it. */
export function MessageRow({ row, ...context }: RowContext & { row: TimelineRow }) {
  const t = useT();
  return (
    <div>
      {row.newDay && <DaySeparator timestamp={row.message.timestamp} />}
      {row.firstUnread && (
        <p className="my-2 border-t-2 border-red-700 text-center text-sm font-semibold text-red-800 dark:border-red-400 dark:text-red-200" role="separator" aria-label={t('chat.newMessages')}>
          {t('chat.newMessages')}
        </p>
      )}
      <MessageItem message={row.message} continued={row.continued} {...context} />
    </div>
  );
}

/** A message of the outbox not yet back on the stream: sending, or failed with a retry button. */
export function PendingMessage({ item, hub }: { item: OutboxItem; hub: ChatHub | null }) {
  const t = useT();
  return (
    <article className="mt-3 rounded-lg px-2 py-1 opacity-80" aria-label={t('chat.pending.label')} data-pending={item.state}>
      <p className="whitespace-pre-wrap [overflow-wrap:anywhere]" dir="auto">
        {item.shown ?? item.message}
      </p>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {item.state === 'failed' ? t('chat.pending.failed') : t('chat.pending.sending')}
        {item.state === 'failed' && hub && (
          <Button variant="ghost" onClick={() => void hub.retryFailed(item.localId)}>
            {t('common.retry')}
          </Button>
        )}
      </p>
    </article>
  );
}

