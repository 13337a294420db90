import { z } from 'zod';
import type { DirectoryMapping } from '../../src/api/gateway-contract.js';
import { DirectoryConfigError, loadDirectoryMapping } from './directory-mapping.js';

/** Everything the gateway needs to know, read once from the environment. The Nextcloud destination is
 * configuration only: nothing a browser sends can change where the gateway connects to. */
export interface GatewayConfig {
  /** The school's id when one gateway serves several (tenants.ts); absent for a gateway of one school. */
  tenantId?: string;
  host: string;
  port: number;
  /** Origin the browser uses for the app, e.g. https://klassenraum.schule.de (no path). */
  publicOrigin: string;
  /** Nextcloud as the gateway reaches it (may be an internal address). */
  nextcloudUrl: URL;
  /** Nextcloud as the browser reaches it (login pages). Defaults to nextcloudUrl. */
  nextcloudPublicUrl: URL;
  authMode: 'oauth2' | 'loginflow';
  oauth: { clientId: string; clientSecret: string } | null;
  /** Built SPA to serve, or null (API-only, e.g. behind `vite dev`). */
  staticDir: string | null;
  sessionStore: { kind: 'memory' } | { kind: 'redis'; url: string; prefix: string };
  /** Idle lifetime of a session (sliding). */
  sessionIdleSeconds: number;
  /** Absolute lifetime of the session cookie. */
  sessionMaxAgeSeconds: number;
  /** Origins allowed to frame the app (Schulportal). Non-empty enables embed mode. */
  embedOrigins: string[];
  /** Number of reverse proxies in front of the gateway whose X-Forwarded-For entries are trusted. */
  trustProxyHops: number;
  /** Extra CSP connect-src entries (signaling server, LiveKit). */
  connectSrc: string[];
  /** LiveKit as the video transport (else Talk's high-performance backend). */
  livekit: { url: string; apiKey: string; apiSecret: string; tokenTtlSeconds: number } | null;
  /** Name of this software towards Nextcloud (shown on its "grant access" page and in its devices list). */
  userAgent: string;
  /** A request body that sends no byte for this long is answered 408 and closed (0: never). */
  bodyIdleMs: number;
  /** Nextcloud sending nothing (no headers, no body byte) for this long gives 504 (0: never). */
  upstreamIdleMs: number;
  /** Which groups are classes and which make a teacher (directory-mapping.ts), served to the app. */
  directory: DirectoryMapping;
}

const origin = z
  .url()
  .transform((v) => new URL(v))
  .refine((u) => u.protocol === 'https:' || u.protocol === 'http:', 'must be http(s)');

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  APP_URL: origin,
  NEXTCLOUD_URL: origin,
  NEXTCLOUD_PUBLIC_URL: origin.optional(),
  AUTH_MODE: z.enum(['oauth2', 'loginflow']).optional(),
  OAUTH_CLIENT_ID: z.string().min(1).optional(),
  OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  STATIC_DIR: z.string().optional(),
  SESSION_STORE: z.enum(['memory', 'redis']).default('memory'),
  REDIS_URL: z.string().optional(),
  REDIS_PREFIX: z.string().default('klassenraum:'),
  SESSION_IDLE_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().positive().default(30 * 24 * 3600),
  EMBED_ALLOWED_ORIGINS: z.string().default(''),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  CSP_CONNECT_SRC: z.string().default(''),
  LIVEKIT_URL: z.url().refine((u) => /^wss?:/.test(u), 'must be a ws:// or wss:// URL').optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(32, 'LiveKit secrets are at least 32 characters').optional(),
  LIVEKIT_TOKEN_TTL: z.coerce.number().int().min(60).max(3600).default(600),
  REQUEST_BODY_IDLE_SECONDS: z.coerce.number().min(0).default(120),
  UPSTREAM_IDLE_SECONDS: z.coerce.number().min(0).default(300),
});

export class ConfigError extends Error {}

/** `base` + an absolute path, keeping a sub-directory install (https://school.de/nextcloud) intact. */
export function urlFor(base: URL, path: string): string {
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`;
}

function list(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function stripTrailingSlash(u: URL): URL {
  const copy = new URL(u.href);
  copy.pathname = copy.pathname.replace(/\/+$/, '');
  copy.search = '';
  copy.hash = '';
  return copy;
}

export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  // An empty variable means "not set" (shells and compose files often export VAR= ).
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid gateway configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const hasOauth = Boolean(e.OAUTH_CLIENT_ID && e.OAUTH_CLIENT_SECRET);
  const authMode = e.AUTH_MODE ?? (hasOauth ? 'oauth2' : 'loginflow');
  if (authMode === 'oauth2' && !hasOauth) {
    throw new ConfigError('AUTH_MODE=oauth2 needs OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET (or use AUTH_MODE=loginflow).');
  }
  if (e.SESSION_STORE === 'redis' && !e.REDIS_URL) {
    throw new ConfigError('SESSION_STORE=redis needs REDIS_URL, e.g. redis://127.0.0.1:6379/0');
  }
  const embedOrigins = list(e.EMBED_ALLOWED_ORIGINS).map((o) => {
    const u = new URL(o);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError(`EMBED_ALLOWED_ORIGINS: ${o} is not http(s)`);
    return u.origin;
  });
  const nextcloudUrl = stripTrailingSlash(e.NEXTCLOUD_URL);
  let directory: DirectoryMapping;
  try {
    directory = loadDirectoryMapping(env);
  } catch (err) {
    if (err instanceof DirectoryConfigError) throw new ConfigError(err.message);
    throw err;
  }
  const livekitParts = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET].filter(Boolean).length;
  if (livekitParts !== 0 && livekitParts !== 3) throw new ConfigError('LiveKit needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together.');
  const livekit =
    e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
      ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY, apiSecret: e.LIVEKIT_API_SECRET, tokenTtlSeconds: e.LIVEKIT_TOKEN_TTL }
      : null;
  return {
    host: e.HOST,
    port: e.PORT,
    publicOrigin: e.APP_URL.origin,
    nextcloudUrl,
    nextcloudPublicUrl: e.NEXTCLOUD_PUBLIC_URL ? stripTrailingSlash(e.NEXTCLOUD_PUBLIC_URL) : nextcloudUrl,
    authMode,
    oauth: hasOauth ? { clientId: e.OAUTH_CLIENT_ID ?? '', clientSecret: e.OAUTH_CLIENT_SECRET ?? '' } : null,
    staticDir: e.STATIC_DIR ?? null,
    sessionStore: e.SESSION_STORE === 'redis' ? { kind: 'redis', url: e.REDIS_URL ?? '', prefix: e.REDIS_PREFIX } : { kind: 'memory' },
    sessionIdleSeconds: e.SESSION_IDLE_SECONDS,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE_SECONDS,
    embedOrigins,
    trustProxyHops: e.TRUST_PROXY,
    // livekit-client speaks WebSocket and also HTTPS (connection checks) to the same host.
    connectSrc: [...list(e.CSP_CONNECT_SRC), ...(livekit ? [new URL(livekit.url).origin, new URL(livekit.url).origin.replace(/^ws/, 'http')] : [])],
    livekit,
    userAgent: 'Klassenraum',
    bodyIdleMs: e.REQUEST_BODY_IDLE_SECONDS * 1000,
    upstreamIdleMs: e.UPSTREAM_IDLE_SECONDS * 1000,
    directory,
  };
}
