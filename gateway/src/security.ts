import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from './config.js';
import { json } from './reply.js';

/** The SPA sends this on every API call. A cross-site page cannot add a custom header without a CORS
 * preflight, which the gateway never approves. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'klassenraum';

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/** CSRF defence for API and state-changing requests: custom header, and Origin / Sec-Fetch-Site must say
 * the request comes from the app itself. */
export function checkCsrf(req: IncomingMessage, publicOrigin: string): CsrfVerdict {
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) return { ok: false, reason: 'missing X-Requested-With header' };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return { ok: false, reason: `cross-site request (${site})` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== publicOrigin) return { ok: false, reason: 'foreign Origin' };
  return { ok: true };
}

/** The CSRF check for state-changing gateway routes; answers 403 itself when it fails. */
export function passesCsrf(req: IncomingMessage, res: ServerResponse, publicOrigin: string): boolean {
  const verdict = checkCsrf(req, publicOrigin);
  if (!verdict.ok) json(res, 403, { error: 'csrf', reason: verdict.reason });
  return verdict.ok;
}

/** Images (avatars, previews) are loaded by <img>, which cannot send headers; they are read-only GETs,
 * still refused when the browser says they come from another site. */
export function checkImageRequest(req: IncomingMessage): CsrfVerdict {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { ok: false, reason: 'images are read-only' };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { ok: false, reason: `cross-site request (${site})` };
  return { ok: true };
}

function frameAncestors(config: GatewayConfig): string {
  return config.embedOrigins.length > 0 ? `'self' ${config.embedOrigins.join(' ')}` : `'none'`;
}

/** Strict CSP for the app shell: only our own scripts and styles, no inline code, no plugins. */
export function appCsp(config: GatewayConfig): string {
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src 'self' data: blob:`,
    `media-src 'self' blob:`,
    `font-src 'self'`,
    `connect-src 'self'${config.connectSrc.length ? ` ${config.connectSrc.join(' ')}` : ''}`,
    `worker-src 'self'`,
    `manifest-src 'self'`,
    `frame-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors ${frameAncestors(config)}`,
  ].join('; ');
}

/** Responses relayed from Nextcloud may be user files (HTML, SVG): they must never run in our origin. */
export const API_CSP = `default-src 'none'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox`;

function permissionsPolicy(config: GatewayConfig): string {
  const allow = ['self', ...config.embedOrigins.map((o) => `"${o}"`)].join(' ');
  return [`camera=(${allow})`, `microphone=(${allow})`, `display-capture=(${allow})`, 'geolocation=()', 'payment=()', 'usb=()'].join(', ');
}

export function setCommonHeaders(res: ServerResponse, config: GatewayConfig): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (config.publicOrigin.startsWith('https:')) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

export function setAppHeaders(res: ServerResponse, config: GatewayConfig): void {
  setCommonHeaders(res, config);
  res.setHeader('Content-Security-Policy', appCsp(config));
  res.setHeader('Permissions-Policy', permissionsPolicy(config));
  res.setHeader('Cross-Origin-Opener-Policy', config.embedOrigins.length > 0 ? 'same-origin-allow-popups' : 'same-origin');
  if (config.embedOrigins.length === 0) res.setHeader('X-Frame-Options', 'DENY');
}
