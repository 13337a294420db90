import { useMemo, useRef, useState, type ReactNode } from 'react';
import { isModeratorType, PERMISSION_CHAT, type Conversation } from '../../../api/talk/chat-conversations';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useConversation } from '../api/get-conversations';
import { useAnnouncers } from '../api/get-participants';
import { useLoadOlder, useTimeline } from '../api/get-timeline';
import { collapseSystemRuns, toRows, type TimelineEntry } from '../lib/grouping';
import { isShown } from '../lib/timeline';
import { useChatHub, useChatHubVersion, whenChatHub } from '../lib/use-chat-hub';
import { Composer } from './composer';
import type { MessageItemProps } from './message-item';
import { MessageRow, PendingMessage } from './message-row';
import { SystemRun } from './system-run';
import { useReadMarker, useStickToBottom, useWatchConversation } from './use-conversation-sync';

const MAX_LENGTH = 32_000;

/** A conversation: history, live stream (through the tab's chat hub), outbox-backed composer. Lazy-loaded. */
export default function ChatPanel({ token }: { token: string }) {
  const t = useT();
  const hub = useChatHub();
  useChatHubVersion();
  const conversation = useConversation(token);
  const timeline = useTimeline(token);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [lastReadAtOpen, setLastReadAtOpen] = useState<number | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const me = hub?.userId ?? '';

  const historyLoaded = timeline.data?.historyLoaded ?? false;

  // The "new messages" divider stays where it was when the chat opened.
  if (lastReadAtOpen === null && conversation.data) setLastReadAtOpen(conversation.data.lastReadMessage);

  const newestIdRef = useWatchConversation(hub, token, historyLoaded, timeline.data?.newestId ?? 0);

  const messages = useMemo(() => (timeline.data?.messages ?? []).filter(isShown), [timeline.data]);
  const rows = useMemo(() => toRows(messages, lastReadAtOpen, me), [messages, lastReadAtOpen, me]);
  const entries = useMemo(() => collapseSystemRuns(rows), [rows]);
  const announcers = useAnnouncers(token, messages);
  // An item whose copy already came back on the stream is delivered: the leader's reconciliation removes it.
  const delivered = useMemo(() => new Set((timeline.data?.messages ?? []).map((m) => m.referenceId).filter(Boolean)), [timeline.data]);
  const pending = hub ? hub.outbox.forToken(token).filter((item) => !delivered.has(item.referenceId)) : [];

  useReadMarker(hub, token, messages, conversation.data?.lastReadMessage);

  const scroll = useStickToBottom(listRef, rows.length, pending.length);

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
      {status !== 'ok' && <StatusAlert busy={status === 'busy'} />}
      {/* The log scrolls: keyboard users need to focus it to scroll (WCAG 2.1.1, axe scrollable-region-focusable). */}
      <div
        ref={listRef}
        role="log"
        aria-label={t('chat.messages')}
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        className="flex-1 overflow-y-auto pr-1"
        onScroll={scroll.onScroll}
      >
        {!historyLoaded && <p>{t('common.loading')}</p>}
        {historyLoaded && timeline.data?.hasMoreHistory && (
          <LoadOlderButton token={token} onStart={() => scroll.setStick(false)} />
        )}
        {entries.map((entry) => (
          <Entry
            key={entry.kind === 'system-run' ? `run-${String(entry.messages[0]?.id)}` : entry.row.message.id}
            entry={entry}
            me={me}
            canModerate={canModerate}
            canChat={canChat}
            lastCommonRead={timeline.data?.lastCommonRead ?? null}
            announcers={announcers}
            onReply={setReplyTo}
          />
        ))}
        {pending.map((item) => (
          <PendingMessage key={item.localId} item={item} hub={hub} />
        ))}
      </div>
      <ChatFooter room={room} canModerate={canModerate} canChat={canChat}>
        <Composer
          token={token}
          canModerate={canModerate}
          maxLength={MAX_LENGTH}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSend={(text, shown) => {
            scroll.setStick(true);
            const item = { token, message: text, shown, replyTo: replyTo?.id, afterId: newestIdRef.current };
            void whenChatHub().then((ready) => ready.enqueue(item));
            setReplyTo(null);
          }}
        />
      </ChatFooter>
    </section>
  );
}

/** One entry of the timeline: a message with its separators, or a folded run of system messages. */
function Entry({ entry, ...context }: Omit<MessageItemProps, 'message' | 'continued'> & { entry: TimelineEntry }) {
  if (entry.kind === 'system-run') return <SystemRun messages={entry.messages} newDay={entry.newDay} />;
  return <MessageRow row={entry.row} {...context} />;
}

function LoadOlderButton({ token, onStart }: { token: string; onStart: () => void }) {
  const t = useT();
  const loadOlder = useLoadOlder(token);
  const [loadingOlder, setLoadingOlder] = useState(false);
  return (
    <div className="flex justify-center">
      <Button
        variant="secondary"
        disabled={loadingOlder}
        onClick={() => {
          setLoadingOlder(true);
          onStart();
          void loadOlder().finally(() => setLoadingOlder(false));
        }}
      >
        {t('chat.loadOlder')}
      </Button>
    </div>
  );
}

function StatusAlert({ busy }: { busy: boolean }) {
  const t = useT();
  return (
    <div className="mb-2">
      <Alert tone="info">{busy ? t('chat.status.busy') : t('chat.status.offline')}</Alert>
    </div>
  );
}

/** Below the log: the composer (children) when the user may write, else why not (lobby, read-only). */
function ChatFooter({ room, canModerate, canChat, children }: { room: Conversation | undefined; canModerate: boolean; canChat: boolean; children: ReactNode }) {
  const t = useT();
  if (room && room.lobbyState !== 0 && !canModerate) return <Alert tone="info">{t('chat.lobby')}</Alert>;
  if (canChat) return children;
  return room && <p className="text-sm">{t('chat.readOnly')}</p>;
}
