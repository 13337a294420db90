import { setTimeout as sleep } from 'node:timers/promises';
import { TokenRejected, type NextcloudAuth } from './nextcloud-auth.js';
import { UpstreamError } from './nextcloud-client.js';
import type { OAuthAuth, SessionAuth, SessionStore } from './session-store.js';

export interface TokenManagerOptions {
  sessionIdleSeconds: number;
  /** How long one refresh may hold the shared lock. */
  lockMs?: number;
  /** How long a request waits for another gateway's refresh before giving up. */
  waitMs?: number;
  pollMs?: number;
}

/** Refresh a little before expiry: a tenth of the lifetime, at most a minute. */
export function needsRefresh(auth: OAuthAuth, now = Date.now()): boolean {
  const skew = Math.min(60_000, (auth.expiresAt - auth.issuedAt) / 10);
  return auth.expiresAt - now <= skew;
}

export class RefreshUnavailable extends Error {}

/**
 * Keeps every session's access token usable while sending each refresh token to Nextcloud at most once.
 * Nextcloud's refresh tokens are single-use: a second use answers 400, logs the user out and counts as a
 * brute-force attempt. So: one refresh per session in flight in this process (concurrent callers share
 * the promise), one across processes (a lock in the session store), and before refreshing, a re-read of
 * the store in case another request or gateway rotated the token already.
 */
export class TokenManager {
  private readonly inflight = new Map<string, Promise<SessionAuth | null>>();
  private readonly lockMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly store: SessionStore,
    private readonly auth: NextcloudAuth,
    private readonly opts: TokenManagerOptions,
  ) {
    this.lockMs = opts.lockMs ?? 20_000;
    this.waitMs = opts.waitMs ?? 25_000;
    this.pollMs = opts.pollMs ?? 50;
  }

  /** The credentials to use now, refreshed first if the access token is about to expire. */
  async current(key: string, auth: SessionAuth | undefined, clientIp: string): Promise<SessionAuth | null> {
    if (!auth) return null;
    if (auth.kind !== 'oauth2' || !needsRefresh(auth)) return auth;
    return this.refresh(key, auth.accessToken, clientIp);
  }

  /** Replace `staleAccessToken` (expiring, or rejected by Nextcloud). Resolves to the new credentials,
   * or null when the session can no longer be refreshed (the user must log in again). */
  refresh(key: string, staleAccessToken: string, clientIp: string): Promise<SessionAuth | null> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = this.refreshOnce(key, staleAccessToken, clientIp).finally(() => {
      this.inflight.delete(key);
    });
    this.inflight.set(key, promise);
    return promise;
  }

  private async refreshOnce(key: string, stale: string, clientIp: string): Promise<SessionAuth | null> {
    const lockName = `refresh:${key}`;
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const seen = await this.rotatedOrCurrent(key, stale);
      if (seen.done) return seen.auth;
      const lock = await this.store.acquireLock(lockName, this.lockMs);
      if (lock) {
        try {
          const underLock = await this.rotatedOrCurrent(key, stale);
          if (underLock.done) return underLock.auth;
          return await this.rotate(key, underLock.auth, clientIp);
        } finally {
          await this.store.releaseLock(lockName, lock);
        }
      }
      if (Date.now() > deadline) throw new RefreshUnavailable('waited too long for another refresh');
      await sleep(this.pollMs);
    }
  }

  private async rotatedOrCurrent(
    key: string,
    stale: string,
  ): Promise<{ done: true; auth: SessionAuth | null } | { done: false; auth: OAuthAuth }> {
    const auth = (await this.store.get(key))?.auth;
    if (!auth) return { done: true, auth: null };
    if (auth.kind !== 'oauth2' || auth.accessToken !== stale) return { done: true, auth };
    return { done: false, auth };
  }

  private async rotate(key: string, current: OAuthAuth, clientIp: string): Promise<SessionAuth | null> {
    try {
      const next = await this.auth.refresh(current.refreshToken, clientIp);
      await this.store.patch(key, { auth: next }, this.opts.sessionIdleSeconds);
      return next;
    } catch (err) {
      const maybeUsed = err instanceof TokenRejected || (err instanceof UpstreamError && err.sent);
      if (!maybeUsed && err instanceof UpstreamError) throw new RefreshUnavailable(err.message, { cause: err });
      // The refresh token is dead or may have been consumed: it must never be sent again. The session
      // keeps its identity but loses its credentials, so the browser is asked to log in again.
      await this.store.patch(key, { auth: null, jar: null }, this.opts.sessionIdleSeconds);
      if (!maybeUsed) throw err;
      return null;
    }
  }
}
