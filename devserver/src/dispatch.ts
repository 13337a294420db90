/**
 * The route tables and how a request finds its handler: OCS (v1/v2, with authentication and the envelope),
 * index.php (with and without the prefix) and the plain routes (WebDAV, avatars, status.php); the client IP
 * as Nextcloud sees it behind a loopback proxy.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticate } from './auth/auth.js';
import { sessionUser } from './auth/web-session.js';
import { avatarRoutes } from './core/avatar.js';
import { csrfToken, doLogin, doLogout, loginFlowGrant, loginFlowGrantPage, loginFlowLanding, oauthAuthorize, oauthFlowEntry, oauthGrant, oauthGrantPage, filesAppPage, showLogin } from './auth/browser-flows.js';
import type { Ctx } from './context.js';
import { circleRoutes } from './teams/circles.js';
import { teamsCoreRoutes } from './teams/resources.js';
import { coreOcsRoutes, corePlainRoutes } from './core/core-api.js';
import { coreExtraRoutes } from './core/core-extra.js';
import { unifiedSearchRoutes } from './core/unified-search.js';
import { davRoutes } from './dav/handlers.js';
import { deckCommentRoutes } from './deck/comments.js';
import { deckRoutes } from './deck/routes.js';
import { notificationRoutes } from './core/notifications.js';
import { talkRoutes } from './talk/routes.js';
import { signalingBackendRoutes } from './signaling/index.js';
import { userStatusRoutes } from './core/user-status.js';
import { themingRoutes } from './core/theming.js';
import { emptyReply, htmlReply, jsonReply, type Reply } from './http.js';
import { detectFormat, INVALID_QUERY_MESSAGE, OcsError, renderOcs, RESPOND_NOT_FOUND, RESPOND_SERVER_ERROR, RESPOND_UNAUTHORISED, type OcsResult } from './ocs.js';
import { oauthToken } from './auth/oauth-token.js';
import { messagePage } from './auth/pages.js';
import { compilePattern, matchPattern, type CompiledPattern, type OcsRoute, type PlainRoute } from './router.js';
import { shareeRoutes } from './teams/sharees.js';
import { shareRoutes } from './teams/shares.js';

/** Routes under index.php, matched with and without the `/index.php` prefix (pretty URLs). */
const indexRoutes: PlainRoute[] = [
  { method: 'GET', path: '/login', handler: showLogin },
  { method: 'POST', path: '/login', handler: doLogin },
  { method: 'GET', path: '/logout', handler: doLogout },
  { method: 'GET', path: '/csrftoken', handler: csrfToken },
  { method: 'GET', path: '/apps/files/', handler: filesAppPage },
  { method: 'GET', path: '/apps/oauth2/authorize', handler: oauthAuthorize },
  { method: 'POST', path: '/apps/oauth2/api/v1/token', handler: oauthToken },
  { method: 'GET', path: '/login/flow', handler: oauthFlowEntry },
  { method: 'POST', path: '/login/flow', handler: oauthGrant },
  { method: 'GET', path: '/login/flow/grant', handler: oauthGrantPage },
  { method: 'GET', path: '/login/v2/flow/{token}', handler: (ctx, p) => loginFlowLanding(ctx, p['token'] ?? '') },
  { method: 'GET', path: '/login/v2/grant', handler: loginFlowGrantPage },
  { method: 'POST', path: '/login/v2/grant', handler: loginFlowGrant },
  ...avatarRoutes,
  ...deckRoutes,
  ...themingRoutes,
];

const ocsRoutes: OcsRoute[] = [
  ...coreOcsRoutes,
  ...coreExtraRoutes,
  ...unifiedSearchRoutes,
  ...userStatusRoutes,
  ...notificationRoutes,
  ...talkRoutes,
  ...signalingBackendRoutes,
  ...circleRoutes,
  ...teamsCoreRoutes,
  ...shareRoutes,
  ...shareeRoutes,
  ...deckCommentRoutes,
];
const plainRoutes: PlainRoute[] = [...corePlainRoutes, ...davRoutes];

interface Compiled<R> {
  route: R;
  pattern: CompiledPattern;
}

function compile<R extends { path: string }>(routes: R[]): Compiled<R>[] {
  return routes.map((route) => ({ route, pattern: compilePattern(route.path) }));
}

const compiledOcs = compile(ocsRoutes);
const compiledPlain = compile(plainRoutes);
const compiledIndex = compile(indexRoutes);

type Found<R> = { kind: 'found'; route: R; params: Record<string, string> } | { kind: 'method' } | { kind: 'none' };

function findRoute<R extends { method: string }>(table: Compiled<R>[], method: string, path: string): Found<R> {
  let pathMatched = false;
  for (const c of table) {
    const params = matchPattern(c.pattern, path);
    if (params === null) continue;
    pathMatched = true;
    if (c.route.method === method || c.route.method === '*') return { kind: 'found', route: c.route, params };
  }
  return pathMatched ? { kind: 'method' } : { kind: 'none' };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Nextcloud with the loopback proxy trusted: the right-most X-Forwarded-For entry that is not a proxy. */
export function clientIpOf(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? '';
  const xff = req.headers['x-forwarded-for'];
  if (!LOOPBACK.has(remote) || xff === undefined) return remote;
  const list = (Array.isArray(xff) ? xff.join(',') : xff)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (let i = list.length - 1; i >= 0; i--) {
    const ip = list[i];
    if (ip !== undefined && !LOOPBACK.has(ip)) return ip;
  }
  return list[0] ?? remote;
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    out[k.toLowerCase()] = k.toLowerCase() === 'authorization' ? (value.split(' ')[0] ?? '') : value;
  }
  return out;
}

async function dispatchOcs(ctx: Ctx, version: 1 | 2, rest: string): Promise<Reply> {
  const format = detectFormat(ctx.query, ctx.header('accept'));
  const render = (r: OcsResult): Reply => renderOcs(version, format, r);
  const outcome = authenticate(ctx);
  // As ocs/v2.php: refused Basic credentials throw LoginException, answered with a challenge. An unknown or
  // expired bearer token is no login at all (Session::tryTokenLogin returns false): the request goes on as a
  // guest, so a protected route answers "Current user is not logged in" (no challenge), a public one works.
  const bearer = /^bearer /i.test(ctx.header('authorization') ?? '');
  if (outcome.kind === 'failed' && !bearer) {
    return render({ data: [], status: RESPOND_UNAUTHORISED, message: 'Unauthorised', headers: { 'www-authenticate': 'Basic realm="Authorisation Required"' } });
  }
  // Without credentials, a signed-in browser session (its cookies) authenticates, as in web-session.json.
  const browserUser = outcome.kind === 'none' ? sessionUser(ctx) : null;
  const auth = outcome.kind === 'ok' ? outcome.auth : browserUser === null ? null : { uid: browserUser, tokenId: null, scheme: 'session' as const };
  ctx.user = auth?.uid ?? null;
  const found = findRoute(compiledOcs, ctx.method, rest);
  if (found.kind === 'none') return { ...render({ data: [], status: RESPOND_NOT_FOUND, message: INVALID_QUERY_MESSAGE }), unrouted: true };
  if (found.kind === 'method') return emptyReply(405, { 'content-type': 'text/html; charset=UTF-8' });
  const route = found.route;
  if (route.public !== true && auth === null) {
    return render({ data: [], status: RESPOND_UNAUTHORISED, message: 'Current user is not logged in' });
  }
  if (ctx.header('ocs-apirequest') !== 'true') {
    const accept = ctx.header('accept') ?? '';
    if (accept.toLowerCase().includes('html')) {
      return htmlReply(412, messagePage('Access forbidden', 'CSRF check failed'));
    }
    return jsonReply(412, { message: 'CSRF check failed' });
  }
  try {
    const result =
      route.public === true
        ? await route.handler({ ctx, p: found.params, auth })
        : await route.handler({ ctx, p: found.params, auth: auth ?? { uid: '', tokenId: null, scheme: 'basic' } });
    if (result.etag === true) {
      const etag = `"${createHash('md5').update(JSON.stringify(result.data)).digest('hex')}"`;
      if (ctx.header('if-none-match') === etag) return emptyReply(304, { etag });
      result.headers = { ...result.headers, etag };
    }
    return render(result);
  } catch (err) {
    if (err instanceof OcsError) return render({ data: err.data, status: err.statuscode, message: err.message });
    console.error('[devserver] OCS handler failed:', err);
    return render({ data: [], status: RESPOND_SERVER_ERROR, message: 'Internal Server Error' });
  }
}

export async function dispatch(ctx: Ctx): Promise<Reply> {
  const ocs = /^\/ocs\/v([12])\.php(\/.*)?$/.exec(ctx.path);
  if (ocs !== null) return dispatchOcs(ctx, ocs[1] === '1' ? 1 : 2, ocs[2] ?? '/');
  const plain = findRoute(compiledPlain, ctx.method, ctx.path);
  if (plain.kind === 'found') return plain.route.handler(ctx, plain.params);
  const indexPath = ctx.path.startsWith('/index.php/') ? ctx.path.slice('/index.php'.length) : ctx.path;
  const index = findRoute(compiledIndex, ctx.method, indexPath);
  if (index.kind === 'found') return index.route.handler(ctx, index.params);
  if (plain.kind === 'method' || index.kind === 'method') return emptyReply(405, { 'content-type': 'text/html; charset=UTF-8' });
  return htmlReply(404, messagePage('File not found', 'The document could not be found on the server. Maybe the share was deleted or has expired?'));
}
