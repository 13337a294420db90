/**
 * Nextcloud's brute-force throttler: every failed login (password, app password, login form) and every
 * failed OAuth token request is an attempt against the client's IP and an action (`login`,
 * `oauth2GetToken`). Protected requests from that IP then wait 100 ms × 2^attempts (attempts of the last
 * 12 hours, at most 25 s); once the delay would exceed 25 s Nextcloud refuses with 429 Too Many Requests.
 *
 * `scale` multiplies the delay: 1 is Nextcloud's timing, 0 turns delays and 429s off (the default of
 * startDevServer, so tests stay fast), `npm start` uses a small scale.
 */
import { htmlReply, jsonReply, type Reply } from '../http.js';
import { messagePage } from './pages.js';

export type ThrottleAction = 'login' | 'oauth2GetToken' | 'talkRoomPassword';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 25_000;
const WINDOW_MS = 12 * 60 * 60 * 1000;

export interface Throttle {
  scale: number;
  /** `${action} ${ip}` → times of failed attempts (ms). */
  attempts: Map<string, number[]>;
}

/** What the throttler needs of the app (App in context.ts has it); kept structural so context.ts can import this file. */
export interface ThrottleHost {
  /** Brute-force attempts per client IP, as Nextcloud's throttler registers them. */
  bruteforce: Map<string, number>;
  throttle: Throttle;
  now(): number;
}

/** What the throttler reads of a request (Ctx in context.ts has it). */
export interface ThrottledRequest {
  app: ThrottleHost;
  method: string;
  path: string;
  clientIp: string;
  header(name: string): string | undefined;
}

export function newThrottle(scale: number): Throttle {
  if (!Number.isFinite(scale) || scale < 0) throw new RangeError(`bruteforce delay scale must be >= 0, got ${scale}`);
  return { scale, attempts: new Map() };
}

export function registerBruteforceAttempt(app: ThrottleHost, ip: string, action: ThrottleAction = 'login'): void {
  app.bruteforce.set(ip, (app.bruteforce.get(ip) ?? 0) + 1);
  recordAttempt(app, ip, action);
}

function recordAttempt(app: ThrottleHost, ip: string, action: ThrottleAction): void {
  const key = `${action} ${ip}`;
  const list = app.throttle.attempts.get(key) ?? [];
  list.push(app.now());
  app.throttle.attempts.set(key, list);
}

function recentAttempts(app: ThrottleHost, ip: string, action: ThrottleAction): number {
  const since = app.now() - WINDOW_MS;
  return (app.throttle.attempts.get(`${action} ${ip}`) ?? []).filter((t) => t > since).length;
}

/** Nextcloud's delay for the next protected request (before scaling); Infinity once it would pass 25 s. */
export function nextcloudDelayMs(attempts: number): number {
  if (attempts === 0) return 0;
  const delay = FIRST_DELAY_MS * 2 ** attempts;
  return delay > MAX_DELAY_MS ? Infinity : delay;
}

/** Which throttled action a request runs, as Nextcloud's BruteForceProtection attributes and logClientIn name them. */
export function protectedAction(ctx: ThrottledRequest): ThrottleAction | null {
  const path = ctx.path.startsWith('/index.php/') ? ctx.path.slice('/index.php'.length) : ctx.path;
  if (ctx.method === 'POST' && path === '/apps/oauth2/api/v1/token') return 'oauth2GetToken';
  if (ctx.method === 'POST' && path === '/login') return 'login';
  if (ctx.method === 'POST' && /^\/ocs\/v[12]\.php\/apps\/spreed\/api\/v4\/room\/[^/]+\/participants\/active$/.test(path)) return 'talkRoomPassword';
  if ((ctx.header('authorization') ?? '').toLowerCase().startsWith('basic ')) return 'login';
  return null;
}

function tooManyRequests(ctx: ThrottledRequest): Reply {
  if (ctx.path.startsWith('/ocs/')) {
    return jsonReply(429, { ocs: { meta: { status: 'failure', statuscode: 429, message: 'Reached maximum delay' }, data: [] } });
  }
  if (ctx.path.startsWith('/remote.php/')) {
    const body = `<?xml version="1.0" encoding="utf-8"?>
<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">
  <s:exception>OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests</s:exception>
  <s:message>Too many requests</s:message>
</d:error>
`;
    return { status: 429, headers: { 'content-type': 'application/xml; charset=utf-8' }, body };
  }
  return htmlReply(429, messagePage('Too many requests', 'There were too many requests from your network. Retry later or contact your administrator if this is an error.'));
}

/**
 * Waits as Nextcloud's throttler would before a protected request; answers the 429 reply when the
 * delay passed its maximum, null otherwise.
 */
export async function throttleRequest(ctx: ThrottledRequest): Promise<Reply | null> {
  const { scale } = ctx.app.throttle;
  if (scale === 0) return null;
  const action = protectedAction(ctx);
  if (action === null) return null;
  const delay = nextcloudDelayMs(recentAttempts(ctx.app, ctx.clientIp, action));
  if (delay === Infinity) return tooManyRequests(ctx);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay * scale));
  return null;
}
