/**
 * Nextcloud's login pages, relayed under the app's origin (ADR 0009). A shared tablet must never keep
 * Nextcloud's browser cookies: its session and remember-me cookies live in the pre-login session's jar on
 * the gateway, and the gateway ends that Nextcloud session (logout with its requesttoken) right after the
 * code exchange. Only the few paths of the OAuth2 authorize → login → (2FA) → grant flow and the static
 * assets those pages load are relayed; the destination is the configured Nextcloud, never the request.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { urlFor, type GatewayConfig } from './config.js';
import { applySetCookies, cookieHeader } from './cookie-jar.js';
import type { NextcloudClient, UpstreamResponse } from './nextcloud-client.js';
import { setCommonHeaders } from './security.js';

export type RelayKind = 'page' | 'asset';

export interface RelayTarget {
  kind: RelayKind;
  /** Path and query on Nextcloud (without its sub-path, which the client adds). */
  upstream: string;
}

/** Pages of the login flow: they need the pre-login session's cookies. */
const PAGE_ROUTES: { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/index\.php\/login$/ },
  { method: 'POST', path: /^\/index\.php\/login$/ },
  { method: 'GET', path: /^\/index\.php\/login\/flow$/ },
  { method: 'POST', path: /^\/index\.php\/login\/flow$/ },
  { method: 'GET', path: /^\/index\.php\/login\/flow\/grant$/ },
  // Two-factor challenges (TwoFactorChallengeController) come between the password and the grant.
  { method: 'GET', path: /^\/index\.php\/login\/selectchallenge$/ },
  { method: 'GET', path: /^\/index\.php\/login\/challenge\/[A-Za-z0-9_-]+$/ },
  { method: 'POST', path: /^\/index\.php\/login\/challenge\/[A-Za-z0-9_-]+$/ },
  // The login page's script asks for a fresh requesttoken.
  { method: 'GET', path: /^\/index\.php\/csrftoken$/ },
];

/** Static files Nextcloud's login and grant pages load (scripts, styles, images, translations, theming). */
const ASSET_PATHS = [
  /^\/(core|dist)\/[A-Za-z0-9_./-]+\.(js|mjs|css|svg|png|ico|woff2?|json|map)$/,
  /^\/apps\/[a-z0-9_]+\/(js|css|img|l10n|fonts)\/[A-Za-z0-9_./-]+\.(js|mjs|css|svg|png|ico|woff2?|json|map)$/,
  /^\/index\.php\/apps\/theming\/(theme|image|icon|favicon|manifest)\/[A-Za-z0-9_./-]*$/,
  /^\/index\.php\/(css|js)\/[A-Za-z0-9_./-]+$/,
  /^\/index\.php\/core\/js\/oc\.js$/,
];

const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'requesttoken', 'if-none-match', 'if-modified-since'];
const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'content-encoding',
  'cache-control',
  'expires',
  'etag',
  'last-modified',
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
];

/** Static files are loaded as scripts, styles and images; opened directly (a theming SVG) they run nothing. */
const ASSET_CSP = `default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox`;

/** Used when Nextcloud sends no CSP of its own (the dev server): the page may load only this origin. */
const FALLBACK_CSP = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'`;

const MAX_FORM_BYTES = 64 * 1024;

/** Nextcloud's sub-path as browsers see it ('' or e.g. '/nextcloud'). */
function webroot(config: GatewayConfig): string {
  return config.nextcloudPublicUrl.pathname.replace(/\/+$/, '');
}

/** The relayed target of a browser request, or null when the path is not part of the login flow. The login
 * form of a server with pretty URLs posts to `/login`, which is the same route as `/index.php/login`. */
export function relayTarget(config: GatewayConfig, method: string, rawUrl: string): RelayTarget | null {
  if (/[\\\u0000-\u0020\u007f#]/.test(rawUrl)) return null;
  const root = webroot(config);
  if (root !== '' && !rawUrl.startsWith(`${root}/`)) return null;
  const local = rawUrl.slice(root.length);
  const q = local.indexOf('?');
  const path = q === -1 ? local : local.slice(0, q);
  const query = q === -1 ? '' : local.slice(q);
  // The path is matched literally: no dot segments, doubled or encoded separators.
  if (path.includes('//') || /(^|\/)\.\.?(\/|$)/.test(path) || /%/.test(path)) return null;
  const pagePath = method === 'POST' && path === '/login' ? '/index.php/login' : path;
  if (PAGE_ROUTES.some((r) => r.method === method && r.path.test(pagePath))) return { kind: 'page', upstream: `${pagePath}${query}` };
  if ((method === 'GET' || method === 'HEAD') && ASSET_PATHS.some((p) => p.test(path))) return { kind: 'asset', upstream: `${path}${query}` };
  return null;
}

/** A Location from Nextcloud as the browser must follow it: Nextcloud's own URLs become paths of the
 * relay (front-controller routes under `/index.php`, which Nextcloud serves with or without pretty URLs);
 * anything else (the app's /auth/callback, an identity provider) is left as it is. */
export function relayLocation(config: GatewayConfig, location: string): string {
  const root = webroot(config);
  let path: string | null = null;
  for (const base of [urlFor(config.nextcloudPublicUrl, ''), urlFor(config.nextcloudUrl, '')]) {
    if (location.startsWith(`${base}/`)) path = location.slice(base.length);
  }
  if (path === null && location.startsWith('/') && !location.startsWith('//')) {
    path = root !== '' && location.startsWith(`${root}/`) ? location.slice(root.length) : location;
  }
  if (path === null) return location;
  return `${root}${path.startsWith('/index.php/') ? path : `/index.php${path}`}`;
}

async function readForm(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface RelayedAnswer {
  status: number;
  /** The jar after Nextcloud's Set-Cookie lines, or null when it did not change. */
  jar: Record<string, string> | null;
}

/** Nextcloud's login cookies (SameSite check, session, remember-me) are sent from the jar. The Origin a
 * browser sent for this app becomes Nextcloud's own, which LoginController::tryLogin requires. */
function upstreamHeaders(config: GatewayConfig, req: IncomingMessage, jar: Record<string, string>, clientIp: string, kind: RelayKind): Record<string, string> {
  const headers: Record<string, string> = { 'x-forwarded-for': clientIp };
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (kind === 'page') {
    const cookies = cookieHeader(jar);
    if (cookies) headers['cookie'] = cookies;
    if (req.headers.origin === config.publicOrigin) headers['origin'] = config.nextcloudPublicUrl.origin;
  }
  return headers;
}

/** Nextcloud's grant page names who is signed in; a student who finds someone else's half-finished login on
 * a shared tablet gets a way out: `/auth/login` ends that pending login (and its Nextcloud session) and starts
 * afresh. Plain markup, so Nextcloud's CSP applies unchanged. */
function withSwitchAccount(body: Buffer, href: string): Buffer {
  const html = body.toString('utf8');
  const at = html.lastIndexOf('</body>');
  if (at === -1) return body;
  const escaped = href.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  // A bar fixed to the bottom of the viewport, whatever the page's own layout (Nextcloud's guest pages centre
  // their body with flex); white on near-black (contrast above 15:1), a 44 px target. Nextcloud's CSP allows
  // inline styles.
  const bar = 'position:fixed;left:0;right:0;bottom:0;margin:0;padding:8px;text-align:center;background:#111;z-index:10000';
  const anchor = 'display:inline-block;min-height:44px;line-height:44px;padding:0 16px;color:#fff;font-weight:600;text-decoration:underline';
  const link = `<p lang="de" style="${bar}"><a href="${escaped}" style="${anchor}">Nicht du? Anderes Konto</a></p>\n`;
  return Buffer.from(`${html.slice(0, at)}${link}${html.slice(at)}`, 'utf8');
}

function isGrantPage(target: RelayTarget, upstream: UpstreamResponse): boolean {
  const type = upstream.headers['content-type'] ?? '';
  return target.upstream.startsWith('/index.php/login/flow/grant') && upstream.status === 200 && type.includes('text/html') && upstream.headers['content-encoding'] === undefined;
}

function sendAnswer(config: GatewayConfig, res: ServerResponse, upstream: UpstreamResponse, kind: RelayKind, head: boolean): void {
  setCommonHeaders(res, config);
  const headers: OutgoingHttpHeaders = {};
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = upstream.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  if (kind === 'asset') headers['content-security-policy'] = ASSET_CSP;
  headers['content-security-policy'] ??= FALLBACK_CSP;
  headers['x-frame-options'] ??= 'SAMEORIGIN';
  // Forms must send their Origin (the relay and Nextcloud's tryLogin check it); `no-referrer` makes it "null".
  headers['referrer-policy'] ??= 'same-origin';
  headers['cache-control'] ??= 'no-store';
  const location = upstream.headers.location;
  if (typeof location === 'string') headers['location'] = relayLocation(config, location);
  headers['content-length'] = String(upstream.body.length);
  res.writeHead(upstream.status, headers);
  res.end(head ? undefined : upstream.body);
}

/** Relays one request of the login flow. `jar` is the pre-login session's (empty for assets). */
export async function relay(
  config: GatewayConfig,
  client: NextcloudClient,
  req: IncomingMessage,
  res: ServerResponse,
  target: RelayTarget,
  jar: Record<string, string>,
  clientIp: string,
  /** Where "Nicht du? Anderes Konto" on the grant page leads (a fresh login with the same return path). */
  switchAccountHref?: string,
  /** Stores the page's new cookies before the browser gets the answer: its next step may reach another
   * gateway process (or this one) at once, and must find the jar as Nextcloud left it. */
  keepJar?: (jar: Record<string, string>) => Promise<void>,
): Promise<RelayedAnswer> {
  const method = req.method ?? 'GET';
  const body = method === 'POST' ? await readForm(req) : undefined;
  if (body === null) {
    setCommonHeaders(res, config);
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Request too large');
    return { status: 413, jar: null };
  }
  const upstream = await client.call(target.upstream, { method, headers: upstreamHeaders(config, req, jar, clientIp, target.kind), ...(body ? { body } : {}) });
  if (switchAccountHref !== undefined && isGrantPage(target, upstream)) upstream.body = withSwitchAccount(upstream.body, switchAccountHref);
  const next = target.kind === 'page' ? applySetCookies(jar, upstream.headers['set-cookie']) : null;
  if (next && keepJar) await keepJar(next);
  sendAnswer(config, res, upstream, target.kind, method === 'HEAD');
  return { status: upstream.status, jar: next };
}

/** Server-side start of the flow: Nextcloud's authorize endpoint sets the session cookies it binds the
 * OAuth state to and redirects to its login flow; the browser follows the relayed Location. */
export async function startAuthorize(config: GatewayConfig, client: NextcloudClient, authorizeUrl: string, clientIp: string): Promise<{ location: string; jar: Record<string, string> }> {
  const url = new URL(authorizeUrl);
  const upstream = await client.call(`/index.php/apps/oauth2/authorize${url.search}`, { headers: { accept: 'text/html', 'x-forwarded-for': clientIp } });
  const location = upstream.headers.location;
  if (upstream.status !== 303 && upstream.status !== 302) throw new Error(`authorize answered ${upstream.status}`);
  if (typeof location !== 'string') throw new Error('authorize answered without a Location');
  return { location: relayLocation(config, location), jar: applySetCookies({}, upstream.headers['set-cookie']) ?? {} };
}

/** Ends the Nextcloud browser session held in `jar`: a logout with its own requesttoken (a logout without
 * it answers 412 and the session lives on), which also deletes the remember-me token of `nc_token`. */
export async function endWebSession(client: NextcloudClient, jar: Record<string, string> | undefined, clientIp: string): Promise<boolean> {
  const cookies = cookieHeader(jar);
  if (!cookies) return false;
  const headers = { cookie: cookies, accept: 'application/json', 'x-forwarded-for': clientIp };
  const tokenRes = await client.call('/index.php/csrftoken', { headers, timeoutMs: 5_000 });
  if (tokenRes.status !== 200) return false;
  const token = (JSON.parse(tokenRes.body.toString('utf8')) as { token?: unknown }).token;
  if (typeof token !== 'string' || token === '') return false;
  const next = applySetCookies(jar ?? {}, tokenRes.headers['set-cookie']) ?? jar ?? {};
  const out = await client.call(`/index.php/logout?requesttoken=${encodeURIComponent(token)}`, {
    headers: { ...headers, cookie: cookieHeader(next) ?? cookies, accept: 'text/html' },
    timeoutMs: 5_000,
  });
  return out.status === 303 || out.status === 302;
}
