/**
 * Where Talk has a high-performance backend, the leader tab keeps one signaling WebSocket and joins the room of
 * one watched conversation on it (a room join, not a call). Talk's backend tells the room's sessions of every new
 * chat message (`{type: "chat", chat: {refresh: true}}`): the long-poll of that conversation waits for that event
 * and then fetches once without waiting, instead of asking Nextcloud every 30 s. Room list events (invited,
 * removed, renamed) refresh the conversation list early. See docs/adr/0012-chat-wake-up-over-signaling.md.
 *
 * Without an HPB (signaling settings name no server), or while the socket is down, nothing changes: the
 * long-poll runs as before. One signaling session is in one room at a time, so other watched conversations
 * long-poll as before.
 */
import { isApiError } from '../../../api/api-error';
import { hasHpb, helloAuth, signalingUrl } from '../../../api/signaling/signaling-auth';
import { SignalingConnection, type SignalingAuth, type SignalingOptions, type WebSocketLike } from '../../../api/signaling/signaling-connection';
import type { ServerMessage } from '../../../api/signaling/signaling-messages';
import { getSignalingSettings, joinRoomSessionBesideCall, type RoomSession, type SignalingSettings } from '../../../api/talk/call';
import { pauseUntil } from './wake-up';

/** What a conversation's long-poll loop asks (leader-loops.ts). */
export interface LiveChatSource {
  /** True while the socket is in `token`'s room: its chat events replace the long-poll. */
  covers(token: string): boolean;
  /**
   * Until a chat event of `token` (at once when one came since the last call: 'event'), until the socket no
   * longer covers `token` ('down'), or until `ms` passed or `signal` aborted ('timeout').
   */
  next(token: string, signal: AbortSignal, ms: number): Promise<'event' | 'down' | 'timeout'>;
}

/** What the hub drives: the conversations the tabs watch, and the end of leadership. */
export interface LiveChat extends LiveChatSource {
  follow(tokens: string[]): void;
  stop(): void;
}

export interface SignalingWakeDeps {
  settings(token: string): Promise<SignalingSettings>;
  /** A Talk room session; null while a session of this browser is in the room's call (a lesson). */
  joinRoom(token: string): Promise<RoomSession | null>;
  createSocket?: (url: string) => WebSocketLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  random?: () => number;
}

export interface SignalingWakeOptions {
  /** The own conversation list changed (invited, removed, renamed, lobby…): refresh it now. */
  onRoomList?: () => void;
  deps?: SignalingWakeDeps;
}

/** After a refused room join (another session of this browser in the room, e.g. a lesson) or a failed start. */
export const WAKE_RETRY_MS = 5 * 60_000;

const talkDeps: SignalingWakeDeps = {
  settings: (token) => getSignalingSettings({ token }),
  // Never forced over a lesson: this browser's sessions share one Nextcloud session, hence one room session.
  joinRoom: (token) => joinRoomSessionBesideCall({ token }),
};

type Outcome = 'event' | 'down' | 'timeout';

export class SignalingWake implements LiveChat {
  private readonly deps: SignalingWakeDeps;
  /** No HPB here: stays off for this leader. */
  private disabled = false;
  private connection: SignalingConnection | null = null;
  private starting = false;
  /** The conversation whose room the socket should be in. */
  private wanted: string | null = null;
  /** The conversation whose room the socket is in. */
  private live: string | null = null;
  private joining = false;
  /** The room the socket joined last (a resumed session is still in it). */
  private lastJoined: string | null = null;
  private stopped = false;
  private readonly pending = new Set<string>();
  private readonly waiters = new Map<string, Set<(o: Outcome) => void>>();

  constructor(private readonly options: SignalingWakeOptions = {}) {
    this.deps = options.deps ?? talkDeps;
  }

  covers(token: string): boolean {
    return this.live === token;
  }

  async next(token: string, signal: AbortSignal, ms: number): Promise<Outcome> {
    if (!this.covers(token)) return 'down';
    if (this.pending.delete(token)) return 'event';
    const set = this.waiters.get(token) ?? new Set();
    this.waiters.set(token, set);
    const slot: { wake?: (o: Outcome) => void } = {};
    const outcome = await pauseUntil<Outcome>(signal, ms, 'timeout', (wake) => {
      slot.wake = wake;
      set.add(wake);
    });
    // Ended by the timer or an abort: an event from now on is kept for the next question, not given to this one.
    if (slot.wake) set.delete(slot.wake);
    return outcome;
  }

  /** The conversations the leader watches now: keeps its room while still watched, else takes the first. */
  follow(tokens: string[]): void {
    if (this.stopped || this.disabled) return;
    const next = this.wanted !== null && tokens.includes(this.wanted) ? this.wanted : (tokens[0] ?? null);
    // The same conversation: joined, joining, or a retry is due.
    if (next === this.wanted) return;
    this.wanted = next;
    this.setLive(null);
    if (next === null) {
      // Nobody watches a conversation: the signaling server leaves the room, and Talk ends the room session.
      this.connection?.close();
      this.connection = null;
      return;
    }
    if (this.connection === null) void this.connect(next);
    else void this.joinRoom();
  }

  stop(): void {
    this.stopped = true;
    this.wanted = null;
    this.setLive(null);
    this.connection?.close();
    this.connection = null;
  }

  private async connect(token: string): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    try {
      const settings = await this.deps.settings(token);
      const auth = hasHpb(settings) ? helloAuth(settings) : null;
      if (auth === null) {
        this.disabled = true;
        return;
      }
      if (this.stopped || this.wanted === null) return;
      const connection = new SignalingConnection(this.connectionOptions(settings, auth));
      this.connection = connection;
      await connection.start();
    } catch (error) {
      // 404: a Talk without signaling settings; otherwise try again later (the long-poll carries on meanwhile).
      if (isApiError(error) && error.status === 404) this.disabled = true;
      else this.retryLater();
      console.debug('chat: no signaling wake-up, long-polling', error);
      this.connection?.close();
      this.connection = null;
    } finally {
      this.starting = false;
    }
  }

  private connectionOptions(settings: SignalingSettings, first: SignalingAuth): SignalingOptions {
    let initial: SignalingAuth | null = first;
    return {
      url: signalingUrl(settings),
      auth: async () => {
        if (initial !== null) {
          const a = initial;
          initial = null;
          return a;
        }
        const fresh = helloAuth(await this.deps.settings(this.wanted ?? ''));
        if (fresh === null) throw new Error('no backend URL in the signaling token');
        return fresh;
      },
      onMessage: (msg) => {
        this.onMessage(msg);
      },
      onState: (state) => {
        if (state !== 'connected') this.setLive(null);
      },
      onSession: ({ resumed }) => {
        // Resumed: still in the room, but events during the drop are lost; fetch once.
        if (resumed && this.wanted !== null && this.live === null && this.lastJoined === this.wanted) this.setLive(this.wanted);
        else void this.joinRoom();
      },
      // Gentler than a call's: nobody waits for this socket, the long-poll carries on meanwhile.
      backoff: { baseMs: 1000, capMs: 60_000 },
      ...(this.deps.createSocket ? { createSocket: this.deps.createSocket } : {}),
      ...(this.deps.setTimer ? { setTimer: this.deps.setTimer } : {}),
      ...(this.deps.random ? { random: this.deps.random } : {}),
    };
  }

  private async joinRoom(): Promise<void> {
    const token = this.wanted;
    const connection = this.connection;
    if (token === null || connection === null || this.joining || connection.sessionId === null) return;
    this.joining = true;
    try {
      const room = await this.deps.joinRoom(token);
      if (this.wanted !== token || this.connection !== connection) return;
      if (room === null) {
        this.retryLater();
        return;
      }
      await connection.request({ type: 'room', room: { roomid: token, sessionid: room.sessionId } });
      if (this.wanted !== token || this.connection !== connection) return;
      this.lastJoined = token;
      this.setLive(token);
    } catch (error) {
      console.debug('chat: signaling room not joined, long-polling', error);
      this.retryLater();
    } finally {
      this.joining = false;
    }
    // The wanted conversation changed while joining.
    if (this.wanted !== null && this.wanted !== token && this.connection === connection) void this.joinRoom();
  }

  private retryLater(): void {
    const timer = this.deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    timer(() => {
      if (this.stopped || this.live !== null || this.wanted === null) return;
      const token = this.wanted;
      if (this.connection === null) void this.connect(token);
      else void this.joinRoom();
    }, WAKE_RETRY_MS);
  }

  private onMessage(msg: ServerMessage): void {
    if (msg.type !== 'event' || msg.event === null) return;
    const ev = msg.event;
    if (ev.target === 'roomlist') {
      this.options.onRoomList?.();
      return;
    }
    if (ev.target === 'room' && ev.type === 'message' && ev.message.data.type === 'chat') this.wake(ev.message.roomid || this.live);
  }

  /** A chat event for `token`: wakes its loop, or keeps it for the loop's next question. */
  private wake(token: string | null): void {
    if (token === null || token !== this.live) return;
    const set = this.waiters.get(token);
    if (set === undefined || set.size === 0) {
      this.pending.add(token);
      return;
    }
    this.waiters.delete(token);
    for (const w of set) w('event');
  }

  private setLive(token: string | null): void {
    const before = this.live;
    this.live = token;
    if (token !== null) {
      // Joined (again): what came before the join may be unseen; the loop fetches once.
      this.wake(token);
    }
    if (before !== null && before !== token) {
      this.pending.delete(before);
      const set = this.waiters.get(before);
      this.waiters.delete(before);
      for (const w of set ?? []) w('down');
    }
  }
}
