/** The gateway's sessions behind the `__Host-` cookie: loading (with the idle clock), the pre-login
 * pending state, and the switch to a fresh session id at sign-in. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from './config.js';
import type { NextcloudAuth } from './nextcloud-auth.js';
import { newSessionId, readSessionId, sessionCookie, storeKey } from './session-cookie.js';
import type { PendingLogin, SessionAuth, SessionRecord, SessionStore } from './session-store.js';

export const PENDING_OAUTH_MS = 10 * 60_000;
export const PENDING_FLOW_MS = 20 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export interface LoadedSession {
  key: string;
  record: SessionRecord;
}

export class GatewaySessions {
  readonly embedded: boolean;

  constructor(
    private readonly config: GatewayConfig,
    private readonly store: SessionStore,
    private readonly auth: NextcloudAuth,
  ) {
    this.embedded = config.embedOrigins.length > 0;
  }

  /** The Set-Cookie value for a session id. */
  cookie(id: string): string {
    return sessionCookie(id, { embedded: this.embedded, maxAgeSeconds: this.config.sessionMaxAgeSeconds });
  }

  async load(req: IncomingMessage): Promise<LoadedSession | null> {
    const id = readSessionId(req);
    if (!id) return null;
    const key = storeKey(id);
    const record = await this.store.get(key);
    if (!record) return null;
    const now = Date.now();
    if (record.auth && now - (record.lastSeenAt ?? 0) > TOUCH_EVERY_MS) {
      record.lastSeenAt = now;
      await this.store.patch(key, { lastSeenAt: now }, this.config.sessionIdleSeconds);
    }
    return { key, record };
  }

  /** A successful login gets a fresh session id (no fixation) and drops the pre-login one. Returns the
   * new session's store key. */
  async establish(res: ServerResponse, oldKey: string, sessionAuth: SessionAuth, ip: string): Promise<string> {
    let user: { id: string; displayName: string };
    try {
      user = await this.auth.currentUser(sessionAuth, ip);
    } catch {
      user = { id: sessionAuth.userId, displayName: sessionAuth.userId };
    }
    const signedIn: SessionAuth = { ...sessionAuth, userId: user.id };
    const id = newSessionId();
    const now = Date.now();
    await this.store.patch(storeKey(id), { createdAt: now, lastSeenAt: now, auth: signedIn, user }, this.config.sessionIdleSeconds);
    await this.store.delete(oldKey);
    res.setHeader('set-cookie', this.cookie(id));
    return storeKey(id);
  }

  /** A pre-login session (OAuth2 state, Login Flow v2 token or popup nonce); returns its store key. */
  async startPending(res: ServerResponse, kind: PendingLogin['kind'], secret: string, returnTo: string, embedNonce?: string): Promise<string> {
    const id = newSessionId();
    const now = Date.now();
    const ttl = Math.ceil((kind === 'loginflow' ? PENDING_FLOW_MS : PENDING_OAUTH_MS) / 1000);
    const pending = { kind, secret, returnTo, createdAt: now, ...(embedNonce ? { embedNonce } : {}) };
    await this.store.patch(storeKey(id), { createdAt: now, pending }, ttl);
    res.setHeader('set-cookie', this.cookie(id));
    return storeKey(id);
  }
}
