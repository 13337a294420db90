/** What the gateway keeps per browser session. Fields are stored separately so that writers of one
 * field (e.g. Nextcloud's cookie jar after a response) can never overwrite another (e.g. tokens just
 * rotated by a refresh): a lost token write would make the gateway replay a single-use refresh token. */
export interface OAuthAuth {
  kind: 'oauth2';
  userId: string;
  accessToken: string;
  refreshToken: string;
  /** ms since epoch when the access token stops working. */
  expiresAt: number;
  /** ms since epoch when Nextcloud issued the access token. */
  issuedAt: number;
}

export interface LoginFlowAuth {
  kind: 'loginflow';
  userId: string;
  loginName: string;
  appPassword: string;
}

export type SessionAuth = OAuthAuth | LoginFlowAuth;

export interface PendingLogin {
  /** `embed`: an iframe waiting for a login done in a popup window. */
  kind: 'oauth2' | 'loginflow' | 'embed';
  /** OAuth2 `state` (bound to this session), the Login Flow v2 poll token, or the embed nonce. */
  secret: string;
  /** For a popup login: the nonce of the iframe session it signs in. */
  embedNonce?: string;
  returnTo: string;
  createdAt: number;
}

export interface SessionRecord {
  /** The school (tenant id) whose gateway wrote the record; only that school's gateway reads it (tenant-store.ts). */
  tenant?: string;
  createdAt?: number;
  lastSeenAt?: number;
  pending?: PendingLogin;
  auth?: SessionAuth;
  user?: { id: string; displayName: string };
  /** A one-time code that hands a popup's login to the iframe that asked for it. */
  handoff?: { sessionKey: string; nonce: string; createdAt: number };
  /** Cookies Nextcloud set for this session (Talk binds room sessions to Nextcloud's PHP session). */
  jar?: Record<string, string>;
}

export type SessionField = keyof SessionRecord;
export type SessionPatch = { [K in SessionField]?: SessionRecord[K] | null };

export interface SessionStore {
  get(id: string): Promise<SessionRecord | null>;
  /** Writes only the given fields (null deletes a field) and renews the idle lifetime. */
  patch(id: string, patch: SessionPatch, ttlSeconds: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** A short lock shared by every gateway using this store. Returns a token to release it, or null. */
  acquireLock(name: string, ttlMs: number): Promise<string | null>;
  releaseLock(name: string, token: string): Promise<void>;
  close(): Promise<void>;
}
