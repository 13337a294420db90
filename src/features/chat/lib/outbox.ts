import { isApiError } from '../../../api/api-error';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { localStorageOrMemory } from '../../../lib/browser-storage';

/**
 * The chat outbox: messages the user wrote that the server has not confirmed yet. It lives in
 * localStorage (survives reload, offline periods and closed tabs) and is delivered by ONE tab (the leader).
 *
 * Exactly once: Talk stores a message twice when it is POSTed twice, even with the same referenceId
 * (recorded). So an item is marked "sending" BEFORE its POST; an item found "sending" or "unknown" (the
 * request may have reached the server, e.g. the connection dropped after the server stored it, or the
 * tab closed mid-request) is first looked up by its referenceId in the history after the newest message
 * known when it was written. Only when it is not there is it sent again.
 */

export type OutboxState = 'queued' | 'sending' | 'unknown' | 'failed';

export interface OutboxItem {
  localId: string;
  token: string;
  message: string;
  /** The text as the user wrote it, with mentions by name ("@Jonas Weber"), for the bubble while it is pending. */
  shown?: string | undefined;
  /** 64 hex characters, random: how the server's copy is recognised. */
  referenceId: string;
  replyTo?: number | undefined;
  /** The newest message id this tab knew when the item was written: reconciliation searches after it. */
  afterId: number;
  createdAt: number;
  /** Order of writing, across tabs. */
  seq: number;
  state: OutboxState;
  attempts: number;
  /** Why the server refused it (failed items only): an ApiError kind. */
  errorKind?: string | undefined;
}

export interface OutboxStorage {
  load(): OutboxItem[];
  save(items: OutboxItem[]): void;
}

/** Serialises read-modify-write across tabs (Web Locks in the browser). */
export type Mutex = <T>(fn: () => T) => Promise<T>;

/** Where a user's unsent messages live on this device. */
export function outboxKey(userId: string): string {
  return `klassenraum.chat.outbox.${userId}`;
}

/**
 * An explicit sign-out on a shared tablet leaves no unsent text behind. (The login screen alone does not wipe it:
 * a session that merely expired comes back to the same user, whose queued messages must still be delivered.)
 */
export function forgetOutbox(userId: string, storage: Storage = localStorageOrMemory()): void {
  storage.removeItem(outboxKey(userId));
}

export function localOutboxStorage(key: string, storage: Storage = localStorageOrMemory()): OutboxStorage {
  return {
    load() {
      const raw = storage.getItem(key);
      if (raw === null) return [];
      try {
        const parsed = JSON.parse(raw) as unknown;
        return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
      } catch (error) {
        console.warn('outbox storage unreadable, starting empty', error);
        return [];
      }
    },
    save(items) {
      storage.setItem(key, JSON.stringify(items));
    },
  };
}

export function browserMutex(name: string): Mutex {
  return (fn) => {
    if (typeof navigator !== 'undefined' && 'locks' in navigator) {
      // In a frame whose third-party storage is blocked Chromium refuses Web Locks ("The request was denied.",
      // before running fn): this tab is then the only one that can see this storage, so no lock is needed.
      return navigator.locks.request(name, () => fn()).catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'SecurityError') return fn();
        throw error;
      });
    }
    return Promise.resolve(fn());
  };
}

/** 32 random bytes as 64 lowercase hex characters (the sha256-like referenceId Talk expects). */
export function newReferenceId(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const bySeq = (a: OutboxItem, b: OutboxItem) => a.seq - b.seq;

export class Outbox {
  constructor(
    private readonly storage: OutboxStorage,
    private readonly mutex: Mutex,
    private readonly onChange: () => void = () => undefined,
  ) {}

  list(): OutboxItem[] {
    return this.storage.load().sort(bySeq);
  }

  forToken(token: string): OutboxItem[] {
    return this.list().filter((i) => i.token === token);
  }

  async add(input: { token: string; message: string; shown?: string | undefined; replyTo?: number | undefined; afterId: number }, now = Date.now()): Promise<OutboxItem> {
    const item = await this.mutex(() => {
      const items = this.storage.load();
      const seq = items.reduce((max, i) => Math.max(max, i.seq), 0) + 1;
      const created: OutboxItem = {
        localId: `local-${newReferenceId().slice(0, 16)}`,
        token: input.token,
        message: input.message,
        ...(input.shown !== undefined && input.shown !== input.message ? { shown: input.shown } : {}),
        referenceId: newReferenceId(),
        replyTo: input.replyTo,
        afterId: input.afterId,
        createdAt: now,
        seq,
        state: 'queued',
        attempts: 0,
      };
      this.storage.save([...items, created]);
      return created;
    });
    this.onChange();
    return item;
  }

  async update(localId: string, patch: Partial<Pick<OutboxItem, 'state' | 'attempts' | 'errorKind'>>): Promise<void> {
    await this.mutex(() => {
      this.storage.save(this.storage.load().map((i) => (i.localId === localId ? { ...i, ...patch } : i)));
    });
    this.onChange();
  }

  async remove(localId: string): Promise<void> {
    await this.mutex(() => {
      this.storage.save(this.storage.load().filter((i) => i.localId !== localId));
    });
    this.onChange();
  }

  /** After a reload or a new leader: whatever was "sending" has an unknown outcome now. */
  async recoverInterrupted(): Promise<void> {
    await this.mutex(() => {
      const items = this.storage.load();
      // Nothing to recover writes nothing (after a sign-out the key stays gone).
      if (!items.some((i) => i.state === 'sending')) return;
      this.storage.save(items.map((i) => (i.state === 'sending' ? { ...i, state: 'unknown' as const } : i)));
    });
    this.onChange();
  }
}

export interface DeliveryDeps {
  send(item: OutboxItem, signal: AbortSignal): Promise<ChatMessage>;
  /** The server's copy of the item (same referenceId, after item.afterId), or null when it has none. */
  findByReference(item: OutboxItem, signal: AbortSignal): Promise<ChatMessage | null>;
  delivered(item: OutboxItem, message: ChatMessage): void;
}

export type DeliveryResult = { outcome: 'delivered'; message: ChatMessage } | { outcome: 'failed' } | { outcome: 'retry'; error: unknown };

/** Kinds after which the server may have stored the message: look before sending again. */
function outcomeUnknown(error: unknown): boolean {
  if (!isApiError(error)) return true;
  return error.kind === 'network' || error.kind === 'unavailable' || error.kind === 'unknown';
}

/** Delivers one item exactly once (see the module comment). Throws only when aborted. */
export async function deliver(outbox: Outbox, item: OutboxItem, deps: DeliveryDeps, signal: AbortSignal): Promise<DeliveryResult> {
  if (item.state === 'sending' || item.state === 'unknown') {
    let found: ChatMessage | null;
    try {
      found = await deps.findByReference(item, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return { outcome: 'retry', error };
    }
    if (found !== null) {
      await outbox.remove(item.localId);
      deps.delivered(item, found);
      return { outcome: 'delivered', message: found };
    }
  }
  await outbox.update(item.localId, { state: 'sending', attempts: item.attempts + 1 });
  try {
    const message = await deps.send(item, signal);
    await outbox.remove(item.localId);
    deps.delivered(item, message);
    return { outcome: 'delivered', message };
  } catch (error) {
    if (signal.aborted) {
      await outbox.update(item.localId, { state: 'unknown' });
      throw error;
    }
    if (outcomeUnknown(error)) {
      await outbox.update(item.localId, { state: 'unknown' });
      return { outcome: 'retry', error };
    }
    if (isApiError(error) && error.kind === 'rate-limited') {
      // 429: the server refused before doing anything; sending again is safe.
      await outbox.update(item.localId, { state: 'queued' });
      return { outcome: 'retry', error };
    }
    await outbox.update(item.localId, { state: 'failed', errorKind: isApiError(error) ? error.kind : 'unknown' });
    return { outcome: 'failed' };
  }
}

/** The next item to deliver per conversation: the oldest one that has not failed (order is kept per conversation). */
export function headsByToken(items: OutboxItem[]): OutboxItem[] {
  const heads = new Map<string, OutboxItem>();
  for (const item of [...items].sort(bySeq)) {
    if (item.state === 'failed' || heads.has(item.token)) continue;
    heads.set(item.token, item);
  }
  return [...heads.values()];
}
