/**
 * A Nextcloud-compatible development server (Nextcloud 32 + Talk 22 + Deck 1.16 protocol), used by the
 * demo and by every test. Plain node:http; state in memory, optionally persisted to a JSON file.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './auth/auth.js';
import { liveWebLogins, sessionUser } from './auth/web-session.js';
import { avatarRoutes } from './core/avatar.js';
import {
  csrfToken,
  doLogin,
  doLogout,
  loginFlowGrant,
  loginFlowGrantPage,
  loginFlowLanding,
  oauthAuthorize,
  oauthFlowEntry,
  oauthGrant,
  oauthGrantPage,
  filesAppPage,
  showLogin,
} from './auth/browser-flows.js';
import type { App, Ctx, OAuthClient, TokenRequestRecord } from './context.js';
import { circleRoutes, teamsCoreRoutes } from './teams/circles.js';
import { coreOcsRoutes, corePlainRoutes } from './core/core-api.js';
import { coreExtraRoutes } from './core/core-extra.js';
import { unifiedSearchRoutes } from './core/unified-search.js';
import { davRoutes } from './dav/handlers.js';
import { deckCommentRoutes } from './deck/comments.js';
import { deckRoutes } from './deck/routes.js';
import { startDeckJobs } from './deck/jobs.js';
import { notificationRoutes } from './core/notifications.js';
import { addGroupMember, configureTalk, talkRoutes, type SignalingServerOption } from './talk/routes.js';
import { installSignaling, signalingBackendRoutes } from './signaling/index.js';
import { userStatusRoutes } from './core/user-status.js';
import { emptyReply, htmlReply, jsonReply, parseParams, readBody, type Reply } from './http.js';
import {
  detectFormat,
  INVALID_QUERY_MESSAGE,
  OcsError,
  renderOcs,
  RESPOND_NOT_FOUND,
  RESPOND_SERVER_ERROR,
  RESPOND_UNAUTHORISED,
  type OcsResult,
} from './ocs.js';
import { oauthToken } from './auth/oauth-token.js';
import { messagePage } from './auth/pages.js';
import { compilePattern, matchPattern, type CompiledPattern, type OcsRoute, type PlainRoute } from './router.js';
import { loadResponseValidator, type ResponseValidator } from './openapi/validator.js';
import { shareRoutes } from './teams/shares.js';
import { setQuota } from './dav/quota.js';
import { newThrottle, throttleRequest } from './auth/throttle.js';
import { Store } from './state.js';
import { addExtraStudents } from './seed.js';

export type { TokenRequestRecord } from './context.js';

export interface DevServerOptions {
  host?: string;
  port?: number;
  publicUrl?: string;
  accessTokenTtlSeconds?: number;
  oauthClients?: OAuthClient[];
  stateFile?: string;
  quiet?: boolean;
  /** Validate every JSON response against Nextcloud's OpenAPI specs; 'throw' turns a violation into a 500. Env DEVSERVER_VALIDATE=1 (or =throw). */
  validateResponses?: boolean | 'throw';
  /** Talk's external signaling server (HPB); without one Talk reports internal signaling. */
  signalingServer?: SignalingServerOption;
  /** Extra students in class 7a for load benchmarks (seed.ts addExtraStudents; per process). */
  extraStudents?: number;
  /**
   * Brute-force delays after failed logins (throttle.ts): 1 = Nextcloud's timing (100 ms × 2^attempts, 429
   * beyond 25 s), smaller values scale the delays down, 0 (default) turns delays and 429s off.
   */
  bruteforceDelayScale?: number;
}

export interface SchemaViolation {
  method: string;
  path: string;
  status: number;
  operationId: string;
  errors: string[];
  at: number;
}

/** Fails a test run whose dev server sent responses that violate Nextcloud's OpenAPI specs (the first 20 are listed). */
export function assertNoSchemaViolations(violations: readonly SchemaViolation[]): void {
  if (violations.length === 0) return;
  const lines = violations.slice(0, 20).map((v) => `${v.method} ${v.path} ${v.status} (${v.operationId}): ${v.errors.join('; ')}`);
  throw new Error(`The dev server sent ${violations.length} response(s) that violate Nextcloud's OpenAPI specs:\n${lines.join('\n')}`);
}

export interface RequestRecord {
  method: string;
  path: string;
  user: string | null;
  status: number;
  at: number;
  /** When the answer was sent (a long-poll's end); with `at` it tells which requests were open at once. */
  endedAt: number;
  headers: Record<string, string>;
  remoteAddress: string;
}

export interface DevServerControl {
  requests(): RequestRecord[];
  resetRequests(): void;
  expireAccessTokens(): void;
  tokenRequests(): TokenRequestRecord[];
  bruteforceAttempts(): number;
  /** Responses that did not match the OpenAPI specs (empty when validation is off or the specs are absent). */
  schemaViolations(): SchemaViolation[];
  /** Adds a user to a group at runtime, as an admin would (Talk rooms with the group pick the user up). */
  addGroupMember(groupId: string, userId: string): boolean;
  /** Sets a user's storage quota in bytes (null = unlimited), as an admin would. */
  setQuota(userId: string, bytes: number | null): void;
  /** Browser sessions signed in as the user, and remember-me tokens that would sign a browser in again. */
  webLogins(userId: string): { sessions: number; rememberTokens: number };
}

export interface DevServer {
  url: string;
  close(): Promise<void>;
  control: DevServerControl;
}

export const DEFAULT_OAUTH_CLIENTS: OAuthClient[] = [
  {
    name: 'Klassenraum',
    clientId: 'klassenraum-demo',
    clientSecret: 'klassenraum-demo-secret',
    redirectUri: 'http://localhost:8080/auth/callback',
  },
];

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
function clientIpOf(req: IncomingMessage): string {
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

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
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

async function dispatch(ctx: Ctx): Promise<Reply> {
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

interface Runtime {
  app: App;
  requests: RequestRecord[];
  quiet: boolean;
  validator: ResponseValidator | null;
  validateMode: 'record' | 'throw';
  violations: SchemaViolation[];
}

async function handleControl(rt: Runtime, method: string, path: string): Promise<Reply> {
  const app = rt.app;
  await Promise.resolve();
  if (method === 'GET' && path === '/__devserver/requests') return jsonReply(200, rt.requests);
  if (method === 'GET' && path === '/__devserver/token-requests') return jsonReply(200, app.tokenRequests);
  if (method === 'GET' && path === '/__devserver/schema-violations') {
    return jsonReply(200, { enabled: rt.validator !== null, violations: rt.violations });
  }
  if (method === 'GET' && path === '/__devserver/bruteforce') {
    return jsonReply(200, { attempts: totalAttempts(app), byIp: Object.fromEntries(app.bruteforce) });
  }
  if (method === 'POST' && path === '/__devserver/reset') {
    resetRequests(rt);
    return jsonReply(200, { ok: true });
  }
  if (method === 'POST' && path === '/__devserver/expire-access-tokens') {
    expireAccessTokens(app);
    return jsonReply(200, { ok: true });
  }
  return jsonReply(404, { error: 'unknown control endpoint' });
}

function totalAttempts(app: App): number {
  let n = 0;
  for (const v of app.bruteforce.values()) n += v;
  return n;
}

function resetRequests(rt: Runtime): void {
  rt.requests.length = 0;
  rt.app.tokenRequests.length = 0;
}

function expireAccessTokens(app: App): void {
  const now = app.now();
  for (const t of app.store.data.appTokens) if (t.oauth) t.expiresAt = now - 1;
  app.store.changed();
}

async function handle(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, 'http://devserver.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  let reply: Reply;
  if (url.pathname.startsWith('/__devserver/')) {
    reply = await handleControl(rt, method, url.pathname);
    send(res, await persistedFirst(rt, reply));
    return;
  }
  const ctx: Ctx = {
    app: rt.app,
    req,
    method,
    url,
    path: url.pathname,
    query: url.searchParams,
    body: Buffer.alloc(0),
    params: {},
    clientIp: clientIpOf(req),
    header: (name) => headerValue(req, name),
    user: null,
  };
  try {
    ctx.body = await readBody(req);
    ctx.params = parseParams(url.searchParams, headerValue(req, 'content-type'), ctx.body);
    reply = (await throttleRequest(ctx)) ?? (await dispatch(ctx));
  } catch (err) {
    console.error('[devserver] request failed:', err);
    reply = htmlReply(500, messagePage('Internal Server Error', 'The server encountered an internal error.'));
  }
  if (rt.validator !== null && reply.json !== undefined && reply.unrouted !== true) reply = checkSchema(rt, rt.validator, method, rawUrl, reply);
  rt.requests.push({
    method,
    path: rawUrl,
    user: ctx.user,
    status: reply.status,
    at: started,
    endedAt: Date.now(),
    headers: recordedHeaders(req),
    remoteAddress: req.socket.remoteAddress ?? '',
  });
  if (!rt.quiet) {
    console.log(`[devserver] ${method} ${rawUrl} ${reply.status} ${Date.now() - started}ms${ctx.user === null ? '' : ` ${ctx.user}`}`);
  }
  send(res, await persistedFirst(rt, reply));
}

/** What the client is told happened is in the state file first: a crash right after the answer loses nothing. */
async function persistedFirst(rt: Runtime, reply: Reply): Promise<Reply> {
  try {
    await rt.app.store.persisted();
    return reply;
  } catch (err) {
    console.error('[devserver] could not write the state file:', err);
    return htmlReply(500, messagePage('Internal Server Error', 'The server encountered an internal error.'));
  }
}

function checkSchema(rt: Runtime, validator: ResponseValidator, method: string, path: string, reply: Reply): Reply {
  const result = validator.validate(method, path, reply.status, reply.json);
  if (result.kind !== 'invalid') return reply;
  const violation: SchemaViolation = { method, path, status: reply.status, operationId: result.operationId, errors: result.errors, at: Date.now() };
  rt.violations.push(violation);
  console.error(`[devserver] response violates ${result.operationId}: ${method} ${path} ${reply.status}\n  ${result.errors.join('\n  ')}`);
  if (rt.validateMode === 'throw') return jsonReply(500, { devserverSchemaViolation: violation });
  return reply;
}

function validationMode(opt: DevServerOptions['validateResponses']): 'off' | 'record' | 'throw' {
  const v = opt ?? (process.env['DEVSERVER_VALIDATE'] === 'throw' ? 'throw' : process.env['DEVSERVER_VALIDATE'] === '1');
  if (v === 'throw') return 'throw';
  return v ? 'record' : 'off';
}

function send(res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  const headers: Record<string, string | number | string[]> = { ...reply.headers };
  if (reply.cookies !== undefined && reply.cookies.length > 0) {
    const single = reply.headers['set-cookie'];
    headers['set-cookie'] = [...(single === undefined ? [] : [single]), ...reply.cookies];
  }
  // Nextcloud sends this on every answer (web-session.json; OCS included).
  headers['x-frame-options'] ??= 'SAMEORIGIN';
  if (reply.status !== 304 && reply.status !== 204 && headers['content-length'] === undefined) headers['content-length'] = body.length;
  res.writeHead(reply.status, headers);
  res.end(reply.status === 304 || reply.status === 204 ? undefined : body);
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const host = opts.host ?? '127.0.0.1';
  if (opts.extraStudents !== undefined) addExtraStudents(opts.extraStudents);
  const store = new Store(opts.stateFile);
  const app: App = {
    store,
    publicUrl: '',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    oauthClients: opts.oauthClients ?? DEFAULT_OAUTH_CLIENTS,
    tokenRequests: [],
    bruteforce: new Map(),
    throttle: newThrottle(opts.bruteforceDelayScale ?? 0),
    now: () => Date.now(),
  };
  configureTalk(app, { signalingServer: opts.signalingServer });
  const stopDeckJobs = startDeckJobs(app);
  const stopSignaling = installSignaling(app, opts.signalingServer);
  const mode = validationMode(opts.validateResponses);
  const rt: Runtime = {
    app,
    requests: [],
    quiet: opts.quiet ?? false,
    validator: mode === 'off' ? null : loadResponseValidator(),
    validateMode: mode === 'throw' ? 'throw' : 'record',
    violations: [],
  };
  const server = createServer((req, res) => {
    handle(rt, req, res).catch((err: unknown) => {
      console.error('[devserver] unhandled:', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  app.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, '');
  const control: DevServerControl = {
    requests: () => [...rt.requests],
    resetRequests: () => {
      resetRequests(rt);
    },
    expireAccessTokens: () => {
      expireAccessTokens(app);
    },
    tokenRequests: () => [...app.tokenRequests],
    bruteforceAttempts: () => totalAttempts(app),
    schemaViolations: () => [...rt.violations],
    addGroupMember: (groupId, userId) => addGroupMember(app, groupId, userId),
    setQuota: (userId, bytes) => {
      setQuota(app, userId, bytes);
    },
    webLogins: (userId) => liveWebLogins({ app }, userId),
  };
  return {
    url,
    control,
    close: async () => {
      stopDeckJobs();
      stopSignaling();
      store.flush();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
