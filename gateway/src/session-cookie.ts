import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = '__Host-klassenraum_session';

export interface CookieOptions {
  /** Embed mode (Schulportal iframe): the cookie must be sent in a third-party context. */
  embedded: boolean;
  maxAgeSeconds: number;
}

/** A new unguessable session id (256 bits). Only its hash is ever used as a store key, so a leaked
 * store dump does not hand out usable cookies. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function storeKey(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}

/** `__Host-` demands Secure, Path=/ and no Domain. Browsers treat http://localhost as secure, so the same
 * cookie works in the demo. */
export function sessionCookie(value: string, opts: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'Secure'];
  if (opts.embedded) parts.push('SameSite=None', 'Partitioned');
  else parts.push('SameSite=Lax');
  parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  return parts.join('; ');
}

export function clearedSessionCookie(opts: Pick<CookieOptions, 'embedded'>): string {
  return sessionCookie('', { ...opts, maxAgeSeconds: 0 });
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function readSessionId(req: IncomingMessage): string | null {
  const value = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  return value && SESSION_ID_SHAPE.test(value) ? value : null;
}
