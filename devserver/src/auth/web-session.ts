/**
 * Nextcloud's browser session as web-session.json records it: the PHP session cookie (named after the
 * instance id, shared with Talk's room sessions), `oc_sessionPassphrase`, the SameSite check cookies, and
 * after a login the remember-me cookies `nc_username`, `nc_token`, `nc_session_id`. A remember-me cookie
 * signs a browser whose session ended in again. Logging out needs the session's requesttoken.
 */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import { parseCookies, redirectReply, str, type Reply } from '../http.js';
import type { BrowserSession, RememberToken } from './model.js';
import { SESSION_COOKIE } from '../talk/core.js';

export { SESSION_COOKIE };

/** Nextcloud's `remember_login_cookie_lifetime` default: 15 days. */
const REMEMBER_SECONDS = 15 * 24 * 3600;
const REMEMBER_COOKIES = ['nc_username', 'nc_token', 'nc_session_id'];

export interface WebSession {
  session: BrowserSession;
  /** Set-Cookie lines this answer must carry. */
  cookies: string[];
}

function cookieLine(name: string, value: string, maxAge?: number): string {
  const parts = [`${name}=${value}`, 'path=/', 'HttpOnly', 'SameSite=Lax'];
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

function deletedLine(name: string): string {
  return `${name}=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/; HttpOnly; SameSite=Lax`;
}

function rememberTokens(ctx: Ctx): RememberToken[] {
  ctx.app.store.data.rememberTokens ??= [];
  return ctx.app.store.data.rememberTokens;
}

function newSession(ctx: Ctx, id: string): BrowserSession {
  const created: BrowserSession = {
    id,
    uid: null,
    csrf: randomBytes(24).toString('base64url'),
    oauth: null,
    loginFlowToken: null,
    createdAt: ctx.app.now(),
  };
  ctx.app.store.data.sessions.push(created);
  ctx.app.store.changed();
  return created;
}

/** A browser whose session is gone but which still sends valid remember-me cookies is signed in again
 * (Nextcloud's loginWithCookie), and its remember-me token is renewed. */
function loginWithCookie(ctx: Ctx, s: BrowserSession, cookies: Record<string, string>, out: string[]): void {
  const uid = cookies['nc_username'];
  const token = cookies['nc_token'];
  if (uid === undefined || token === undefined) return;
  const list = rememberTokens(ctx);
  const found = list.find((t) => t.uid === uid && t.token === token);
  if (found === undefined) return;
  s.uid = uid;
  found.token = randomBytes(24).toString('base64url');
  found.createdAt = ctx.app.now();
  out.push(cookieLine('nc_token', found.token, REMEMBER_SECONDS), cookieLine('nc_session_id', s.id, REMEMBER_SECONDS));
  ctx.app.store.changed();
}

/** The browser session of this request (created when the browser has none); the instance cookie is
 * renewed on every answer, as PHP does. */
export function webSession(ctx: Ctx): WebSession {
  const cookies = parseCookies(ctx.header('cookie'));
  const id = cookies[SESSION_COOKIE];
  const out: string[] = [];
  let s = id === undefined || id === '' ? undefined : ctx.app.store.data.sessions.find((x) => x.id === id);
  if (s === undefined) {
    s = newSession(ctx, randomBytes(24).toString('base64url'));
    out.push(
      cookieLine('oc_sessionPassphrase', randomBytes(32).toString('base64url')),
      cookieLine('nc_sameSiteCookielax', 'true'),
      cookieLine('nc_sameSiteCookiestrict', 'true'),
    );
  }
  if (s.uid === null) loginWithCookie(ctx, s, cookies, out);
  out.push(cookieLine(SESSION_COOKIE, s.id));
  return { session: s, cookies: out };
}

/** The signed-in user of a browser session sent with this request, without creating anything. */
export function sessionUser(ctx: Ctx): string | null {
  const id = parseCookies(ctx.header('cookie'))[SESSION_COOKIE];
  if (id === undefined) return null;
  return ctx.app.store.data.sessions.find((s) => s.id === id)?.uid ?? null;
}

/** Nextcloud's once-only redirect after a logout (base.php, `clearingExecutionContexts`). */
export function clearingRedirect(ctx: Ctx, web: WebSession): Reply | null {
  if (web.session.clearing !== true) return null;
  web.session.clearing = false;
  ctx.app.store.changed();
  if (ctx.query.get('clear') === '1') return null;
  return { ...redirectReply(`${ctx.app.publicUrl}/login?clear=1`), cookies: web.cookies };
}

/** A successful password login: a new session id (no fixation), a fresh requesttoken and remember-me cookies. */
export function signIn(ctx: Ctx, web: WebSession, uid: string): void {
  const s = web.session;
  s.id = randomBytes(24).toString('base64url');
  s.uid = uid;
  s.csrf = randomBytes(24).toString('base64url');
  const token = randomBytes(24).toString('base64url');
  rememberTokens(ctx).push({ uid, token, createdAt: ctx.app.now() });
  ctx.app.store.changed();
  web.cookies = [
    ...web.cookies.filter((c) => !c.startsWith(`${SESSION_COOKIE}=`)),
    cookieLine(SESSION_COOKIE, s.id),
    cookieLine('nc_username', uid, REMEMBER_SECONDS),
    cookieLine('nc_token', token, REMEMBER_SECONDS),
    cookieLine('nc_session_id', s.id, REMEMBER_SECONDS),
  ];
}

/** Session::logout(): the user leaves the session and the remember-me cookies expire. `rememberToken`
 * is the `nc_token` the browser sent, whose stored token LoginController::logout deletes. */
export function signOut(ctx: Ctx, web: WebSession): void {
  const s = web.session;
  const sent = parseCookies(ctx.header('cookie'))['nc_token'];
  if (sent !== undefined && s.uid !== null) {
    const d = ctx.app.store.data;
    d.rememberTokens = rememberTokens(ctx).filter((t) => !(t.uid === s.uid && t.token === sent));
  }
  s.uid = null;
  s.oauth = null;
  s.loginFlowToken = null;
  s.csrf = randomBytes(24).toString('base64url');
  ctx.app.store.changed();
  web.cookies.unshift(...REMEMBER_COOKIES.map(deletedLine));
}

/** The requesttoken of a request: query, form body or `requesttoken` header (Request::passesCSRFCheck). */
export function requestTokenOf(ctx: Ctx): string | undefined {
  return ctx.query.get('requesttoken') ?? str(ctx.params, 'requesttoken') ?? ctx.header('requesttoken');
}

/** LoginController::tryLogin accepts only an Origin header naming a trusted domain (this server). */
export function originIsTrusted(ctx: Ctx): boolean {
  const origin = ctx.header('origin');
  if (origin === undefined || origin === '') return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === new URL(ctx.app.publicUrl).host || host === ctx.header('host');
}

/** Test control: browser sessions and remember-me tokens of a user that would still sign a browser in. */
export function liveWebLogins(ctx: Pick<Ctx, 'app'>, uid: string): { sessions: number; rememberTokens: number } {
  const d = ctx.app.store.data;
  return { sessions: d.sessions.filter((s) => s.uid === uid).length, rememberTokens: (d.rememberTokens ?? []).filter((t) => t.uid === uid).length };
}
