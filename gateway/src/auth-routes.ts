/** The gateway's /auth routes, one small handler each: sign-in (OAuth2, Login Flow v2, popup for an
 * iframe), the session the app asks for, and sign-out. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from './config.js';
import { POPUP_DONE_HTML, POPUP_DONE_JS } from './embed-popup.js';
import { fetchFirstWave } from './first-wave.js';
import { PENDING_FLOW_MS, PENDING_OAUTH_MS, type GatewaySessions, type LoadedSession } from './gateway-sessions.js';
import { startAuthorize } from './login-relay.js';
import type { LoginRelayRoutes } from './login-relay-routes.js';
import type { NextcloudAuth } from './nextcloud-auth.js';
import type { NextcloudClient } from './nextcloud-client.js';
import { readJson } from './read-json.js';
import { json, redirect } from './reply.js';
import { safeReturnTo } from './return-to.js';
import { passesCsrf, setAppHeaders } from './security.js';
import { clearedSessionCookie, newSessionId, storeKey } from './session-cookie.js';
import type { PendingLogin, SessionAuth, SessionStore } from './session-store.js';
import { RefreshUnavailable, type TokenManager } from './token-manager.js';
import type { EmbedComplete, EmbedStart, LoginFlowPoll, LoginFlowStart, Session } from '../../src/api/gateway-contract.js';

const HANDOFF_MS = 60_000;
const NONCE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** What the /auth handlers work with; built once per gateway. */
export interface AuthContext {
  config: GatewayConfig;
  store: SessionStore;
  auth: NextcloudAuth;
  client: NextcloudClient;
  sessions: GatewaySessions;
  tokens: TokenManager;
  loginRelay: LoginRelayRoutes;
  log: (line: string) => void;
}

/** One request to a gateway route. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ip: string;
}

type AuthHandler = (ctx: AuthContext, r: RouteRequest) => Promise<void>;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function returnToOf(ctx: AuthContext, url: URL): string {
  return safeReturnTo(url.searchParams.get('returnTo'), ctx.config.publicOrigin);
}

/** The session's current credentials (refreshed if due), or null when there are none or no refresh is possible now. */
async function currentAuth(ctx: AuthContext, loaded: LoadedSession, ip: string): Promise<SessionAuth | null> {
  try {
    return await ctx.tokens.current(loaded.key, loaded.record.auth, ip);
  } catch (err) {
    if (err instanceof RefreshUnavailable) return null;
    throw err;
  }
}

async function session(ctx: AuthContext, { req, res, ip }: RouteRequest): Promise<void> {
  const loaded = await ctx.sessions.load(req);
  const record = loaded?.record;
  const base = { authMode: ctx.config.authMode, embedAllowed: ctx.sessions.embedded };
  if (!loaded || !record?.auth || !record.user) {
    json(res, 200, { authenticated: false, ...base } satisfies Session);
    return;
  }
  // The first screen's user and capabilities come with the answer: one browser round trip less.
  const auth = await currentAuth(ctx, loaded, ip);
  const firstWave = auth ? await fetchFirstWave(ctx.client, auth, ip) : {};
  json(res, 200, { authenticated: true, ...base, user: record.user, firstWave } satisfies Session);
}

async function login(ctx: AuthContext, { req, res, url, ip }: RouteRequest): Promise<void> {
  const returnTo = returnToOf(ctx, url);
  if (ctx.config.authMode !== 'oauth2') {
    redirect(res, `/login?returnTo=${encodeURIComponent(returnTo)}`);
    return;
  }
  const embedNonce = url.searchParams.get('embed') ?? undefined;
  if (embedNonce !== undefined && (!ctx.sessions.embedded || !NONCE_SHAPE.test(embedNonce))) {
    redirect(res, '/login?error=login_failed');
    return;
  }
  // "Anmelden" again: a login left half-way (someone else's password typed, not granted) ends here.
  const previous = await ctx.sessions.load(req);
  if (previous?.record.pending) {
    await ctx.loginRelay.endSession(previous.record.jar, ip);
    await ctx.store.delete(previous.key);
  }
  const state = randomBytes(32).toString('base64url');
  const pendingKey = await ctx.sessions.startPending(res, 'oauth2', state, returnTo, embedNonce);
  try {
    const started = await startAuthorize(ctx.config, ctx.client, ctx.auth.authorizeUrl(state), ip);
    await ctx.store.patch(pendingKey, { jar: started.jar }, Math.ceil(PENDING_OAUTH_MS / 1000));
    redirect(res, started.location);
  } catch (err) {
    ctx.log(`login start failed: ${errorText(err)}`);
    redirect(res, '/login?error=login_failed');
  }
}

/** A popup login for an iframe: hand the session over with a one-time code (see /auth/embed/complete). */
async function handOver(ctx: AuthContext, res: ServerResponse, signedInKey: string, nonce: string): Promise<void> {
  const handoffCode = randomBytes(32).toString('base64url');
  await ctx.store.patch(
    storeKey(`handoff:${handoffCode}`),
    { handoff: { sessionKey: signedInKey, nonce, createdAt: Date.now() } },
    Math.ceil(HANDOFF_MS / 1000),
  );
  redirect(res, `/auth/popup-done#${handoffCode}`);
}

function validOAuthState(loaded: LoadedSession | null, state: string): PendingLogin | null {
  const pending = loaded?.record.pending;
  if (pending?.kind !== 'oauth2' || !sameSecret(pending.secret, state) || Date.now() - pending.createdAt > PENDING_OAUTH_MS) return null;
  return pending;
}

async function callback(ctx: AuthContext, { req, res, url, ip }: RouteRequest): Promise<void> {
  const loaded = await ctx.sessions.load(req);
  const code = url.searchParams.get('code') ?? '';
  const pending = validOAuthState(loaded, url.searchParams.get('state') ?? '');
  if (!loaded || !pending) {
    redirect(res, '/login?error=state_mismatch');
    return;
  }
  const { sessionIdleSeconds } = ctx.config;
  // The state is single-use, whatever happens next.
  await ctx.store.patch(loaded.key, { pending: null }, sessionIdleSeconds);
  // Nextcloud keeps the browser session after an OAuth grant (ClientFlowLoginController): end it now,
  // so no session or remember-me token of this login survives anywhere.
  await ctx.loginRelay.endSession(loaded.record.jar, ip);
  await ctx.store.patch(loaded.key, { jar: null }, sessionIdleSeconds);
  const failed = `/login?error=login_failed&returnTo=${encodeURIComponent(pending.returnTo)}`;
  if (url.searchParams.has('error') || !code) {
    redirect(res, failed);
    return;
  }
  let signedInKey: string;
  try {
    const tokens = await ctx.auth.exchangeCode(code, ip);
    signedInKey = await ctx.sessions.establish(res, loaded.key, tokens, ip);
  } catch (err) {
    ctx.log(`login failed: ${errorText(err)}`);
    redirect(res, failed);
    return;
  }
  if (pending.embedNonce) await handOver(ctx, res, signedInKey, pending.embedNonce);
  else redirect(res, pending.returnTo);
}

function popupDone(ctx: AuthContext, { res }: RouteRequest): Promise<void> {
  setAppHeaders(res, ctx.config);
  // The popup must keep its link to the iframe that opened it.
  res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(POPUP_DONE_HTML);
  return Promise.resolve();
}

function popupDoneScript(_ctx: AuthContext, { res }: RouteRequest): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(POPUP_DONE_JS);
  return Promise.resolve();
}

async function embedStart(ctx: AuthContext, { req, res, url }: RouteRequest): Promise<void> {
  if (!passesCsrf(req, res, ctx.config.publicOrigin)) return;
  if (!ctx.sessions.embedded || ctx.config.authMode !== 'oauth2') {
    json(res, 404, { error: 'embed_not_enabled' });
    return;
  }
  const returnTo = returnToOf(ctx, url);
  const nonce = randomBytes(32).toString('base64url');
  await ctx.sessions.startPending(res, 'embed', nonce, returnTo);
  json(res, 200, { popupUrl: `/auth/login?embed=${nonce}&returnTo=${encodeURIComponent(returnTo)}` } satisfies EmbedStart);
}

/** The popup's signed-in session, if `code` is a live handoff for this iframe's nonce. Single use. */
async function takeHandoff(ctx: AuthContext, code: string, pending: PendingLogin): Promise<LoadedSession | null> {
  const handoffKey = storeKey(`handoff:${code}`);
  const handoff = (await ctx.store.get(handoffKey))?.handoff;
  // Single use, whatever the outcome.
  await ctx.store.delete(handoffKey);
  if (!handoff || !sameSecret(handoff.nonce, pending.secret) || Date.now() - handoff.createdAt > HANDOFF_MS) return null;
  const popupSession = await ctx.store.get(handoff.sessionKey);
  return popupSession?.auth && popupSession.user ? { key: handoff.sessionKey, record: popupSession } : null;
}

async function embedComplete(ctx: AuthContext, { req, res }: RouteRequest): Promise<void> {
  if (!passesCsrf(req, res, ctx.config.publicOrigin)) return;
  const loaded = await ctx.sessions.load(req);
  const pending = loaded?.record.pending;
  const code = (await readJson(req))?.['code'];
  const popup = loaded && pending?.kind === 'embed' && typeof code === 'string' && NONCE_SHAPE.test(code) ? await takeHandoff(ctx, code, pending) : null;
  if (!loaded || !pending || !popup) {
    json(res, 400, { error: 'handoff_failed' });
    return;
  }
  // The tokens move (never copy: a refresh token must belong to exactly one session).
  const id = newSessionId();
  const now = Date.now();
  const { auth, user } = popup.record;
  await ctx.store.patch(storeKey(id), { createdAt: now, lastSeenAt: now, auth, user }, ctx.config.sessionIdleSeconds);
  await ctx.store.delete(popup.key);
  await ctx.store.delete(loaded.key);
  res.setHeader('set-cookie', ctx.sessions.cookie(id));
  json(res, 200, { authenticated: true, returnTo: pending.returnTo } satisfies EmbedComplete);
}

async function logout(ctx: AuthContext, { req, res, ip }: RouteRequest): Promise<void> {
  if (!passesCsrf(req, res, ctx.config.publicOrigin)) return;
  const loaded = await ctx.sessions.load(req);
  if (loaded) {
    const current = loaded.record.auth;
    await ctx.store.delete(loaded.key);
    await ctx.loginRelay.endSession(loaded.record.jar, ip);
    if (current) {
      try {
        await ctx.auth.revoke(current, ip);
      } catch (err) {
        ctx.log(`revoking the Nextcloud app token failed: ${errorText(err)}`);
      }
    }
  }
  res.setHeader('set-cookie', clearedSessionCookie({ embedded: ctx.sessions.embedded }));
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}

async function flowStart(ctx: AuthContext, { req, res, url, ip }: RouteRequest): Promise<void> {
  if (!passesCsrf(req, res, ctx.config.publicOrigin)) return;
  const returnTo = returnToOf(ctx, url);
  try {
    const flow = await ctx.auth.startLoginFlow(ip);
    await ctx.sessions.startPending(res, 'loginflow', flow.token, returnTo);
    json(res, 200, { loginUrl: flow.loginUrl } satisfies LoginFlowStart);
  } catch (err) {
    ctx.log(`login flow start failed: ${errorText(err)}`);
    json(res, 502, { error: 'nextcloud_unreachable' }, { 'retry-after': '5' });
  }
}

async function flowPoll(ctx: AuthContext, { req, res, ip }: RouteRequest): Promise<void> {
  if (!passesCsrf(req, res, ctx.config.publicOrigin)) return;
  const loaded = await ctx.sessions.load(req);
  const pending = loaded?.record.pending;
  if (!loaded || pending?.kind !== 'loginflow' || Date.now() - pending.createdAt > PENDING_FLOW_MS) {
    json(res, 200, { status: 'expired' } satisfies LoginFlowPoll);
    return;
  }
  try {
    const result = await ctx.auth.pollLoginFlow(pending.secret, ip);
    if (!result) {
      json(res, 200, { status: 'pending' } satisfies LoginFlowPoll);
      return;
    }
    await ctx.sessions.establish(res, loaded.key, result, ip);
    json(res, 200, { status: 'done', returnTo: pending.returnTo } satisfies LoginFlowPoll);
  } catch (err) {
    ctx.log(`login flow poll failed: ${errorText(err)}`);
    json(res, 502, { error: 'nextcloud_unreachable' }, { 'retry-after': '5' });
  }
}

/** `METHOD /path` → handler. Anything else under /auth/ is a 404. */
export const authRoutes: ReadonlyMap<string, AuthHandler> = new Map(
  Object.entries({
    'GET /auth/session': session,
    'GET /auth/login': login,
    'GET /auth/callback': callback,
    'GET /auth/popup-done': popupDone,
    'GET /auth/popup-done.js': popupDoneScript,
    'POST /auth/embed/start': embedStart,
    'POST /auth/embed/complete': embedComplete,
    'POST /auth/logout': logout,
    'POST /auth/flow/start': flowStart,
    'POST /auth/flow/poll': flowPoll,
  }),
);

export async function handleAuth(ctx: AuthContext, r: RouteRequest, method: string): Promise<void> {
  const handler = authRoutes.get(`${method} ${r.url.pathname}`);
  if (handler) await handler(ctx, r);
  else json(r.res, 404, { error: 'not_found' });
}
