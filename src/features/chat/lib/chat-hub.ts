import { setReadMarker, type ChatMessage } from '../../../api/talk/chat-messages';
import type { Conversation } from '../../../api/talk/chat-conversations';
import type { AppNotification } from '../../../api/notifications/notifications';
import type { Poll } from '../../../api/talk/polls';
import type { ReactionMap } from '../../../api/talk/reactions';
import { browserLocks, electLeader, type LeaderElection, type LockRequester } from '../../../lib/leader-election';
import { isVisible, liveKey, TabInterests, type ConnectionStatus, type LiveTarget, type Wire } from './chat-wire';
import { runConversations, runLongPoll, runNotifications, runOutbox, type LeaderHost, type PollCursor, type Wakers } from './leader-loops';
import { runLiveRefresh } from './live-refresh';
import { browserMutex, localOutboxStorage, Outbox, outboxKey, type OutboxItem } from './outbox';
import { LazyLiveChat } from './live-chat';
import { ActivityTracker, runPresence } from './presence';
import type { LiveChat } from './signaling-wake';

/**
 * One chat engine per tab; one of them (the leader, by Web Locks) talks to the server for all tabs of
 * this user: one long-poll per watched conversation, the outbox, the notifications poll. The others get
 * everything over a BroadcastChannel. Leadership moves to another tab at once when the leader's closes.
 * The conversation list too: the leader refreshes it on a timer while a visible tab shows it and sends it
 * to every tab; a tab fetches it itself only on a user action (opening the list, marking read).
 * The leader also sends the user-status heartbeat for the whole browser (presence.ts): every tab tracks its
 * user's input and reports it with its interest. The wire protocol is in chat-wire.ts, the leader's loops in
 * leader-loops.ts.
 */

export interface ChatHubEvents {
  messages(token: string, messages: ChatMessage[], lastCommonRead: number | null): void;
  status(status: ConnectionStatus): void;
  outboxChanged(): void;
  notifications(list: AppNotification[]): void;
  /** A fresh conversation list, fetched by the leader (or by another tab on a user action). */
  conversations(list: Conversation[]): void;
  /** A message's reactions as the leader just fetched them (announcements on screen, live-refresh.ts). */
  reactions(token: string, messageId: number, reactions: ReactionMap): void;
  poll(token: string, poll: Poll): void;
}

export interface ChatHubOptions {
  /** Web Locks for the leader election (a fake in tests); null: every tab leads. */
  locks?: LockRequester | null;
  /** The leader's chat events over the HPB's signaling socket (signaling-wake.ts); null: long-poll only. */
  liveChat?: ((onRoomList: () => void) => LiveChat) | null;
  /** core.pollinterval (seconds), when the session answer brought it (no capabilities request then). */
  pollIntervalSeconds?: number | undefined;
}

const INTEREST_HEARTBEAT_MS = 15_000;

export class ChatHub implements LeaderHost {
  readonly tabId = `tab-${Math.random().toString(36).slice(2)}`;
  readonly outbox: Outbox;
  readonly tabs: TabInterests;
  readonly wakers: Wakers = { outbox: null, visible: new Set(), notifications: null, conversations: null, live: null, presence: null };
  /** This tab's user input; coming back after a pause is announced at once (the leader beats "online"). */
  private readonly activity = new ActivityTracker(() => {
    this.announce();
  });
  /** When any tab last fetched the conversation list: a tab that just opened the list fetched it itself. */
  conversationsAt = Date.now();
  liveChat: LiveChat | null = null;
  get pollIntervalSeconds(): number | undefined {
    return this.options.pollIntervalSeconds;
  }
  private readonly channel: BroadcastChannel;
  private election: LeaderElection | null = null;
  private leader = false;
  private readonly watched = new Map<string, { count: number; lastKnown: number }>();
  private readonly polls = new Map<string, PollCursor>();
  private leaderAbort: AbortController | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private status: ConnectionStatus = 'ok';
  private listViewers = 0;
  /** What this tab shows on screen that the leader refreshes on a timer (live-refresh.ts), by liveKey. */
  private readonly live = new Map<string, { target: LiveTarget; count: number }>();
  /** Leader: the read marker it last set per conversation (every visible tab asks; Talk hears it once). */
  private readonly readSent = new Map<string, number>();

  constructor(
    readonly userId: string,
    private readonly events: ChatHubEvents,
    private readonly options: ChatHubOptions = {},
  ) {
    this.tabs = new TabInterests(this.tabId);
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
    this.activity.start();
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
    this.activity.stop();
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

  /** This tab shows `target` on screen (IntersectionObserver): while the tab is visible, the leader keeps it fresh. */
  showLive(target: LiveTarget): () => void {
    const key = liveKey(target);
    const entry = this.live.get(key) ?? { target, count: 0 };
    entry.count++;
    this.live.set(key, entry);
    if (entry.count === 1) this.announce();
    return () => {
      entry.count--;
      if (entry.count > 0) return;
      this.live.delete(key);
      this.announce();
    };
  }

  /** This tab fetched the conversation list itself (a user action): the other tabs take it, the leader's timer restarts. */
  shareConversations(list: Conversation[]): void {
    this.conversationsAt = Date.now();
    this.post({ t: 'conversations', list });
    this.wakers.conversations?.(false);
  }

  /** A visible tab showed messages of `token` up to `id`: the leader moves Talk's read marker, once for all tabs. */
  markRead(token: string, id: number): void {
    if (this.leader) this.sendReadMarker(token, id);
    else this.post({ t: 'read', token, id });
  }

  /** Writes a message into the outbox; the leader delivers it. */
  async enqueue(input: { token: string; message: string; shown?: string | undefined; replyTo?: number | undefined; afterId: number }): Promise<OutboxItem> {
    const item = await this.outbox.add(input);
    this.post({ t: 'outbox' });
    this.wakers.outbox?.();
    return item;
  }

  async retryFailed(localId: string): Promise<void> {
    await this.outbox.update(localId, { state: 'queued', errorKind: undefined });
    this.post({ t: 'outbox' });
    this.wakers.outbox?.();
  }

  refreshNotifications(): void {
    if (this.leader) this.wakers.notifications?.();
    else this.post({ t: 'notifications-refresh' });
  }

  /** Leader loops: the status here and in every tab. */
  setStatus(status: ConnectionStatus): void {
    if (this.applyStatus(status)) this.post({ t: 'status', status });
  }

  /** Leader loops: tell every tab, this one included. */
  broadcast(message: Wire): void {
    this.post(message);
    this.receive(message);
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
    // The leader counts its own tab too.
    const live = [...this.live.values()].map((entry) => entry.target);
    this.broadcast({ t: 'interest', from: this.tabId, tokens, visible: isVisible(), lists: this.listViewers > 0, live, activeAt: this.activity.lastActive });
  }

  private receive(message: Wire): void {
    switch (message.t) {
      case 'hello':
        this.announce();
        return;
      case 'interest':
        this.receiveInterest(message);
        return;
      case 'bye':
        this.tabs.forget(message.from);
        if (this.leader) this.reconcilePolls({});
        return;
      case 'messages':
        this.noteKnown(message.token, message.messages);
        this.events.messages(message.token, message.messages, message.lastCommonRead);
        return;
      case 'status':
        this.applyStatus(message.status);
        return;
      case 'outbox':
        this.wakers.outbox?.();
        return;
      case 'delivered':
        this.noteKnown(message.message.token, [message.message]);
        this.events.messages(message.message.token, [message.message], null);
        this.events.outboxChanged();
        return;
      default:
        this.receiveForLeader(message);
    }
  }

  private receiveForLeader(message: Wire): void {
    switch (message.t) {
      case 'notifications':
        this.events.notifications(message.list);
        return;
      case 'notifications-refresh':
        if (this.leader) this.wakers.notifications?.();
        return;
      case 'read':
        if (this.leader) this.sendReadMarker(message.token, message.id);
        return;
      case 'conversations':
        this.conversationsAt = Date.now();
        this.events.conversations(message.list);
        this.wakers.conversations?.(false);
        return;
      case 'reactions':
        this.events.reactions(message.token, message.messageId, message.reactions);
        return;
      case 'poll':
        this.events.poll(message.token, message.poll);
        return;
      default:
    }
  }

  private receiveInterest(message: Extract<Wire, { t: 'interest' }>): void {
    // A tab that opens the list, or shows it again, refreshes it itself when stale (React Query's mount
    // and focus refetch): the timer restarts instead of fetching the same list twice.
    if (this.tabs.note(message)) this.conversationsAt = Date.now();
    if (this.leader) this.reconcilePolls(message.tokens);
    this.wakers.conversations?.(false);
    this.wakers.live?.();
    this.wakers.presence?.();
    if (message.visible) {
      for (const wake of [...this.wakers.visible]) wake();
      this.wakers.visible.clear();
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

  /** True when the status changed. */
  private applyStatus(status: ConnectionStatus): boolean {
    if (this.status === status) return false;
    this.status = status;
    this.events.status(status);
    return true;
  }

  // ---- leader ----

  private setLeader(leader: boolean): void {
    if (this.leader === leader) return;
    this.leader = leader;
    if (!leader) {
      this.leaderAbort?.abort();
      this.leaderAbort = null;
      this.liveChat?.stop();
      this.liveChat = null;
      for (const poll of this.polls.values()) poll.controller.abort();
      this.polls.clear();
      return;
    }
    this.leaderAbort = new AbortController();
    const signal = this.leaderAbort.signal;
    const liveChat = this.options.liveChat === undefined ? (onRoomList: () => void) => new LazyLiveChat(onRoomList) : this.options.liveChat;
    this.liveChat = liveChat?.(() => this.wakers.conversations?.(true)) ?? null;
    this.post({ t: 'hello', from: this.tabId });
    this.announce();
    void runOutbox(this, signal);
    void runNotifications(this, signal);
    void runConversations(this, signal);
    void runLiveRefresh(this, signal);
    void runPresence(this, signal);
  }

  private sendReadMarker(token: string, id: number): void {
    if ((this.readSent.get(token) ?? 0) >= id) return;
    this.readSent.set(token, id);
    setReadMarker({ token, lastReadMessage: id }).then(
      // Unread badges changed: the list refreshes now (if a tab shows it) instead of within the minute.
      () => this.wakers.conversations?.(true),
      (error: unknown) => {
        if (this.readSent.get(token) === id) this.readSent.delete(token);
        console.debug('read marker not set; the next message a tab shows sets it', error);
      },
    );
  }

  private reconcilePolls(announced: Record<string, number>): void {
    const wanted = this.tabs.wanted();
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
    this.liveChat?.follow([...wanted.keys()]);
  }

  private startPoll(token: string, cursor: number): void {
    const poll = { controller: new AbortController(), cursor };
    this.polls.set(token, poll);
    void runLongPoll(this, token, poll);
  }
}
