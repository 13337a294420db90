import { randomUUID } from 'node:crypto';
import type { SessionPatch, SessionRecord, SessionStore } from '../session-store.js';

interface Entry {
  record: SessionRecord;
  expiresAt: number;
}

/** In-process store for a single gateway. Expired entries are swept once a minute. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Entry>();
  private readonly locks = new Map<string, { token: string; expiresAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => {
      this.sweep();
    }, 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  sweep(): void {
    const t = this.now();
    for (const [id, entry] of this.sessions) if (entry.expiresAt <= t) this.sessions.delete(id);
    for (const [name, lock] of this.locks) if (lock.expiresAt <= t) this.locks.delete(name);
  }

  get(id: string): Promise<SessionRecord | null> {
    const entry = this.sessions.get(id);
    if (!entry) return Promise.resolve(null);
    if (entry.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return Promise.resolve(null);
    }
    return Promise.resolve(structuredClone(entry.record));
  }

  patch(id: string, patch: SessionPatch, ttlSeconds: number): Promise<void> {
    const entry = this.sessions.get(id) ?? { record: {}, expiresAt: 0 };
    const fields = new Map<string, unknown>(Object.entries(entry.record));
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) fields.delete(key);
      else fields.set(key, structuredClone(value));
    }
    this.sessions.set(id, { record: Object.fromEntries(fields), expiresAt: this.now() + ttlSeconds * 1000 });
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.sessions.delete(id);
    return Promise.resolve();
  }

  acquireLock(name: string, ttlMs: number): Promise<string | null> {
    const held = this.locks.get(name);
    if (held && held.expiresAt > this.now()) return Promise.resolve(null);
    const token = randomUUID();
    this.locks.set(name, { token, expiresAt: this.now() + ttlMs });
    return Promise.resolve(token);
  }

  releaseLock(name: string, token: string): Promise<void> {
    if (this.locks.get(name)?.token === token) this.locks.delete(name);
    return Promise.resolve();
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
