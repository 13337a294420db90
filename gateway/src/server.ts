import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientIp } from './client-ip.js';
import type { GatewayConfig } from './config.js';
import { LiveKitBridge, LiveKitError } from './livekit.js';
import { NextcloudAuth } from './nextcloud-auth.js';
import { NextcloudClient } from './nextcloud-client.js';
import { NextcloudProxy } from './proxy.js';
import { isProxyPath, proxyTarget } from './proxy-target.js';
import { safeReturnTo } from './return-to.js';
import { checkCsrf, checkImageRequest, setCommonHeaders } from './security.js';
import { clearedSessionCookie, newSessionId, readSessionId, sessionCookie, storeKey } from './session-cookie.js';
import type { SessionAuth, SessionRecord, SessionStore } from './session-store.js';
import { staticFiles } from './static-files.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { RedisSessionStore } from './stores/redis-store.js';
import { TokenManager } from './token-manager.js';

const PENDING_OAUTH_MS = 10 * 60_000;
const PENDING_FLOW_MS = 20 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export interface Gateway {
  server: http.Server;
  url: string;
  store: SessionStore;
  close(): Promise<void>;
}

export interface GatewayOptions {
  store?: SessionStore;
  log?: (line: string) => void;
}

interface LoadedSession {
  key: string;
  record: SessionRecord;
}

function json(res: ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createSessionStore(config: GatewayConfig): SessionStore {
  return config.sessionStore.kind === 'redis'
    ? new RedisSessionStore(config.sessionStore.url, config.sessionStore.prefix)
    : new MemorySessionStore();
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const store = options.store ?? createSessionStore(config);
  const client = new NextcloudClient(config.nextcloudUrl, config.userAgent);
  const auth = new NextcloudAuth(config, client);
  const tokens = new TokenManager(store, auth, { sessionIdleSeconds: config.sessionIdleSeconds });
  const proxy = new NextcloudProxy(config, client, store, tokens);
  const livekit = config.livekit ? new LiveKitBridge(config, client, config.livekit) : null;
  const serveStatic = staticFiles(config);
  const embedded = config.embedOrigins.length > 0;
  const cookie = (id: string): string => sessionCookie(id, { embedded, maxAgeSeconds: config.sessionMaxAgeSeconds });

  async function loadSession(req: IncomingMessage): Promise<LoadedSession | null> {
    const id = readSessionId(req);
    if (!id) return null;
    const key = storeKey(id);
    const record = await store.get(key);
    if (!record) return null;
    const now = Date.now();
    if (record.auth && now - (record.lastSeenAt ?? 0) > TOUCH_EVERY_MS) {
      record.lastSeenAt = now;
      await store.patch(key, { lastSeenAt: now }, config.sessionIdleSeconds);
    }
    return { key, record };
  }

  /** A successful login gets a fresh session id (no fixation) and drops the pre-login one. */
  async function establish(res: ServerResponse, oldKey: string, sessionAuth: SessionAuth, ip: string): Promise<void> {
    let user: { id: string; displayName: string };
    try {
      user = await auth.currentUser(sessionAuth, ip);
    } catch {
      user = { id: sessionAuth.userId, displayName: sessionAuth.userId };
    }
    const signedIn: SessionAuth = { ...sessionAuth, userId: user.id };
    const id = newSessionId();
    const now = Date.now();
    await store.patch(storeKey(id), { createdAt: now, lastSeenAt: now, auth: signedIn, user }, config.sessionIdleSeconds);
    await store.delete(oldKey);
    res.setHeader('set-cookie', cookie(id));
  }

  async function startPending(res: ServerResponse, kind: 'oauth2' | 'loginflow', secret: string, returnTo: string): Promise<void> {
    const id = newSessionId();
    const now = Date.now();
    const ttl = Math.ceil((kind === 'oauth2' ? PENDING_OAUTH_MS : PENDING_FLOW_MS) / 1000);
    await store.patch(storeKey(id), { createdAt: now, pending: { kind, secret, returnTo, createdAt: now } }, ttl);
    res.setHeader('set-cookie', cookie(id));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    if (!rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
      setCommonHeaders(res, config);
      json(res, 400, { error: 'bad_request' });
      return;
    }
    const url = new URL(rawUrl, config.publicOrigin);
    const pathname = url.pathname;
    const method = req.method ?? 'GET';
    const ip = clientIp(req, config.trustProxyHops);

    if (isProxyPath(rawUrl.split('?')[0] ?? '')) {
      const target = proxyTarget(rawUrl);
      setCommonHeaders(res, config);
      if (!target) {
        json(res, 400, { error: 'path_not_allowed' });
        return;
      }
      const verdict = target.kind === 'image' ? checkImageRequest(req) : checkCsrf(req, config.publicOrigin);
      if (!verdict.ok) {
        json(res, 403, { error: 'csrf', reason: verdict.reason });
        return;
      }
      const session = await loadSession(req);
      if (!session?.record.auth) {
        json(res, 401, { error: 'unauthenticated' });
        return;
      }
      await proxy.handle(req, res, target, { key: session.key, record: session.record, clientIp: ip });
      return;
    }

    if (pathname === '/healthz') {
      json(res, 200, { ok: true });
      return;
    }

    if (pathname.startsWith('/api/')) {
      setCommonHeaders(res, config);
      await handleApi(req, res, url, method, ip);
      return;
    }

    if (pathname.startsWith('/auth/')) {
      setCommonHeaders(res, config);
      await handleAuth(req, res, url, method, ip);
      return;
    }

    if (method !== 'GET' && method !== 'HEAD') {
      setCommonHeaders(res, config);
      json(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      return;
    }
    serveStatic(req, res);
  }

  async function readJson(req: IncomingMessage, limit = 4096): Promise<Record<string, unknown> | null> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return null;
      chunks.push(chunk as Buffer);
    }
    try {
      const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, method: string, ip: string): Promise<void> {
    const route = `${method} ${url.pathname}`;
    if (route === 'GET /api/config') {
      json(res, 200, livekit ? { callTransport: 'livekit', livekitUrl: livekit.settings.url } : { callTransport: 'talk-hpb' });
      return;
    }
    if (route !== 'POST /api/livekit/token' && route !== 'POST /api/livekit/speaking') {
      json(res, 404, { error: 'not_found' });
      return;
    }
    const verdict = checkCsrf(req, config.publicOrigin);
    if (!verdict.ok) {
      json(res, 403, { error: 'csrf', reason: verdict.reason });
      return;
    }
    if (!livekit) {
      json(res, 404, { error: 'livekit_not_configured' });
      return;
    }
    const session = await loadSession(req);
    const sessionAuth = await tokens.current(session?.key ?? '', session?.record.auth, ip);
    if (!session || !sessionAuth || !session.record.user) {
      json(res, 401, { error: 'unauthenticated' });
      return;
    }
    const body = await readJson(req);
    const room = body?.['room'];
    if (typeof room !== 'string') {
      json(res, 400, { error: 'bad_request' });
      return;
    }
    try {
      if (route === 'POST /api/livekit/token') {
        json(res, 200, await livekit.token(sessionAuth, session.record.user, ip, room));
      } else {
        const attendeeId = body?.['attendeeId'];
        const speak = body?.['speak'];
        if (typeof attendeeId !== 'number' || typeof speak !== 'boolean') {
          json(res, 400, { error: 'bad_request' });
          return;
        }
        json(res, 200, { grant: await livekit.setSpeaking(sessionAuth, ip, room, attendeeId, speak) });
      }
    } catch (err) {
      if (!(err instanceof LiveKitError)) throw err;
      json(res, err.status, { error: err.code });
    }
  }

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL, method: string, ip: string): Promise<void> {
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'GET /auth/session': {
        const session = await loadSession(req);
        const record = session?.record;
        if (record?.auth && record.user) {
          json(res, 200, { authenticated: true, authMode: config.authMode, user: record.user });
        } else {
          json(res, 200, { authenticated: false, authMode: config.authMode });
        }
        return;
      }
      case 'GET /auth/login': {
        const returnTo = safeReturnTo(url.searchParams.get('returnTo'), config.publicOrigin);
        if (config.authMode !== 'oauth2') {
          redirect(res, `/login?returnTo=${encodeURIComponent(returnTo)}`);
          return;
        }
        const state = randomBytes(32).toString('base64url');
        await startPending(res, 'oauth2', state, returnTo);
        redirect(res, auth.authorizeUrl(state));
        return;
      }
      case 'GET /auth/callback': {
        const session = await loadSession(req);
        const pending = session?.record.pending;
        const state = url.searchParams.get('state') ?? '';
        const code = url.searchParams.get('code') ?? '';
        if (!session || pending?.kind !== 'oauth2' || !sameSecret(pending.secret, state) || Date.now() - pending.createdAt > PENDING_OAUTH_MS) {
          redirect(res, '/login?error=state_mismatch');
          return;
        }
        // The state is single-use, whatever happens next.
        await store.patch(session.key, { pending: null }, config.sessionIdleSeconds);
        if (url.searchParams.has('error') || !code) {
          redirect(res, `/login?error=login_failed&returnTo=${encodeURIComponent(pending.returnTo)}`);
          return;
        }
        try {
          const tokens = await auth.exchangeCode(code, ip);
          await establish(res, session.key, tokens, ip);
        } catch (err) {
          log(`login failed: ${err instanceof Error ? err.message : String(err)}`);
          redirect(res, `/login?error=login_failed&returnTo=${encodeURIComponent(pending.returnTo)}`);
          return;
        }
        redirect(res, pending.returnTo);
        return;
      }
      case 'POST /auth/logout': {
        const verdict = checkCsrf(req, config.publicOrigin);
        if (!verdict.ok) {
          json(res, 403, { error: 'csrf', reason: verdict.reason });
          return;
        }
        const session = await loadSession(req);
        if (session) {
          const current = session.record.auth;
          await store.delete(session.key);
          if (current) {
            try {
              await auth.revoke(current, ip);
            } catch (err) {
              log(`revoking the Nextcloud app token failed: ${err instanceof Error ? err.message : String(err)}`);
            }
          }
        }
        res.setHeader('set-cookie', clearedSessionCookie({ embedded }));
        res.writeHead(204, { 'cache-control': 'no-store' });
        res.end();
        return;
      }
      case 'POST /auth/flow/start': {
        const verdict = checkCsrf(req, config.publicOrigin);
        if (!verdict.ok) {
          json(res, 403, { error: 'csrf', reason: verdict.reason });
          return;
        }
        const returnTo = safeReturnTo(url.searchParams.get('returnTo'), config.publicOrigin);
        try {
          const flow = await auth.startLoginFlow(ip);
          await startPending(res, 'loginflow', flow.token, returnTo);
          json(res, 200, { loginUrl: flow.loginUrl });
        } catch (err) {
          log(`login flow start failed: ${err instanceof Error ? err.message : String(err)}`);
          json(res, 502, { error: 'nextcloud_unreachable' }, { 'retry-after': '5' });
        }
        return;
      }
      case 'POST /auth/flow/poll': {
        const verdict = checkCsrf(req, config.publicOrigin);
        if (!verdict.ok) {
          json(res, 403, { error: 'csrf', reason: verdict.reason });
          return;
        }
        const session = await loadSession(req);
        const pending = session?.record.pending;
        if (!session || pending?.kind !== 'loginflow' || Date.now() - pending.createdAt > PENDING_FLOW_MS) {
          json(res, 200, { status: 'expired' });
          return;
        }
        try {
          const result = await auth.pollLoginFlow(pending.secret, ip);
          if (!result) {
            json(res, 200, { status: 'pending' });
            return;
          }
          await establish(res, session.key, result, ip);
          json(res, 200, { status: 'done', returnTo: pending.returnTo });
        } catch (err) {
          log(`login flow poll failed: ${err instanceof Error ? err.message : String(err)}`);
          json(res, 502, { error: 'nextcloud_unreachable' }, { 'retry-after': '5' });
        }
        return;
      }
      default:
        json(res, 404, { error: 'not_found' });
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error on ${req.method ?? '?'} ${(req.url ?? '').split('?')[0] ?? ''}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) json(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  // Uploads of large files may take long: no overall request deadline, but headers must arrive quickly.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    server,
    url: `http://${host}:${address.port}`,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      client.close();
      await store.close();
    },
  };
}
