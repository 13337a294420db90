import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isModeratorType, PERMISSION_CHAT } from '../../../api/talk/chat-conversations';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import { useConversation } from '../api/get-conversations';
import { useAnnouncers } from '../api/get-participants';
import { useLoadOlder, useTimeline } from '../api/get-timeline';
import { useMarkRead } from '../api/message-actions';
import { toRows } from '../lib/grouping';
import { isShown } from '../lib/timeline';
import { useChatHub, useChatHubVersion } from '../lib/use-chat-hub';
import { Composer } from './composer';
import { MessageItem } from './message-item';

const MAX_LENGTH = 32_000;

const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };

/** A conversation: history, live stream (through the tab's chat hub), outbox-backed composer. Lazy-loaded. */
export default function ChatPanel({ token }: { token: string }) {
  const t = useT();
  const format = useFormat();
  const hub = useChatHub();
  useChatHubVersion();
  const conversation = useConversation(token);
  const timeline = useTimeline(token);
  const loadOlder = useLoadOlder(token);
  const markRead = useMarkRead(token);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [lastReadAtOpen, setLastReadAtOpen] = useState<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const lastMarked = useRef(0);
  const me = hub?.userId ?? '';

  const historyLoaded = timeline.data?.historyLoaded ?? false;
  const newestId = timeline.data?.newestId ?? 0;

  // The "new messages" divider stays where it was when the chat opened.
  if (lastReadAtOpen === null && conversation.data) setLastReadAtOpen(conversation.data.lastReadMessage);

  const newestIdRef = useRef(newestId);
  useEffect(() => {
    newestIdRef.current = newestId;
  }, [newestId]);

  // Tell the hub we show this conversation once the history is in: the leader streams newer messages.
  useEffect(() => {
    if (!hub || !historyLoaded) return;
    return hub.watch(token, newestIdRef.current);
  }, [hub, token, historyLoaded]);

  const messages = useMemo(() => (timeline.data?.messages ?? []).filter(isShown), [timeline.data]);
  const rows = useMemo(() => toRows(messages, lastReadAtOpen, me), [messages, lastReadAtOpen, me]);
  const announcers = useAnnouncers(token, messages);
  // An item whose copy already came back on the stream is delivered: the leader's reconciliation removes it.
  const delivered = useMemo(() => new Set((timeline.data?.messages ?? []).map((m) => m.referenceId).filter(Boolean)), [timeline.data]);
  const pending = hub ? hub.outbox.forToken(token).filter((item) => !delivered.has(item.referenceId)) : [];

  // Read marker: the newest message is on screen in a visible tab.
  useEffect(() => {
    const newest = messages.at(-1)?.id ?? 0;
    if (newest <= lastMarked.current || newest <= (conversation.data?.lastReadMessage ?? 0)) return;
    if (document.visibilityState === 'hidden') return;
    const timer = setTimeout(() => {
      lastMarked.current = newest;
      // Through the hub: with several tabs visible, Talk still gets one read marker.
      if (hub) hub.markRead(token, newest);
      else markRead.mutate(newest);
    }, 800);
    return () => clearTimeout(timer);
  }, [messages, conversation.data?.lastReadMessage, markRead, hub, token]);

  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [rows.length, pending.length]);

  const room = conversation.data;
  const canModerate = room ? isModeratorType(room.participantType) : false;
  const canChat = room ? room.readOnly === 0 && (room.permissions & PERMISSION_CHAT) !== 0 : false;
  const status = hub?.connectionStatus() ?? 'ok';

  // A failed refresh keeps what was loaded (e.g. offline, restored from the device): only nothing at all is an error.
  if ((timeline.isError && timeline.data === undefined) || (conversation.isError && conversation.data === undefined)) {
    return <Alert>{t('chat.loadFailed')}</Alert>;
  }

  return (
    <section aria-label={room ? t('chat.panelLabel', { name: room.displayName }) : t('chat.title')} className="flex h-[70dvh] min-h-96 flex-col">
      {status !== 'ok' && (
        <div className="mb-2">
          <Alert tone="info">{status === 'busy' ? t('chat.status.busy') : t('chat.status.offline')}</Alert>
        </div>
      )}
      {/* The log scrolls: keyboard users need to focus it to scroll (WCAG 2.1.1, axe scrollable-region-focusable). */}
      <div
        ref={listRef}
        role="log"
        aria-label={t('chat.messages')}
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        className="flex-1 overflow-y-auto pr-1"
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {!historyLoaded && <p>{t('common.loading')}</p>}
        {historyLoaded && timeline.data?.hasMoreHistory && (
          <div className="flex justify-center">
            <Button
              variant="secondary"
              disabled={loadingOlder}
              onClick={() => {
                setLoadingOlder(true);
                stickToBottom.current = false;
                void loadOlder().finally(() => setLoadingOlder(false));
              }}
            >
              {t('chat.loadOlder')}
            </Button>
          </div>
        )}
        {rows.map((row) => (
          <div key={row.message.id}>
            {row.newDay && (
              <p className="my-3 text-center text-sm font-semibold text-slate-700 dark:text-slate-300" role="separator" aria-label={format.date(row.message.timestamp * 1000, DAY)}>
                {format.date(row.message.timestamp * 1000, DAY)}
              </p>
            )}
            {row.firstUnread && (
              <p className="my-2 border-t-2 border-red-700 text-center text-sm font-semibold text-red-800 dark:border-red-400 dark:text-red-200" role="separator" aria-label={t('chat.newMessages')}>
                {t('chat.newMessages')}
              </p>
            )}
            <MessageItem
              message={row.message}
              me={me}
              canModerate={canModerate}
              canChat={canChat}
              continued={row.continued}
              lastCommonRead={timeline.data?.lastCommonRead ?? null}
              announcers={announcers}
              onReply={setReplyTo}
            />
          </div>
        ))}
        {pending.map((item) => (
          <article key={item.localId} className="mt-3 rounded-lg px-2 py-1 opacity-80" aria-label={t('chat.pending.label')} data-pending={item.state}>
            <p className="whitespace-pre-wrap [overflow-wrap:anywhere]" dir="auto">
              {item.message}
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
        ))}
      </div>
      {room && room.lobbyState !== 0 && !canModerate ? (
        <Alert tone="info">{t('chat.lobby')}</Alert>
      ) : canChat ? (
        <Composer
          token={token}
          canModerate={canModerate}
          maxLength={MAX_LENGTH}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSend={(text) => {
            stickToBottom.current = true;
            void hub?.enqueue({ token, message: text, replyTo: replyTo?.id, afterId: newestIdRef.current });
            setReplyTo(null);
          }}
        />
      ) : (
        room && <p className="text-sm">{t('chat.readOnly')}</p>
      )}
    </section>
  );
}
