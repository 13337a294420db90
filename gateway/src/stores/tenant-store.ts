import type { SessionPatch, SessionRecord, SessionStore } from '../session-store.js';

/**
 * One school's view of a session store (docs/adr/0015-tenants-by-host.md). Every write stamps the school's
 * tenant id into the record; a record without it, or with another school's, reads as no session at all.
 * The key prefix already keeps schools apart in a shared Redis; this check holds even if two schools were
 * given the same prefix, or a record were copied across.
 */
export class TenantBoundStore implements SessionStore {
  constructor(
    private readonly inner: SessionStore,
    readonly tenantId: string,
  ) {}

  async get(id: string): Promise<SessionRecord | null> {
    const record = await this.inner.get(id);
    return record?.tenant === this.tenantId ? record : null;
  }

  patch(id: string, patch: SessionPatch, ttlSeconds: number): Promise<void> {
    return this.inner.patch(id, { ...patch, tenant: this.tenantId }, ttlSeconds);
  }

  delete(id: string): Promise<void> {
    return this.inner.delete(id);
  }

  acquireLock(name: string, ttlMs: number): Promise<string | null> {
    return this.inner.acquireLock(name, ttlMs);
  }

  releaseLock(name: string, token: string): Promise<void> {
    return this.inner.releaseLock(name, token);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
