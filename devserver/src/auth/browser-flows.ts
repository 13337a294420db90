/**
 * What a browser sees: the login page, the OAuth2 authorize flow and the Login Flow v2 pages.
 * The login state lives in the `nc_devserver_session` cookie so it never collides with the gateway's.
 */
import { checkPassword, createAppToken, randomAlnum } from './auth.js';
import type { Ctx, OAuthClient } from '../context.js';
import { htmlReply, jsonReply, redirectReply, str, type Reply } from '../http.js';
import { appPage, grantPage, loginPage, messagePage } from './pages.js';
import { findSeedUser } from '../seed.js';
import type { BrowserSession } from './model.js';
import { clearingRedirect, originIsTrusted, requestTokenOf, signIn, signOut, webSession, type WebSession } from './web-session.js';

export { SESSION_COOKIE } from './web-session.js';

interface SessionHandle {
  session: BrowserSession;
  web: WebSession;
}

/** Runs a browser page handler with the request's session; every answer carries the session's cookies. */
function withSession(ctx: Ctx, handler: (h: SessionHandle) => Reply): Reply {
  const web = webSession(ctx);
  const reply = clearingRedirect(ctx, web) ?? handler({ session: web.session, web });
  return { ...reply, cookies: [...(reply.cookies ?? []), ...web.cookies] };
}

function findClient(ctx: Ctx, clientId: string | undefined): OAuthClient | undefined {
  return clientId === undefined ? undefined : ctx.app.oauthClients.find((c) => c.clientId === clientId);
}

/** Only local paths are followed after login, like Nextcloud's redirect_url handling. */
function safeRedirect(url: string | undefined): string | null {
  if (url === undefined || url === '' || !url.startsWith('/') || url.startsWith('//') || url.includes('\\') || url.includes('@')) return null;
  return url;
}

/** Where a signed-in user lands without a redirect_url (linkToDefaultPageUrl). */
function defaultPage(ctx: Ctx): string {
  return `${ctx.app.publicUrl}/apps/dashboard/`;
}

/** A page that needs a signed-in user sends others to the login form (relative, as Nextcloud does). */
function loginRedirect(target: string): Reply {
  return redirectReply(`/login?redirect_url=${encodeURIComponent(target)}`);
}

// GET /index.php/login
export function showLogin(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    if (s.uid !== null) return redirectReply(defaultPage(ctx));
    const error = s.loginMessage ?? null;
    if (error !== null) {
      s.loginMessage = null;
      ctx.app.store.changed();
    }
    const page = loginPage({
      redirectUrl: safeRedirect(ctx.query.get('redirect_url') ?? undefined),
      session: { requestToken: s.csrf, uid: null },
      error,
      user: ctx.query.get('user') ?? '',
    });
    return htmlReply(200, page);
  });
}

/** LoginController::createLoginFailedResponse: back to the form (relative URL) with a message for it. */
function loginFailed(ctx: Ctx, s: BrowserSession, user: string, redirectUrl: string | null, message: string): Reply {
  s.loginMessage = message;
  ctx.app.store.changed();
  const query = new URLSearchParams({ direct: '1', user });
  if (redirectUrl !== null) query.set('redirect_url', redirectUrl);
  return redirectReply(`/login?${query.toString()}`);
}

// POST /index.php/login (LoginController::tryLogin)
export function doLogin(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s, web }) => {
    const redirectUrl = safeRedirect(str(ctx.params, 'redirect_url'));
    const login = str(ctx.params, 'user') ?? '';
    const password = str(ctx.params, 'password') ?? '';
    const tokenOk = requestTokenOf(ctx) === s.csrf;
    if (!originIsTrusted(ctx) || !tokenOk) {
      // A signed-in user whose other tab posted a stale token just goes on (only with a trusted Origin).
      if (originIsTrusted(ctx) && s.uid !== null) return redirectReply(redirectUrl === null ? defaultPage(ctx) : `${ctx.app.publicUrl}${redirectUrl}`);
      signOut(ctx, web);
      return loginFailed(ctx, s, login, redirectUrl, originIsTrusted(ctx) ? 'csrfCheckFailed' : 'invalidOrigin');
    }
    const uid = checkPassword(ctx.app, login, password, ctx.clientIp);
    if (uid === null) return loginFailed(ctx, s, login, redirectUrl, 'Wrong login or password.');
    signIn(ctx, web, uid);
    return redirectReply(redirectUrl === null ? defaultPage(ctx) : `${ctx.app.publicUrl}${redirectUrl}`);
  });
}

// GET /index.php/logout: a CSRF-checked route; without the session's requesttoken Nextcloud answers 412.
export function doLogout(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s, web }) => {
    if (s.uid === null) return loginRedirect('/index.php/logout');
    if (requestTokenOf(ctx) !== s.csrf) {
      return htmlReply(412, messagePage('Access forbidden', 'CSRF check failed', { requestToken: s.csrf, uid: s.uid }, 'Nextcloud'));
    }
    signOut(ctx, web);
    s.clearing = true;
    return redirectReply(`${ctx.app.publicUrl}/login?clear=1`);
  });
}

// GET /index.php/csrftoken
export function csrfToken(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => jsonReply(200, { token: s.csrf }));
}

// GET /index.php/apps/files/ (stands for every app page of the web UI)
export function filesAppPage(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    if (s.uid === null) return loginRedirect('/index.php/apps/files/');
    return htmlReply(200, appPage('Dateien', { requestToken: s.csrf, uid: s.uid }));
  });
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
  return withSession(ctx, ({ session: s }) => {
    s.oauth = { clientId: client.clientId, state };
    ctx.app.store.changed();
    return redirectReply(`${ctx.app.publicUrl}/login/flow?providedRedirectUri=&clientIdentifier=${encodeURIComponent(client.clientId)}`);
  });
}

// GET /index.php/login/flow
export function oauthFlowEntry(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    const client = findClient(ctx, ctx.query.get('clientIdentifier') ?? undefined);
    if (client === undefined || s.oauth?.clientId !== client.clientId) {
      return htmlReply(403, messagePage('Access forbidden', 'State token does not match'));
    }
    const grant = `/index.php/login/flow/grant?clientIdentifier=${encodeURIComponent(client.clientId)}`;
    if (s.uid === null) return loginRedirect(grant);
    return redirectReply(`${ctx.app.publicUrl}${grant}`);
  });
}

/** The consent page ("Currently logged in as …") of both flows. */
function grantReply(s: BrowserSession, uid: string, action: string, clientName: string, fields: Record<string, string>): Reply {
  const displayName = findSeedUser(uid)?.displayName ?? uid;
  return htmlReply(200, grantPage({ action, clientName, displayName, uid, requestToken: s.csrf, fields }));
}

// GET /index.php/login/flow/grant
export function oauthGrantPage(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    const client = findClient(ctx, ctx.query.get('clientIdentifier') ?? undefined);
    if (client === undefined || s.oauth?.clientId !== client.clientId) {
      return htmlReply(403, messagePage('Access forbidden', 'State token does not match'));
    }
    if (s.uid === null) return loginRedirect(`${ctx.path}${ctx.url.search}`);
    return grantReply(s, s.uid, '/index.php/login/flow', client.name, { clientIdentifier: client.clientId });
  });
}

// POST /index.php/login/flow
export function oauthGrant(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    const client = findClient(ctx, str(ctx.params, 'clientIdentifier'));
    if (client === undefined || s.oauth === null || s.oauth.clientId !== client.clientId || str(ctx.params, 'requesttoken') !== s.csrf) {
      return htmlReply(403, messagePage('Access forbidden', 'State token does not match'));
    }
    if (s.uid === null) return loginRedirect(`/index.php/login/flow?clientIdentifier=${encodeURIComponent(client.clientId)}`);
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
    // ClientFlowLoginController::generateAppPassword keeps the browser session for OAuth clients (it ends
    // it only for the nc:// flow): the browser stays signed in to Nextcloud.
    s.oauth = null;
    ctx.app.store.changed();
    // Nextcloud redirects to the registered redirect URI; a redirect_uri parameter is ignored.
    return redirectReply(`${client.redirectUri}?state=${encodeURIComponent(state)}&code=${code}`);
  });
}

// GET /index.php/login/v2/flow/{token}
export function loginFlowLanding(ctx: Ctx, token: string): Reply {
  return withSession(ctx, ({ session: s }) => {
    const flow = ctx.app.store.data.loginFlows.find((f) => f.loginToken === token);
    if (flow === undefined) {
      return htmlReply(403, messagePage('Access forbidden', 'Your login token is invalid or has expired'));
    }
    s.loginFlowToken = token;
    ctx.app.store.changed();
    if (s.uid === null) return loginRedirect('/index.php/login/v2/grant');
    return redirectReply(`${ctx.app.publicUrl}/index.php/login/v2/grant`);
  });
}

function currentFlow(ctx: Ctx, s: BrowserSession): ReturnType<typeof ctx.app.store.data.loginFlows.find> {
  const token = s.loginFlowToken;
  if (token === null) return undefined;
  return ctx.app.store.data.loginFlows.find((f) => f.loginToken === token && f.result === null);
}

// GET /index.php/login/v2/grant
export function loginFlowGrantPage(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    const flow = currentFlow(ctx, s);
    if (flow === undefined) return htmlReply(403, messagePage('Access forbidden', 'Your login token is invalid or has expired'));
    if (s.uid === null) return loginRedirect('/index.php/login/v2/grant');
    return grantReply(s, s.uid, '/index.php/login/v2/grant', flow.clientName, {});
  });
}

// POST /index.php/login/v2/grant
export function loginFlowGrant(ctx: Ctx): Reply {
  return withSession(ctx, ({ session: s }) => {
    const flow = currentFlow(ctx, s);
    if (flow === undefined || str(ctx.params, 'requesttoken') !== s.csrf) {
      return htmlReply(403, messagePage('Access forbidden', 'Your login token is invalid or has expired'));
    }
    if (s.uid === null) return loginRedirect('/index.php/login/v2/grant');
    const token = createAppToken(ctx.app, s.uid, s.uid, flow.clientName, false);
    flow.result = { loginName: s.uid, appPassword: token.token };
    s.loginFlowToken = null;
    ctx.app.store.changed();
    return htmlReply(200, messagePage('Account connected', 'Your client should now be connected! You can close this window.'));
  });
}
