/**
 * What a browser sees: the login page, the OAuth2 authorize flow and the Login Flow v2 pages.
 * The login state lives in the `nc_devserver_session` cookie so it never collides with the gateway's.
 */
import { randomBytes } from 'node:crypto';
import { checkPassword, createAppToken, randomAlnum } from './auth.js';
import type { Ctx, OAuthClient } from './context.js';
import { htmlReply, redirectReply, str, type Reply } from './http.js';
import { grantPage, loginPage, messagePage } from './pages.js';
import { findSeedUser } from './seed.js';
import type { BrowserSession } from './state.js';

export const SESSION_COOKIE = 'nc_devserver_session';

interface SessionHandle {
  session: BrowserSession;
  /** Set-Cookie header to send when the session is new. */
  cookie: Record<string, string>;
}

function cookieValue(ctx: Ctx): string | undefined {
  const header = ctx.header('cookie');
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

function session(ctx: Ctx): SessionHandle {
  const id = cookieValue(ctx);
  const existing = id === undefined ? undefined : ctx.app.store.data.sessions.find((s) => s.id === id);
  if (existing !== undefined) return { session: existing, cookie: {} };
  const created: BrowserSession = {
    id: randomBytes(24).toString('base64url'),
    uid: null,
    csrf: randomBytes(24).toString('base64url'),
    oauth: null,
    loginFlowToken: null,
    createdAt: ctx.app.now(),
  };
  ctx.app.store.data.sessions.push(created);
  ctx.app.store.changed();
  return {
    session: created,
    cookie: { 'set-cookie': `${SESSION_COOKIE}=${created.id}; Path=/; HttpOnly; SameSite=Lax` },
  };
}

function findClient(ctx: Ctx, clientId: string | undefined): OAuthClient | undefined {
  return clientId === undefined ? undefined : ctx.app.oauthClients.find((c) => c.clientId === clientId);
}

/** Only local paths are followed after login, like Nextcloud's redirect_url handling. */
function safeRedirect(url: string | undefined): string {
  if (url === undefined || !url.startsWith('/') || url.startsWith('//') || url.includes('\\')) return '/index.php/apps/dashboard/';
  return url;
}

function loginRedirect(ctx: Ctx, target: string, cookie: Record<string, string>): Reply {
  return redirectReply(`${ctx.app.publicUrl}/index.php/login?redirect_url=${encodeURIComponent(target)}`, cookie);
}

// GET /index.php/login
export function showLogin(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const redirectUrl = safeRedirect(ctx.query.get('redirect_url') ?? undefined);
  if (s.uid !== null) return redirectReply(`${ctx.app.publicUrl}${redirectUrl}`, cookie);
  return htmlReply(200, loginPage({ redirectUrl, requestToken: s.csrf, error: null, user: ctx.query.get('user') ?? '' }), cookie);
}

// POST /index.php/login
export function doLogin(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const redirectUrl = safeRedirect(str(ctx.params, 'redirect_url'));
  const login = str(ctx.params, 'user') ?? '';
  const password = str(ctx.params, 'password') ?? '';
  if (str(ctx.params, 'requesttoken') !== s.csrf) {
    return htmlReply(
      200,
      loginPage({ redirectUrl, requestToken: s.csrf, error: 'The request token is invalid or expired. Please try again.', user: login }),
      cookie,
    );
  }
  const uid = checkPassword(ctx.app, login, password, ctx.clientIp);
  if (uid === null) {
    return htmlReply(200, loginPage({ redirectUrl, requestToken: s.csrf, error: 'Wrong login or password.', user: login }), cookie);
  }
  s.uid = uid;
  // A fresh CSRF token after login, as Nextcloud regenerates the session.
  s.csrf = randomBytes(24).toString('base64url');
  ctx.app.store.changed();
  return redirectReply(`${ctx.app.publicUrl}${redirectUrl}`, cookie);
}

// GET /index.php/logout
export function doLogout(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  s.uid = null;
  s.oauth = null;
  s.loginFlowToken = null;
  ctx.app.store.changed();
  return redirectReply(`${ctx.app.publicUrl}/index.php/login`, cookie);
}

// GET /index.php/apps/oauth2/authorize
export function oauthAuthorize(ctx: Ctx): Reply {
  const client = findClient(ctx, ctx.query.get('client_id') ?? undefined);
  if (client === undefined) {
    return htmlReply(
      200,
      messagePage('Access forbidden', 'Your client is not authorized to connect. Please inform the administrator of your client.'),
    );
  }
  const state = ctx.query.get('state') ?? '';
  if (ctx.query.get('response_type') !== 'code') {
    return redirectReply(`${client.redirectUri}?error=unsupported_response_type&state=${state}`);
  }
  const { session: s, cookie } = session(ctx);
  s.oauth = { clientId: client.clientId, state };
  ctx.app.store.changed();
  return redirectReply(
    `${ctx.app.publicUrl}/index.php/login/flow?clientIdentifier=${encodeURIComponent(client.clientId)}`,
    cookie,
  );
}

// GET /index.php/login/flow
export function oauthFlowEntry(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const client = findClient(ctx, ctx.query.get('clientIdentifier') ?? undefined);
  if (client === undefined || s.oauth?.clientId !== client.clientId) {
    return htmlReply(403, messagePage('Access forbidden', 'State token does not match'), cookie);
  }
  const grant = `/index.php/login/flow/grant?clientIdentifier=${encodeURIComponent(client.clientId)}`;
  if (s.uid === null) return loginRedirect(ctx, grant, cookie);
  return redirectReply(`${ctx.app.publicUrl}${grant}`, cookie);
}

// GET /index.php/login/flow/grant
export function oauthGrantPage(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const client = findClient(ctx, ctx.query.get('clientIdentifier') ?? undefined);
  if (client === undefined || s.oauth?.clientId !== client.clientId) {
    return htmlReply(403, messagePage('Access forbidden', 'State token does not match'), cookie);
  }
  if (s.uid === null) return loginRedirect(ctx, `${ctx.path}${ctx.url.search}`, cookie);
  const user = findSeedUser(s.uid);
  return htmlReply(
    200,
    grantPage({
      action: '/index.php/login/flow',
      clientName: client.name,
      displayName: user?.displayName ?? s.uid,
      uid: s.uid,
      requestToken: s.csrf,
      fields: { clientIdentifier: client.clientId },
    }),
    cookie,
  );
}

// POST /index.php/login/flow
export function oauthGrant(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const client = findClient(ctx, str(ctx.params, 'clientIdentifier'));
  if (client === undefined || s.oauth === null || s.oauth.clientId !== client.clientId || str(ctx.params, 'requesttoken') !== s.csrf) {
    return htmlReply(403, messagePage('Access forbidden', 'State token does not match'), cookie);
  }
  if (s.uid === null) return loginRedirect(ctx, `/index.php/login/flow?clientIdentifier=${encodeURIComponent(client.clientId)}`, cookie);
  const token = createAppToken(ctx.app, s.uid, s.uid, client.name, true);
  const code = randomAlnum(128);
  ctx.app.store.data.oauthGrants.push({
    id: ctx.app.store.nextId(),
    clientId: client.clientId,
    tokenId: token.id,
    code,
    codeCreatedAt: ctx.app.now(),
    tokenCount: 0,
  });
  const state = s.oauth.state;
  s.oauth = null;
  ctx.app.store.changed();
  // Nextcloud redirects to the registered redirect URI; a redirect_uri parameter is ignored.
  return redirectReply(`${client.redirectUri}?state=${encodeURIComponent(state)}&code=${code}`, cookie);
}

// GET /index.php/login/v2/flow/{token}
export function loginFlowLanding(ctx: Ctx, token: string): Reply {
  const { session: s, cookie } = session(ctx);
  const flow = ctx.app.store.data.loginFlows.find((f) => f.loginToken === token);
  if (flow === undefined) {
    return htmlReply(403, messagePage('Access forbidden', 'Your login token is invalid or has expired'), cookie);
  }
  s.loginFlowToken = token;
  ctx.app.store.changed();
  if (s.uid === null) return loginRedirect(ctx, '/index.php/login/v2/grant', cookie);
  return redirectReply(`${ctx.app.publicUrl}/index.php/login/v2/grant`, cookie);
}

function currentFlow(ctx: Ctx, s: BrowserSession): ReturnType<typeof ctx.app.store.data.loginFlows.find> {
  const token = s.loginFlowToken;
  if (token === null) return undefined;
  return ctx.app.store.data.loginFlows.find((f) => f.loginToken === token && f.result === null);
}

// GET /index.php/login/v2/grant
export function loginFlowGrantPage(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const flow = currentFlow(ctx, s);
  if (flow === undefined) return htmlReply(403, messagePage('Access forbidden', 'Your login token is invalid or has expired'), cookie);
  if (s.uid === null) return loginRedirect(ctx, '/index.php/login/v2/grant', cookie);
  const user = findSeedUser(s.uid);
  return htmlReply(
    200,
    grantPage({
      action: '/index.php/login/v2/grant',
      clientName: flow.clientName,
      displayName: user?.displayName ?? s.uid,
      uid: s.uid,
      requestToken: s.csrf,
      fields: {},
    }),
    cookie,
  );
}

// POST /index.php/login/v2/grant
export function loginFlowGrant(ctx: Ctx): Reply {
  const { session: s, cookie } = session(ctx);
  const flow = currentFlow(ctx, s);
  if (flow === undefined || str(ctx.params, 'requesttoken') !== s.csrf) {
    return htmlReply(403, messagePage('Access forbidden', 'Your login token is invalid or has expired'), cookie);
  }
  if (s.uid === null) return loginRedirect(ctx, '/index.php/login/v2/grant', cookie);
  const token = createAppToken(ctx.app, s.uid, s.uid, flow.clientName, false);
  flow.result = { loginName: s.uid, appPassword: token.token };
  s.loginFlowToken = null;
  ctx.app.store.changed();
  return htmlReply(200, messagePage('Account connected', 'Your client should now be connected! You can close this window.'), cookie);
}
