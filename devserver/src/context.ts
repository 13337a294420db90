import type { IncomingMessage } from 'node:http';
import type { Store } from './state.js';
import type { Throttle } from './auth/throttle.js';
import type { DevServerTheming } from './core/theming.js';

export interface OAuthClient {
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TokenRequestRecord {
  grantType: string;
  code?: string;
  refreshToken?: string;
  outcome: 'issued' | 'invalid_request' | 'invalid_client' | 'invalid_grant';
  at: number;
}

/** Everything handlers share: configuration, state and the counters tests read. */
export interface App {
  store: Store;
  publicUrl: string;
  accessTokenTtlSeconds: number;
  oauthClients: OAuthClient[];
  tokenRequests: TokenRequestRecord[];
  /** Brute-force attempts per client IP, as Nextcloud's throttler registers them. */
  bruteforce: Map<string, number>;
  /** Delays protected requests after failed attempts (throttle.ts). */
  throttle: Throttle;
  /** The admin's theming settings (e2e worlds); undefined: Nextcloud's defaults, as recorded. */
  theming?: DevServerTheming;
  now(): number;
}

/** One request as handlers see it; the body is already read. */
export interface Ctx {
  app: App;
  req: IncomingMessage;
  method: string;
  url: URL;
  /** Raw (still percent-encoded) path without query. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  /** Query merged with a form or JSON body. */
  params: Record<string, unknown>;
  /** The client as Nextcloud sees it (X-Forwarded-For is trusted from loopback proxies). */
  clientIp: string;
  header(name: string): string | undefined;
  /** The authenticated user, set by the dispatcher for the request log. */
  user: string | null;
}
