import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SessionField, SessionPatch, SessionRecord, SessionStore } from '../session-store.js';

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function openRedis(url: string): Redis {
  return new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}

/** Sessions in Redis so that several gateway processes serve the same users. Each session is a hash
 * with one JSON value per field; locks are SET NX PX with a compare-and-delete release. */
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;

  /** `connection`: a Redis URL (the store opens and closes its own connection) or a connection shared by
   * several stores, e.g. one per school (closed by whoever opened it). */
  constructor(connection: string | Redis, private readonly prefix: string) {
    this.ownsConnection = typeof connection === 'string';
    this.redis = typeof connection === 'string' ? openRedis(connection) : connection;
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  async get(id: string): Promise<SessionRecord | null> {
    const raw = await this.redis.hgetall(this.key(id));
    const entries = Object.entries(raw);
    if (entries.length === 0) return null;
    const record: Record<string, unknown> = {};
    for (const [field, json] of entries) record[field] = JSON.parse(json);
    return record;
  }

  async patch(id: string, patch: SessionPatch, ttlSeconds: number): Promise<void> {
    const key = this.key(id);
    const multi = this.redis.multi();
    for (const [field, value] of Object.entries(patch) as [SessionField, unknown][]) {
      if (value === null) multi.hdel(key, field);
      else if (value !== undefined) multi.hset(key, field, JSON.stringify(value));
    }
    multi.expire(key, ttlSeconds);
    await multi.exec();
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async acquireLock(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(`${this.prefix}lock:${name}`, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async releaseLock(name: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_LOCK, 1, `${this.prefix}lock:${name}`, token);
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit();
  }
}
