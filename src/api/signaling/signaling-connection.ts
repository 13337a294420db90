/**
 * The standalone signaling protocol (nextcloud-spreed-signaling, API v1) over one WebSocket: hello with the
 * v2 token (or v1 ticket), requests answered by id, resume after a short drop (`resumeid`), a full new hello
 * after `no_such_session`, and reconnects with full jitter. The owner learns whether the session survived
 * (`resumed`) and must join its room again when it did not.
 */
import { backoffDelayMs } from '../../lib/backoff';

import { parseServerMessage, type ServerMessage } from './signaling-messages';

/** A message this client sends (the server's messages arrive parsed, see signaling-messages.ts). */
export type Json = Record<string, unknown>;

export interface SignalingAuth {
  /** The Talk backend URL the signaling server validates against (…/ocs/v2.php/apps/spreed/api/v3/signaling/backend). */
  url: string;
  version: '1.0' | '2.0';
  params: Json;
}

export type SignalingState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SignalingOptions {
  /** ws(s)://host/spreed */
  url: string;
  /** Fresh credentials for every full hello (a v2 token lives 60 s). */
  auth: () => Promise<SignalingAuth>;
  onMessage: (msg: ServerMessage) => void;
  onState?: (state: SignalingState) => void;
  /** After every successful hello; `resumed` false means a new session: rejoin the room, republish. */
  onSession?: (info: { sessionId: string; resumed: boolean; first: boolean }) => void;
  createSocket?: (url: string) => WebSocketLike;
  random?: () => number;
  /** Reconnect delay bounds (the app's one backoff policy, lib/backoff). */
  backoff?: { baseMs: number; capMs: number };
  setTimer?: (fn: () => void, ms: number) => unknown;
}

export class SignalingError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SignalingError';
  }
}

interface Pending {
  resolve: (m: ServerMessage) => void;
  reject: (e: Error) => void;
}

export class SignalingConnection {
  sessionId: string | null = null;
  private resumeId: string | null = null;
  private socket: WebSocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closedByUs = false;
  private attempt = 0;
  private hadSession = false;
  private firstHello: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly opts: SignalingOptions) {}

  /** Connects and says hello; resolves once the first session exists. */
  start(): Promise<void> {
    this.closedByUs = false;
    return new Promise<void>((resolve, reject) => {
      this.firstHello = { resolve, reject };
      this.open('connecting');
    });
  }

  /** Sends a request and resolves with the answer of the same id (rejects with SignalingError on an error answer). */
  request(msg: Json): Promise<ServerMessage> {
    const id = String(this.nextId++);
    return new Promise<ServerMessage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.sendRaw({ ...msg, id });
    });
  }

  send(msg: Json): void {
    this.sendRaw(msg);
  }

  /** Releases the session (`bye`) and closes without reconnecting. */
  close(): void {
    this.closedByUs = true;
    if (this.socket !== null && this.socket.readyState === 1) this.socket.send(JSON.stringify({ type: 'bye', bye: {} }));
    this.socket?.close(1000, 'bye');
    this.socket = null;
    this.failPending(new SignalingError('closed', 'signaling closed'));
    this.opts.onState?.('closed');
  }

  /** Drops the socket as a network failure would (tests, and when the browser reports offline). */
  dropConnection(): void {
    this.socket?.close(4000, 'dropped');
  }

  private sendRaw(msg: Json): void {
    const s = this.socket;
    if (s === null || s.readyState !== 1) {
      const id = msg['id'];
      if (typeof id === 'string') {
        this.pending.get(id)?.reject(new SignalingError('not_connected', 'signaling is reconnecting'));
        this.pending.delete(id);
      }
      return;
    }
    s.send(JSON.stringify(msg));
  }

  private failPending(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private open(state: SignalingState): void {
    this.opts.onState?.(state);
    const create = this.opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
    const socket = create(this.opts.url);
    this.socket = socket;
    socket.onopen = () => {
      void this.hello(socket);
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket || typeof ev.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(ev.data);
      } catch (err) {
        console.warn('signaling: unreadable message', err);
        return;
      }
      const msg = parseServerMessage(raw);
      if (msg === null) console.warn('signaling: not a signaling message', raw);
      else this.dispatch(msg);
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending(new SignalingError('connection_lost', 'signaling connection lost'));
      if (this.closedByUs) return;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.attempt++;
    const random = this.opts.random ?? Math.random;
    const delay = backoffDelayMs(this.attempt, null, { ...(this.opts.backoff ?? { baseMs: 250, capMs: 5000 }), random });
    this.opts.onState?.('reconnecting');
    const timer = this.opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    timer(() => {
      if (!this.closedByUs) this.open('reconnecting');
    }, delay);
  }

  private async hello(socket: WebSocketLike): Promise<void> {
    try {
      if (this.resumeId !== null) {
        try {
          const answer = await this.request({ type: 'hello', hello: { version: '2.0', resumeid: this.resumeId } });
          this.helloDone(answer, true);
          return;
        } catch (err) {
          if (!(err instanceof SignalingError) || err.code !== 'no_such_session') throw err;
          this.resumeId = null;
        }
      }
      const auth = await this.opts.auth();
      if (this.socket !== socket) return;
      const answer = await this.request({
        type: 'hello',
        hello: { version: auth.version, features: ['chat-relay'], auth: { url: auth.url, params: auth.params } },
      });
      this.helloDone(answer, false);
    } catch (err) {
      if (this.firstHello !== null && err instanceof SignalingError && err.code !== 'connection_lost') {
        this.firstHello.reject(err);
        this.firstHello = null;
        this.closedByUs = true;
        socket.close(1000, 'hello failed');
        return;
      }
      if (this.socket === socket) socket.close(4001, 'hello failed');
    }
  }

  private helloDone(answer: ServerMessage, resumed: boolean): void {
    const hello = answer.type === 'hello' ? answer.hello : {};
    this.sessionId = hello.sessionid ?? this.sessionId;
    if (hello.resumeid !== undefined) this.resumeId = hello.resumeid;
    this.attempt = 0;
    const first = !this.hadSession;
    this.hadSession = true;
    this.opts.onState?.('connected');
    this.opts.onSession?.({ sessionId: this.sessionId ?? '', resumed, first });
    this.firstHello?.resolve();
    this.firstHello = null;
  }

  private dispatch(msg: ServerMessage): void {
    const id = msg.id;
    if (id !== undefined && this.pending.has(id)) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (msg.type === 'error') {
        p?.reject(new SignalingError(msg.error.code, msg.error.message, msg.error.details));
      } else {
        p?.resolve(msg);
      }
      return;
    }
    this.opts.onMessage(msg);
  }
}
