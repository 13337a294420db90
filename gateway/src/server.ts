import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientIp } from './client-ip.js';
import type { GatewayConfig } from './config.js';
import { POPUP_DONE_HTML, POPUP_DONE_JS } from './embed-popup.js';
import { guardRequestBody } from './idle-timeout.js';
import { LiveKitBridge, LiveKitError } from './livekit.js';
import { relayTarget, startAuthorize } from './login-relay.js';
import { LoginRelayRoutes } from './login-relay-routes.js';
import { NextcloudAuth } from './nextcloud-auth.js';
import { NextcloudClient } from './nextcloud-client.js';
import { NextcloudProxy } from './proxy.js';
import { isProxyPath, proxyTarget } from './proxy-target.js';
import { safeReturnTo } from './return-to.js';
import { checkCsrf, checkImageRequest, setAppHeaders, setCommonHeaders } from './security.js';
import { clearedSessionCookie, newSessionId, readSessionId, sessionCookie, storeKey } from './session-cookie.js';
import type { SessionAuth, SessionRecord, SessionStore } from './session-store.js';
import { staticFiles } from './static-files.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { RedisSessionStore } from './stores/redis-store.js';
import { TokenManager } from './token-manager.js';
import { json } from './reply.js';

const PENDING_OAUTH_MS = 10 * 60_000;
const PENDING_FLOW_MS = 20 * 60_000;
const HANDOFF_MS = 60_000;
const NONCE_SHAPE = /^[A-Za-z0-9_-]{43}$/;
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

function redirect(res: ServerResponse, location: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

/** The CSRF check for state-changing gateway routes; answers 403 itself when it fails. */
function passesCsrf(req: IncomingMessage, res: ServerResponse, publicOrigin: string): boolean {
  const verdict = checkCsrf(req, publicOrigin);
  if (!verdict.ok) json(res, 403, { error: 'csrf', reason: verdict.reason });
  return verdict.ok;
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
  const loginRelay = new LoginRelayRoutes(config, client, store, log, PENDING_OAUTH_MS);
  const endNextcloudSession = (jar: Record<string, string> | undefined, ip: string) => loginRelay.endSession(jar, ip);

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

  /** A successful login gets a fresh session id (no fixation) and drops the pre-login one. Returns the
   * new session's store key. */
  async function establish(res: ServerResponse, oldKey: string, sessionAuth: SessionAuth, ip: string): Promise<string> {
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
    return storeKey(id);
  }

  async function startPending(res: ServerResponse, kind: 'oauth2' | 'loginflow' | 'embed', secret: string, returnTo: string, embedNonce?: string): Promise<string> {
    const id = newSessionId();
    const now = Date.now();
    const ttl = Math.ceil((kind === 'loginflow' ? PENDING_FLOW_MS : PENDING_OAUTH_MS) / 1000);
    const pending = { kind, secret, returnTo, createdAt: now, ...(embedNonce ? { embedNonce } : {}) };
    await store.patch(storeKey(id), { createdAt: now, pending }, ttl);
    res.setHeader('set-cookie', cookie(id));
    return storeKey(id);
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

    const relayed = config.authMode === 'oauth2' ? relayTarget(config, method, rawUrl) : null;
    if (relayed) {
      await loginRelay.handle(req, res, relayed, () => loadSession(req), ip);
      return;
    }

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
    if (route !== 'POST /api/livekit/token' && route !== 'POST /api/livekit/speaking' && route !== 'POST /api/livekit/remove' && route !== 'POST /api/livekit/sync') {
      json(res, 404, { error: 'not_found' });
      return;
    }
    if (!passesCsrf(req, res, config.publicOrigin)) return;
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
      } else if (route === 'POST /api/livekit/sync') {
        json(res, 200, { updated: await livekit.syncGrants(sessionAuth, ip, room) });
      } else if (route === 'POST /api/livekit/remove') {
        const attendeeId = body?.['attendeeId'];
        if (typeof attendeeId !== 'number') {
          json(res, 400, { error: 'bad_request' });
          return;
        }
        await livekit.removeParticipant(sessionAuth, ip, room, attendeeId);
        json(res, 200, { removed: true });
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
      json(res, err.status, { error: err.code, ...err.detail });
    }
  }

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL, method: string, ip: string): Promise<void> {
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'GET /auth/session': {
        const session = await loadSession(req);
        const record = session?.record;
        if (record?.auth && record.user) {
          json(res, 200, { authenticated: true, authMode: config.authMode, embedAllowed: embedded, user: record.user });
        } else {
          json(res, 200, { authenticated: false, authMode: config.authMode, embedAllowed: embedded });
        }
        return;
      }
      case 'GET /auth/login': {
        const returnTo = safeReturnTo(url.searchParams.get('returnTo'), config.publicOrigin);
        if (config.authMode !== 'oauth2') {
          redirect(res, `/login?returnTo=${encodeURIComponent(returnTo)}`);
          return;
        }
        const embedNonce = url.searchParams.get('embed') ?? undefined;
        if (embedNonce !== undefined && (!embedded || !NONCE_SHAPE.test(embedNonce))) {
          redirect(res, '/login?error=login_failed');
          return;
        }
        // "Anmelden" again: a login left half-way (someone else's password typed, not granted) ends here.
        const previous = await loadSession(req);
        if (previous?.record.pending) {
          await endNextcloudSession(previous.record.jar, ip);
          await store.delete(previous.key);
        }
        const state = randomBytes(32).toString('base64url');
        const pendingKey = await startPending(res, 'oauth2', state, returnTo, embedNonce);
        try {
          const started = await startAuthorize(config, client, auth.authorizeUrl(state), ip);
          await store.patch(pendingKey, { jar: started.jar }, Math.ceil(PENDING_OAUTH_MS / 1000));
          redirect(res, started.location);
        } catch (err) {
          log(`login start failed: ${err instanceof Error ? err.message : String(err)}`);
          redirect(res, '/login?error=login_failed');
        }
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
        // Nextcloud keeps the browser session after an OAuth grant (ClientFlowLoginController): end it now,
        // so no session or remember-me token of this login survives anywhere.
        await endNextcloudSession(session.record.jar, ip);
        await store.patch(session.key, { jar: null }, config.sessionIdleSeconds);
        if (url.searchParams.has('error') || !code) {
          redirect(res, `/login?error=login_failed&returnTo=${encodeURIComponent(pending.returnTo)}`);
          return;
        }
        let signedInKey: string;
        try {
          const tokens = await auth.exchangeCode(code, ip);
          signedInKey = await establish(res, session.key, tokens, ip);
        } catch (err) {
          log(`login failed: ${err instanceof Error ? err.message : String(err)}`);
          redirect(res, `/login?error=login_failed&returnTo=${encodeURIComponent(pending.returnTo)}`);
          return;
        }
        if (pending.embedNonce) {
          // A popup login for an iframe: hand the session over with a one-time code (see /auth/embed/complete).
          const handoffCode = randomBytes(32).toString('base64url');
          await store.patch(
            storeKey(`handoff:${handoffCode}`),
            { handoff: { sessionKey: signedInKey, nonce: pending.embedNonce, createdAt: Date.now() } },
            Math.ceil(HANDOFF_MS / 1000),
          );
          redirect(res, `/auth/popup-done#${handoffCode}`);
          return;
        }
        redirect(res, pending.returnTo);
        return;
      }
      case 'GET /auth/popup-done': {
        setAppHeaders(res, config);
        // The popup must keep its link to the iframe that opened it.
        res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(POPUP_DONE_HTML);
        return;
      }
      case 'GET /auth/popup-done.js': {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
        res.end(POPUP_DONE_JS);
        return;
      }
      case 'POST /auth/embed/start': {
        if (!passesCsrf(req, res, config.publicOrigin)) return;
        if (!embedded || config.authMode !== 'oauth2') {
          json(res, 404, { error: 'embed_not_enabled' });
          return;
        }
        const returnTo = safeReturnTo(url.searchParams.get('returnTo'), config.publicOrigin);
        const nonce = randomBytes(32).toString('base64url');
        await startPending(res, 'embed', nonce, returnTo);
        json(res, 200, { popupUrl: `/auth/login?embed=${nonce}&returnTo=${encodeURIComponent(returnTo)}` });
        return;
      }
      case 'POST /auth/embed/complete': {
        if (!passesCsrf(req, res, config.publicOrigin)) return;
        const session = await loadSession(req);
        const pending = session?.record.pending;
        const body = await readJson(req);
        const code = body?.['code'];
        if (!session || pending?.kind !== 'embed' || typeof code !== 'string' || !NONCE_SHAPE.test(code)) {
          json(res, 400, { error: 'handoff_failed' });
          return;
        }
        const handoffKey = storeKey(`handoff:${code}`);
        const handoff = (await store.get(handoffKey))?.handoff;
        // Single use, whatever the outcome.
        await store.delete(handoffKey);
        if (!handoff || !sameSecret(handoff.nonce, pending.secret) || Date.now() - handoff.createdAt > HANDOFF_MS) {
          json(res, 400, { error: 'handoff_failed' });
          return;
        }
        const popupSession = await store.get(handoff.sessionKey);
        if (!popupSession?.auth || !popupSession.user) {
          json(res, 400, { error: 'handoff_failed' });
          return;
        }
        // The tokens move (never copy: a refresh token must belong to exactly one session).
        const id = newSessionId();
        const now = Date.now();
        await store.patch(storeKey(id), { createdAt: now, lastSeenAt: now, auth: popupSession.auth, user: popupSession.user }, config.sessionIdleSeconds);
        await store.delete(handoff.sessionKey);
        await store.delete(session.key);
        res.setHeader('set-cookie', cookie(id));
        json(res, 200, { authenticated: true, returnTo: pending.returnTo });
        return;
      }
      case 'POST /auth/logout': {
        if (!passesCsrf(req, res, config.publicOrigin)) return;
        const session = await loadSession(req);
        if (session) {
          const current = session.record.auth;
          await store.delete(session.key);
          await endNextcloudSession(session.record.jar, ip);
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
        if (!passesCsrf(req, res, config.publicOrigin)) return;
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
        if (!passesCsrf(req, res, config.publicOrigin)) return;
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
    guardRequestBody(req, res, config.bodyIdleMs);
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
