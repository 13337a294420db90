import { isAbortError } from '../../../api/api-error';
import { listConversations } from '../../../api/talk/chat-conversations';
import { receiveMessages, sendMessage, type ChatMessage } from '../../../api/talk/chat-messages';
import { getPollIntervalSeconds, listNotifications, type AppNotification } from '../../../api/notifications/notifications';
import { backoffDelayMs, isServerBusy, sleep } from '../../../lib/backoff';
import type { ConnectionStatus, TabInterests, Wire } from './chat-wire';
import { deliver, headsByToken, type Outbox, type OutboxItem } from './outbox';
import type { LiveChatSource } from './signaling-wake';
import { pause, pauseUntil } from './wake-up';

/**
 * The leader tab's loops: one long-poll per watched conversation, the outbox delivery, the notifications
 * poll and the conversation-list refresh. Each pauses through `pauseUntil` and can be woken by the hub.
 */

const LONG_POLL_SECONDS = 30;
const PAGE = 100;
/** With chat events over signaling: a fetch at least this often all the same (an event lost in a reconnect). */
const SAFETY_POLL_MS = 5 * 60_000;
/** How often the leader refreshes the conversation list (unread badges) while a visible tab shows it. */
export const CONVERSATIONS_INTERVAL_MS = 60_000;

/** Where a loop keeps the function that wakes it (set while it pauses). */
export interface Wakers {
  outbox: (() => void) | null;
  visible: Set<() => void>;
  notifications: (() => void) | null;
  conversations: ((now: boolean) => void) | null;
  live: (() => void) | null;
  presence: (() => void) | null;
}

export interface LeaderHost {
  readonly userId: string;
  readonly outbox: Outbox;
  readonly tabs: TabInterests;
  readonly wakers: Wakers;
  /** When any tab last fetched the conversation list. */
  conversationsAt: number;
  /** Sets the connection status here and in every tab. */
  setStatus(status: ConnectionStatus): void;
  /** Sends to every other tab and handles it in this one. */
  broadcast(message: Wire): void;
  /** Chat events over the HPB's signaling socket, where there is one (signaling-wake.ts). */
  readonly liveChat?: LiveChatSource | null;
  /** core.pollinterval (seconds) as the session answer brought it; undefined: ask Nextcloud. */
  readonly pollIntervalSeconds?: number | undefined;
}

export interface PollCursor {
  controller: AbortController;
  cursor: number;
}

/** Read through a call: TypeScript would otherwise narrow `signal.aborted` to false across awaits. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function statusOf(error: unknown): ConnectionStatus {
  return isServerBusy(error) ? 'busy' : 'offline';
}

/** One conversation's long-poll: streams new messages to every tab; pauses while every tab is hidden. */
export async function runLongPoll(host: LeaderHost, token: string, poll: PollCursor): Promise<void> {
  const { signal } = poll.controller;
  let attempt = 0;
  while (!signal.aborted) {
    try {
      if (!host.tabs.anyVisible()) {
        // Every tab hidden: no polling; a tab that shows itself again wakes us and we catch up.
        await pause(signal, null, (wake) => {
          host.wakers.visible.add(wake);
        });
        if (isAborted(signal)) return;
      }
      const live = host.liveChat;
      if (live?.covers(token)) {
        // The signaling server says when the chat changed: fetch then (and at least every 5 min), no long-poll.
        const woke = await live.next(token, signal, SAFETY_POLL_MS);
        if (isAborted(signal)) return;
        // A full page: there is more (a long absence); fetch on until the end.
        if (woke !== 'down') while ((await pollOnce(host, token, poll, 0)) === PAGE) attempt = 0;
      } else await pollOnce(host, token, poll, LONG_POLL_SECONDS);
      attempt = 0;
    } catch (error) {
      if (isAborted(signal) || isAbortError(error)) return;
      attempt++;
      host.setStatus(statusOf(error));
      try {
        await sleep(backoffDelayMs(attempt, error), signal);
      } catch {
        return; // aborted while waiting
      }
    }
  }
}

/** One request (waiting up to `timeout` s for news); how many messages it brought. */
async function pollOnce(host: LeaderHost, token: string, poll: PollCursor, timeout: number): Promise<number> {
  // A watchdog: after a laptop sleep a long-poll can hang on a dead connection; give up and ask again.
  const signal = AbortSignal.any([poll.controller.signal, AbortSignal.timeout((LONG_POLL_SECONDS + 15) * 1000)]);
  const batch = await receiveMessages(
    { token, lookIntoFuture: true, lastKnownMessageId: poll.cursor, timeout, limit: PAGE },
    { signal },
  );
  host.setStatus('ok');
  if (batch.messages.length === 0) return 0;
  poll.cursor = Math.max(poll.cursor, batch.lastGiven ?? 0, ...batch.messages.map((m) => m.id));
  host.broadcast({ t: 'messages', token, messages: batch.messages, lastCommonRead: batch.lastCommonRead });
  // The bell need not wait for the next notifications poll.
  if (batch.messages.some((m) => mentionsUser(m, host.userId))) host.wakers.notifications?.();
  return batch.messages.length;
}

/** Delivers the outbox, one head per conversation at a time, backing off while the server fails. */
export async function runOutbox(host: LeaderHost, signal: AbortSignal): Promise<void> {
  await host.outbox.recoverInterrupted();
  let attempt = 0;
  while (!signal.aborted) {
    const heads = headsByToken(host.outbox.list());
    if (heads.length === 0) {
      await pause(signal, null, (wake) => {
        host.wakers.outbox = wake;
      });
      continue;
    }
    const retryError = await deliverHeads(host, heads, signal);
    if (isAborted(signal)) return;
    if (retryError === null) {
      attempt = 0;
      continue;
    }
    attempt++;
    host.setStatus(statusOf(retryError));
    // A reconnect noticed elsewhere (a long-poll came back) does not shorten the pause: never hammer.
    await pause(signal, backoffDelayMs(attempt, retryError));
  }
}

/** The error to back off for, or null when every head was delivered or finally failed. */
async function deliverHeads(host: LeaderHost, heads: OutboxItem[], signal: AbortSignal): Promise<unknown> {
  let retryError: unknown = null;
  for (const item of heads) {
    try {
      const result = await deliver(
        host.outbox,
        item,
        {
          send: (i, s) => sendMessage({ token: i.token, message: i.message, referenceId: i.referenceId, replyTo: i.replyTo }, { signal: s }),
          findByReference: (i, s) => findByReference(host.userId, i, s),
          delivered: (i, message) => {
            host.broadcast({ t: 'delivered', item: i, message });
          },
        },
        signal,
      );
      if (result.outcome === 'retry') retryError = result.error;
    } catch (error) {
      if (isAborted(signal)) return null;
      retryError = error;
    }
  }
  return retryError;
}

/** Pages forward from the item's afterId (no waiting: timeout 0) looking for its referenceId. */
async function findByReference(userId: string, item: OutboxItem, signal: AbortSignal): Promise<ChatMessage | null> {
  let cursor = item.afterId;
  for (let page = 0; page < 50; page++) {
    const batch = await receiveMessages({ token: item.token, lookIntoFuture: true, lastKnownMessageId: cursor, timeout: 0, limit: 200 }, { signal });
    if (batch.messages.length === 0) return null;
    const found = batch.messages.find((m) => m.referenceId === item.referenceId && m.actorId === userId);
    if (found) return found;
    cursor = Math.max(cursor, ...batch.messages.map((m) => m.id));
  }
  return null;
}

/**
 * While a visible tab shows unread badges (the home page, the chat list), notifications are polled every 30 s as
 * Nextcloud's own notifications client does (with ETag: mostly a 304), so a mention reaches the bell within
 * 35 s (issue 17: 44 s at core.pollinterval). Otherwise at the server's core.pollinterval (60 s by default, at
 * least 15 s): a tab showing a class chat gets that chat's mentions from its long-poll, which wakes this loop.
 */
export const NOTIFICATIONS_INTERVAL_MS = 30_000;

async function serverInterval(host: LeaderHost, signal: AbortSignal): Promise<number> {
  try {
    return Math.max(15, host.pollIntervalSeconds ?? (await getPollIntervalSeconds({}, { signal }))) * 1000;
  } catch (error) {
    if (!signal.aborted) console.debug('capabilities unavailable, polling notifications every 60 s', error);
    return 60_000;
  }
}

/** How much older than the hub a chat notification may be to count as "written while the page loaded" (the
 * page's room list came a moment before the hub, and the server's clock is not the tablet's). */
const FIRST_LOOK_MARGIN_MS = 60_000;

function chatNewerThan(list: readonly AppNotification[], sinceMs: number): boolean {
  return list.some((n) => n.app === 'spreed' && Date.parse(n.datetime) >= sinceMs);
}

/** Polls the notifications (with ETag) while a tab is visible; faster while a tab shows unread badges. */
export async function runNotifications(host: LeaderHost, signal: AbortSignal): Promise<void> {
  const serverMs = await serverInterval(host, signal);
  let etag: string | null = null;
  let attempt = 0;
  while (!signal.aborted) {
    const intervalMs = host.tabs.listWanted() ? Math.min(serverMs, NOTIFICATIONS_INTERVAL_MS) : serverMs;
    let waitMs = intervalMs;
    try {
      if (host.tabs.anyVisible()) {
        const known = etag !== null;
        const result = await listNotifications({ etag }, { signal });
        etag = result.etag;
        if (result.changed) {
          host.broadcast({ t: 'notifications', list: result.notifications });
          // Something happened since the last look (a mention, a share): unread badges have probably changed
          // too. On the first look only for a chat notification written about when the page loaded its rooms
          // (a mention in between would show in the bell but not on the class card for a minute).
          if (known || chatNewerThan(result.notifications, host.conversationsAt - FIRST_LOOK_MARGIN_MS)) host.wakers.conversations?.(true);
        }
        attempt = 0;
      }
    } catch (error) {
      if (isAborted(signal)) return;
      attempt++;
      waitMs = Math.max(intervalMs, backoffDelayMs(attempt, error));
    }
    const refresh = await pauseUntil(signal, waitMs, false, (wake) => {
      host.wakers.notifications = () => wake(true);
    });
    if (refresh) etag = null;
  }
}

/** A message that mentions the user (by name, or everyone): Talk has just written a notification for it. */
export function mentionsUser(message: ChatMessage, userId: string): boolean {
  if (message.actorType === 'users' && message.actorId === userId) return false;
  return Object.values(message.messageParameters).some((p) => (p.type === 'user' && p.id === userId) || p.type === 'call');
}

/** Refreshes the conversation list every CONVERSATIONS_INTERVAL_MS while a visible tab shows it. */
export async function runConversations(host: LeaderHost, signal: AbortSignal): Promise<void> {
  let attempt = 0;
  let now = false;
  while (!signal.aborted) {
    const wanted = host.tabs.listWanted();
    const due = host.conversationsAt + CONVERSATIONS_INTERVAL_MS;
    if (wanted && (now || Date.now() >= due)) {
      now = false;
      try {
        const list = await listConversations({}, { signal });
        attempt = 0;
        host.conversationsAt = Date.now();
        host.broadcast({ t: 'conversations', list });
      } catch (error) {
        if (isAborted(signal)) return;
        attempt++;
        // Not urgent (the long-poll shows the connection banner): try again after the backoff, at least 15 s.
        host.conversationsAt = Date.now() - CONVERSATIONS_INTERVAL_MS + Math.max(backoffDelayMs(attempt, error), CONVERSATIONS_INTERVAL_MS / 4);
      }
      continue;
    }
    // Nobody shows the list (or every tab is hidden): sleep until a tab says otherwise.
    now = await pauseUntil(signal, wanted ? due - Date.now() : null, false, (wake) => {
      host.wakers.conversations = (value) => {
        host.wakers.conversations = null;
        wake(value);
      };
    });
  }
}
