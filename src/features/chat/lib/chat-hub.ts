import { isAbortError } from '../../../api/api-error';
import { receiveMessages, sendMessage, setReadMarker, type ChatMessage } from '../../../api/talk/chat-messages';
import { listConversations, type Conversation } from '../../../api/talk/chat-conversations';
import { getPollIntervalSeconds, listNotifications, type AppNotification } from '../../../api/notifications/notifications';
import { backoffDelayMs, isServerBusy, sleep } from '../../../lib/backoff';
import { browserLocks, electLeader, type LeaderElection, type LockRequester } from '../../../lib/leader-election';
import { browserMutex, deliver, headsByToken, localOutboxStorage, Outbox, outboxKey, type OutboxItem } from './outbox';

/**
 * One chat engine per tab; one of them (the leader, by Web Locks) talks to the server for all tabs of
 * this user: one long-poll per watched conversation, the outbox, the notifications poll. The others get
 * everything over a BroadcastChannel. Leadership moves to another tab at once when the leader's closes.
 * The conversation list too: the leader refreshes it on a timer while a visible tab shows it and sends it
 * to every tab; a tab fetches it itself only on a user action (opening the list, marking read).
 */

export type ConnectionStatus = 'ok' | 'busy' | 'offline';

type Wire =
  | { t: 'hello'; from: string }
  | { t: 'interest'; from: string; tokens: Record<string, number>; visible: boolean; lists: boolean }
  | { t: 'bye'; from: string }
  | { t: 'messages'; token: string; messages: ChatMessage[]; lastCommonRead: number | null }
  | { t: 'status'; status: ConnectionStatus }
  | { t: 'outbox' }
  | { t: 'delivered'; item: OutboxItem; message: ChatMessage }
  | { t: 'notifications'; list: AppNotification[] }
  | { t: 'notifications-refresh' }
  | { t: 'conversations'; list: Conversation[] }
  | { t: 'read'; token: string; id: number };

export interface ChatHubEvents {
  messages(token: string, messages: ChatMessage[], lastCommonRead: number | null): void;
  status(status: ConnectionStatus): void;
  outboxChanged(): void;
  notifications(list: AppNotification[]): void;
  /** A fresh conversation list, fetched by the leader (or by another tab on a user action). */
  conversations(list: Conversation[]): void;
}

export interface ChatHubOptions {
  /** Web Locks for the leader election (a fake in tests); null: every tab leads. */
  locks?: LockRequester | null;
}

interface TabInterest {
  tokens: Record<string, number>;
  visible: boolean;
  lists: boolean;
  seen: number;
}

const LONG_POLL_SECONDS = 30;
const INTEREST_HEARTBEAT_MS = 15_000;
const INTEREST_EXPIRY_MS = 45_000;
const PAGE = 100;
/** How often the leader refreshes the conversation list (unread badges) while a visible tab shows it. */
export const CONVERSATIONS_INTERVAL_MS = 60_000;

/** Read through a call: TypeScript would otherwise narrow `signal.aborted` to false across awaits. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

function isVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

export class ChatHub {
  readonly tabId = `tab-${Math.random().toString(36).slice(2)}`;
  readonly outbox: Outbox;
  private readonly channel: BroadcastChannel;
  private election: LeaderElection | null = null;
  private leader = false;
  private readonly watched = new Map<string, { count: number; lastKnown: number }>();
  private readonly interests = new Map<string, TabInterest>();
  private readonly polls = new Map<string, { controller: AbortController; cursor: number }>();
  private leaderAbort: AbortController | null = null;
  private wakeOutbox: (() => void) | null = null;
  private readonly wakeVisible = new Set<() => void>();
  private wakeNotifications: (() => void) | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private status: ConnectionStatus = 'ok';
  private notificationsEtag: string | null = null;
  private listViewers = 0;
  /** When any tab last fetched the conversation list: a tab that just opened the list fetched it itself. */
  private conversationsAt = Date.now();
  private wakeConversations: ((now: boolean) => void) | null = null;
  /** Leader: the read marker it last set per conversation (every visible tab asks; Talk hears it once). */
  private readonly readSent = new Map<string, number>();

  constructor(
    readonly userId: string,
    private readonly events: ChatHubEvents,
    private readonly options: ChatHubOptions = {},
  ) {
    this.channel = new BroadcastChannel(`klassenraum-chat:${userId}`);
    this.outbox = new Outbox(localOutboxStorage(outboxKey(userId)), browserMutex(`klassenraum:${userId}:outbox`), () => {
      this.events.outboxChanged();
    });
  }

  start(): void {
    this.channel.onmessage = (event: MessageEvent<Wire>) => {
      this.receive(event.data);
    };
    this.election = electLeader(
      `klassenraum:${this.userId}:chat-leader`,
      (leader) => {
        this.setLeader(leader);
      },
      this.options.locks === undefined ? browserLocks() : this.options.locks,
    );
    document.addEventListener('visibilitychange', this.onVisibility);
    window.addEventListener('pagehide', this.onPageHide);
    window.addEventListener('storage', this.onStorage);
    this.heartbeat = setInterval(() => {
      this.announce();
    }, INTEREST_HEARTBEAT_MS);
    this.announce();
  }

  stop(): void {
    this.post({ t: 'bye', from: this.tabId });
    this.election?.stop();
    this.setLeader(false);
    if (this.heartbeat) clearInterval(this.heartbeat);
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('storage', this.onStorage);
    this.channel.close();
  }

  isLeader(): boolean {
    return this.leader;
  }

  connectionStatus(): ConnectionStatus {
    return this.status;
  }

  /** This tab shows `token` and knows messages up to `lastKnown`: the leader streams newer ones to every tab. */
  watch(token: string, lastKnown: number): () => void {
    const entry = this.watched.get(token) ?? { count: 0, lastKnown };
    entry.count++;
    entry.lastKnown = Math.max(entry.lastKnown, lastKnown);
    this.watched.set(token, entry);
    this.announce();
    return () => {
      entry.count--;
      if (entry.count <= 0) this.watched.delete(token);
      this.announce();
    };
  }

  /** This tab shows the conversation list: while it (or another tab's) is visible, the leader keeps it fresh. */
  watchConversationList(): () => void {
    this.listViewers++;
    this.announce();
    return () => {
      this.listViewers--;
      this.announce();
    };
  }

  /** This tab fetched the conversation list itself (a user action): the other tabs take it, the leader's timer restarts. */
  shareConversations(list: Conversation[]): void {
    this.conversationsAt = Date.now();
    this.post({ t: 'conversations', list });
    this.wakeConversations?.(false);
  }

  /** A visible tab showed messages of `token` up to `id`: the leader moves Talk's read marker, once for all tabs. */
  markRead(token: string, id: number): void {
    if (this.leader) this.sendReadMarker(token, id);
    else this.post({ t: 'read', token, id });
  }

  /** Writes a message into the outbox; the leader delivers it. */
  async enqueue(input: { token: string; message: string; replyTo?: number | undefined; afterId: number }): Promise<OutboxItem> {
    const item = await this.outbox.add(input);
    this.post({ t: 'outbox' });
    this.wakeOutbox?.();
    return item;
  }

  async retryFailed(localId: string): Promise<void> {
    await this.outbox.update(localId, { state: 'queued', errorKind: undefined });
    this.post({ t: 'outbox' });
    this.wakeOutbox?.();
  }

  refreshNotifications(): void {
    if (this.leader) this.wakeNotifications?.();
    else this.post({ t: 'notifications-refresh' });
  }

  // ---- wire ----

  private post(message: Wire): void {
    try {
      this.channel.postMessage(message);
    } catch (error) {
      // Closed channel (tab shutting down): the other tabs learn through the lock instead.
      console.debug('chat channel closed', error);
    }
  }

  private announce(): void {
    const tokens = Object.fromEntries([...this.watched].map(([token, w]) => [token, w.lastKnown]));
    const interest: Wire = { t: 'interest', from: this.tabId, tokens, visible: isVisible(), lists: this.listViewers > 0 };
    this.post(interest);
    this.receive(interest); // the leader counts its own tab too
  }

  private receive(message: Wire): void {
    switch (message.t) {
      case 'hello':
        this.announce();
        return;
      case 'interest': {
        const before = this.interests.get(message.from);
        // A tab that opens the list, or shows it again, refreshes it itself when stale (React Query's mount
        // and focus refetch): the timer restarts instead of fetching the same list twice.
        if (message.lists && message.visible && !(before?.lists === true && before.visible)) this.conversationsAt = Date.now();
        this.interests.set(message.from, { tokens: message.tokens, visible: message.visible, lists: message.lists, seen: Date.now() });
        if (this.leader) this.reconcilePolls(message.tokens);
        this.wakeConversations?.(false);
        if (message.visible) {
          for (const wake of [...this.wakeVisible]) wake();
          this.wakeVisible.clear();
        }
        return;
      }
      case 'bye':
        this.interests.delete(message.from);
        if (this.leader) this.reconcilePolls({});
        return;
      case 'messages':
        this.noteKnown(message.token, message.messages);
        this.events.messages(message.token, message.messages, message.lastCommonRead);
        return;
      case 'status':
        this.setStatus(message.status, false);
        return;
      case 'outbox':
        this.wakeOutbox?.();
        return;
      case 'delivered':
        this.noteKnown(message.message.token, [message.message]);
        this.events.messages(message.message.token, [message.message], null);
        this.events.outboxChanged();
        return;
      case 'notifications':
        this.events.notifications(message.list);
        return;
      case 'notifications-refresh':
        if (this.leader) this.wakeNotifications?.();
        return;
      case 'read':
        if (this.leader) this.sendReadMarker(message.token, message.id);
        return;
      case 'conversations':
        this.conversationsAt = Date.now();
        this.events.conversations(message.list);
        this.wakeConversations?.(false);
        return;
    }
  }

  private noteKnown(token: string, messages: ChatMessage[]): void {
    const entry = this.watched.get(token);
    if (!entry) return;
    for (const m of messages) entry.lastKnown = Math.max(entry.lastKnown, m.id);
  }

  private readonly onVisibility = () => {
    this.announce();
  };

  private readonly onPageHide = () => {
    this.post({ t: 'bye', from: this.tabId });
  };

  private readonly onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith('klassenraum.chat.outbox.')) this.events.outboxChanged();
  };

  private setStatus(status: ConnectionStatus, broadcast: boolean): void {
    if (this.status === status) return;
    this.status = status;
    this.events.status(status);
    if (broadcast) this.post({ t: 'status', status });
  }

  private publish(token: string, messages: ChatMessage[], lastCommonRead: number | null): void {
    const wire: Wire = { t: 'messages', token, messages, lastCommonRead };
    this.post(wire);
    this.receive(wire);
  }

  // ---- leader ----

  private setLeader(leader: boolean): void {
    if (this.leader === leader) return;
    this.leader = leader;
    if (!leader) {
      this.leaderAbort?.abort();
      this.leaderAbort = null;
      for (const poll of this.polls.values()) poll.controller.abort();
      this.polls.clear();
      return;
    }
    this.leaderAbort = new AbortController();
    const signal = this.leaderAbort.signal;
    this.post({ t: 'hello', from: this.tabId });
    this.announce();
    void this.runOutbox(signal);
    void this.runNotifications(signal);
    void this.runConversations(signal);
  }

  private sendReadMarker(token: string, id: number): void {
    if ((this.readSent.get(token) ?? 0) >= id) return;
    this.readSent.set(token, id);
    setReadMarker({ token, lastReadMessage: id }).then(
      // Unread badges changed: the list refreshes now (if a tab shows it) instead of within the minute.
      () => this.wakeConversations?.(true),
      (error: unknown) => {
        if (this.readSent.get(token) === id) this.readSent.delete(token);
        console.debug('read marker not set; the next message a tab shows sets it', error);
      },
    );
  }

  /** Union of every live tab's wanted conversations, each with the lowest cursor any tab needs. */
  private wanted(): Map<string, number> {
    const now = Date.now();
    const result = new Map<string, number>();
    for (const [tab, interest] of this.interests) {
      if (tab !== this.tabId && now - interest.seen > INTEREST_EXPIRY_MS) {
        this.interests.delete(tab);
        continue;
      }
      for (const [token, lastKnown] of Object.entries(interest.tokens)) {
        const current = result.get(token);
        result.set(token, current === undefined ? lastKnown : Math.min(current, lastKnown));
      }
    }
    return result;
  }

  /** A live, visible tab shows the conversation list. */
  private listWanted(): boolean {
    this.wanted(); // drops tabs that stopped announcing themselves
    return [...this.interests.values()].some((i) => i.lists && i.visible);
  }

  private anyTabVisible(): boolean {
    return [...this.interests.values()].some((i) => i.visible) || isVisible();
  }

  private reconcilePolls(announced: Record<string, number>): void {
    const wanted = this.wanted();
    for (const [token, poll] of this.polls) {
      if (!wanted.has(token)) {
        poll.controller.abort();
        this.polls.delete(token);
      }
    }
    for (const [token, lastKnown] of wanted) {
      const poll = this.polls.get(token);
      if (!poll) {
        this.startPoll(token, lastKnown);
        continue;
      }
      // A tab that knows less than the stream's cursor joined: go back so it gets what it missed.
      const announcedKnown = announced[token];
      if (announcedKnown !== undefined && announcedKnown < poll.cursor) {
        poll.controller.abort();
        this.polls.delete(token);
        this.startPoll(token, announcedKnown);
      }
    }
  }

  private startPoll(token: string, cursor: number): void {
    const controller = new AbortController();
    const poll = { controller, cursor };
    this.polls.set(token, poll);
    void this.pollLoop(token, poll);
  }

  private async pollLoop(token: string, poll: { controller: AbortController; cursor: number }): Promise<void> {
    const { signal } = poll.controller;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        if (!this.anyTabVisible()) {
          // Every tab hidden: no polling; a tab that shows itself again wakes us and we catch up.
          await new Promise<void>((resolve) => {
            this.wakeVisible.add(resolve);
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
          if (isAborted(signal)) return;
        }
        // A watchdog: after a laptop sleep a long-poll can hang on a dead connection; give up and ask again.
        const requestSignal = AbortSignal.any([signal, AbortSignal.timeout((LONG_POLL_SECONDS + 15) * 1000)]);
        const batch = await receiveMessages(
          { token, lookIntoFuture: true, lastKnownMessageId: poll.cursor, timeout: LONG_POLL_SECONDS, limit: PAGE },
          { signal: requestSignal },
        );
        attempt = 0;
        this.setStatus('ok', true);
        if (batch.messages.length > 0) {
          poll.cursor = Math.max(poll.cursor, batch.lastGiven ?? 0, ...batch.messages.map((m) => m.id));
          this.publish(token, batch.messages, batch.lastCommonRead);
        }
      } catch (error) {
        if (isAborted(signal) || isAbortError(error)) return;
        attempt++;
        this.setStatus(isServerBusy(error) ? 'busy' : 'offline', true);
        try {
          await sleep(backoffDelayMs(attempt, error), signal);
        } catch {
          return; // aborted while waiting
        }
      }
    }
  }

  private async runOutbox(signal: AbortSignal): Promise<void> {
    await this.outbox.recoverInterrupted();
    let attempt = 0;
    while (!signal.aborted) {
      const heads = headsByToken(this.outbox.list());
      if (heads.length === 0) {
        await new Promise<void>((resolve) => {
          this.wakeOutbox = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        continue;
      }
      let retryError: unknown = null;
      for (const item of heads) {
        try {
          const result = await deliver(
            this.outbox,
            item,
            {
              send: (i, s) => sendMessage({ token: i.token, message: i.message, referenceId: i.referenceId, replyTo: i.replyTo }, { signal: s }),
              findByReference: (i, s) => this.findByReference(i, s),
              delivered: (i, message) => {
                const wire: Wire = { t: 'delivered', item: i, message };
                this.post(wire);
                this.receive(wire);
              },
            },
            signal,
          );
          if (result.outcome === 'retry') retryError = result.error;
        } catch (error) {
          if (isAborted(signal)) return;
          retryError = error;
        }
      }
      if (retryError === null) {
        attempt = 0;
        continue;
      }
      attempt++;
      this.setStatus(isServerBusy(retryError) ? 'busy' : 'offline', true);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoffDelayMs(attempt, retryError));
        // A reconnect noticed elsewhere (a long-poll came back) does not shorten the pause: never hammer.
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        }, { once: true });
      });
    }
  }

  /** Pages forward from the item's afterId (no waiting: timeout 0) looking for its referenceId. */
  private async findByReference(item: OutboxItem, signal: AbortSignal): Promise<ChatMessage | null> {
    let cursor = item.afterId;
    for (let page = 0; page < 50; page++) {
      const batch = await receiveMessages({ token: item.token, lookIntoFuture: true, lastKnownMessageId: cursor, timeout: 0, limit: 200 }, { signal });
      if (batch.messages.length === 0) return null;
      const found = batch.messages.find((m) => m.referenceId === item.referenceId && m.actorId === this.userId);
      if (found) return found;
      cursor = Math.max(cursor, ...batch.messages.map((m) => m.id));
    }
    return null;
  }

  private async runNotifications(signal: AbortSignal): Promise<void> {
    let intervalMs = 60_000;
    try {
      intervalMs = Math.max(15, await getPollIntervalSeconds({}, { signal })) * 1000;
    } catch (error) {
      if (signal.aborted) return;
      console.debug('capabilities unavailable, polling notifications every 60 s', error);
    }
    let attempt = 0;
    while (!signal.aborted) {
      let pause = intervalMs;
      try {
        if (this.anyTabVisible()) {
          const known = this.notificationsEtag !== null;
          const result = await listNotifications({ etag: this.notificationsEtag }, { signal });
          this.notificationsEtag = result.etag;
          if (result.changed) {
            const wire: Wire = { t: 'notifications', list: result.notifications };
            this.post(wire);
            this.receive(wire);
            // Something happened since the last look (a mention, a share): unread badges have probably changed
            // too. Not on the first look: the list was just loaded with the page.
            if (known) this.wakeConversations?.(true);
          }
          attempt = 0;
        }
      } catch (error) {
        if (isAborted(signal)) return;
        attempt++;
        pause = Math.max(intervalMs, backoffDelayMs(attempt, error));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.wakeNotifications = () => {
          this.notificationsEtag = null;
          wake();
        };
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** Leader: refresh the conversation list every CONVERSATIONS_INTERVAL_MS while a visible tab shows it. */
  private async runConversations(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    let now = false;
    while (!signal.aborted) {
      const wanted = this.listWanted();
      const due = this.conversationsAt + CONVERSATIONS_INTERVAL_MS;
      if (wanted && (now || Date.now() >= due)) {
        now = false;
        try {
          const list = await listConversations({}, { signal });
          attempt = 0;
          this.conversationsAt = Date.now();
          this.post({ t: 'conversations', list });
          this.events.conversations(list);
        } catch (error) {
          if (isAborted(signal)) return;
          attempt++;
          // Not urgent (the long-poll shows the connection banner): try again after the backoff, at least 15 s.
          this.conversationsAt = Date.now() - CONVERSATIONS_INTERVAL_MS + Math.max(backoffDelayMs(attempt, error), CONVERSATIONS_INTERVAL_MS / 4);
        }
        continue;
      }
      // Nobody shows the list (or every tab is hidden): sleep until a tab says otherwise.
      const pause = wanted ? due - Date.now() : null;
      now = await new Promise<boolean>((resolve) => {
        const timer = pause === null ? null : setTimeout(() => resolve(false), pause);
        const wake = (value: boolean) => {
          if (timer !== null) clearTimeout(timer);
          this.wakeConversations = null;
          resolve(value);
        };
        this.wakeConversations = wake;
        signal.addEventListener('abort', () => wake(false), { once: true });
      });
    }
  }
}
