/** Credentials as Nextcloud checks them: the account password, app tokens via Basic, app tokens via Bearer. */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { App, Ctx } from '../context.js';
import { registerBruteforceAttempt } from './throttle.js';
import { DEMO_PASSWORD, findSeedUser, findUserByLogin } from '../seed.js';
import type { AppToken } from './model.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** ISecureRandom::generate($length, CHAR_ALPHANUMERIC). */
export function randomAlnum(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(ALNUM.length)] ?? 'a';
  return s;
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export interface AuthInfo {
  uid: string;
  /** The app token the request authenticated with, null for the account password. */
  tokenId: number | null;
  /** `session`: a signed-in browser session (cookies), no Authorization header. */
  scheme: 'basic' | 'bearer' | 'session';
}

/** ok: authenticated; none: no credentials sent; failed: credentials sent but wrong. */
export type AuthOutcome = { kind: 'ok'; auth: AuthInfo } | { kind: 'none' } | { kind: 'failed' };

export function createAppToken(app: App, uid: string, loginName: string, name: string, oauth: boolean): AppToken {
  const token: AppToken = {
    id: app.store.nextId(),
    token: randomAlnum(72),
    uid,
    loginName,
    name,
    createdAt: app.now(),
    expiresAt: oauth ? app.now() + app.accessTokenTtlSeconds * 1000 : null,
    oauth,
  };
  app.store.data.appTokens.push(token);
  app.store.changed();
  return token;
}

export function findTokenById(app: App, id: number): AppToken | undefined {
  return app.store.data.appTokens.find((t) => t.id === id);
}

function liveToken(app: App, value: string): AppToken | undefined {
  const t = app.store.data.appTokens.find((x) => safeEqual(x.token, value));
  if (t === undefined) return undefined;
  if (t.expiresAt !== null && t.expiresAt <= app.now()) return undefined;
  return t;
}

/** Deletes an app token and the OAuth grant built on it (Nextcloud removes both together). */
export function deleteAppToken(app: App, id: number): void {
  const d = app.store.data;
  d.appTokens = d.appTokens.filter((t) => t.id !== id);
  d.oauthGrants = d.oauthGrants.filter((g) => g.tokenId !== id);
  app.store.changed();
}

function markLogin(app: App, uid: string): void {
  app.store.data.lastLogin[uid] = Math.floor(app.now() / 1000);
}

/** Checks an account password; on failure registers a brute-force attempt as Nextcloud's login does. */
export function checkPassword(app: App, login: string, password: string, ip: string): string | null {
  const user = findUserByLogin(login);
  if (user !== undefined && safeEqual(password, DEMO_PASSWORD)) {
    markLogin(app, user.id);
    return user.id;
  }
  registerBruteforceAttempt(app, ip);
  return null;
}

export function authenticate(ctx: Ctx): AuthOutcome {
  const header = ctx.header('authorization');
  if (header === undefined || header === '') return { kind: 'none' };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer') {
    const t = liveToken(ctx.app, value);
    // An unknown or expired bearer token is not a password guess: no brute-force attempt.
    if (t === undefined || findSeedUser(t.uid) === undefined) return { kind: 'failed' };
    return { kind: 'ok', auth: { uid: t.uid, tokenId: t.id, scheme: 'bearer' } };
  }
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      registerBruteforceAttempt(ctx.app, ctx.clientIp);
      return { kind: 'failed' };
    }
    const login = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const t = liveToken(ctx.app, password);
    if (t !== undefined) {
      if (t.loginName.toLowerCase() === login.toLowerCase()) {
        return { kind: 'ok', auth: { uid: t.uid, tokenId: t.id, scheme: 'basic' } };
      }
      registerBruteforceAttempt(ctx.app, ctx.clientIp);
      return { kind: 'failed' };
    }
    const uid = checkPassword(ctx.app, login, password, ctx.clientIp);
    return uid === null ? { kind: 'failed' } : { kind: 'ok', auth: { uid, tokenId: null, scheme: 'basic' } };
  }
  return { kind: 'failed' };
}
