/**
 * A Nextcloud-compatible development server (Nextcloud 32 + Talk 22 + Deck 1.16 protocol), used by the
 * demo and by every test. Plain node:http; state in memory, optionally persisted to a JSON file.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { liveWebLogins } from './auth/web-session.js';
import type { App, Ctx, OAuthClient, TokenRequestRecord } from './context.js';
import { startDeckJobs } from './deck/jobs.js';
import { addGroupMember, configureTalk, type SignalingServerOption } from './talk/routes.js';
import { installSignaling } from './signaling/index.js';
import { htmlReply, jsonReply, parseParams, readBody, type Reply } from './http.js';
import { messagePage } from './auth/pages.js';
import { loadResponseValidator, type ResponseValidator } from './openapi/validator.js';
import { setQuota } from './dav/quota.js';
import { newThrottle, throttleRequest } from './auth/throttle.js';
import { Store } from './state.js';
import type { DevServerTheming } from './core/theming.js';
import { addExtraStudents, addUcsSchool, type ExtraSchool } from './seed.js';
import { clientIpOf, headerValue, recordedHeaders, dispatch } from './dispatch.js';

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
  /** A second demo school beside the demo school, e.g. UCS@school names (seed.ts addUcsSchool; per process). */
  extraSchool?: ExtraSchool;
  /**
   * Brute-force delays after failed logins (throttle.ts): 1 = Nextcloud's timing (100 ms × 2^attempts, 429
   * beyond 25 s), smaller values scale the delays down, 0 (default) turns delays and 429s off.
   */
  bruteforceDelayScale?: number;
  /** The school's theming (name, colour, logo), as an admin sets it; default: Nextcloud's own, as recorded. */
  theming?: DevServerTheming;
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
  /** Moves the server's clock forward (user statuses expiring, due dates), as time passing would. */
  advanceClock(ms: number): void;
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

/** The server's clock: the wall clock, moved forward by what tests advanced it. */
function offsetClock(): { now: () => number; advance: (ms: number) => void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** The seed's per-process additions (load-test students, a second school). */
function seedExtras(opts: DevServerOptions): void {
  if (opts.extraStudents !== undefined) addExtraStudents(opts.extraStudents);
  if (opts.extraSchool === 'ucsatschool') addUcsSchool();
}

function newApp(opts: DevServerOptions, store: Store, now: () => number): App {
  return {
    store,
    publicUrl: '',
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    oauthClients: opts.oauthClients ?? DEFAULT_OAUTH_CLIENTS,
    tokenRequests: [],
    bruteforce: new Map(),
    throttle: newThrottle(opts.bruteforceDelayScale ?? 0),
    now,
    theming: opts.theming,
  };
}

export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const host = opts.host ?? '127.0.0.1';
  seedExtras(opts);
  const store = new Store(opts.stateFile);
  const clock = offsetClock();
  const app = newApp(opts, store, clock.now);
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
    advanceClock: clock.advance,
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
