/**
 * The school's branding from Nextcloud's theming (its public capabilities: name, colour, logo), for the app
 * before and after sign-in: `GET /api/branding` answers name, colour and a logo URL of our own origin, and
 * `GET /branding/logo` relays the logo from the configured Nextcloud. The logo's address comes from Nextcloud
 * and is reduced to one of Nextcloud's own logo paths; nothing a browser sends picks what is fetched.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { NextcloudClient } from './nextcloud-client.js';
import { json } from './reply.js';
import type { Branding } from '../../src/api/gateway-contract.js';

/** Nextcloud's own values when an admin set nothing (ThemingDefaults): they mean "no school branding". */
const NEXTCLOUD_DEFAULT_NAME = 'Nextcloud';
const NEXTCLOUD_DEFAULT_COLOR = '#00679e';

export const BRANDING_PATHS = new Set(['/api/branding', '/branding/logo']);

const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);
const LOGO_MAX_BYTES = 1024 * 1024;
/** A logo, opened directly, is a document of our origin: an SVG must not run anything there. */
const LOGO_CSP = `default-src 'none'; style-src 'unsafe-inline'; sandbox`;

export interface SchoolTheming {
  name: string | null;
  color: string | null;
  /** The uploaded logo's path on Nextcloud (with its cache buster), or null for Nextcloud's default logo. */
  logo: { path: string; version: string } | null;
}

export const UNBRANDED: SchoolTheming = { name: null, color: null, logo: null };

export interface LogoPath {
  path: string;
  version: string;
  /** false: Nextcloud's default logo (core/img/logo), shown when no school logo was uploaded. */
  custom: boolean;
}

const CUSTOM_LOGO = /^(\/index\.php)?\/apps\/theming\/image\/logo$/;
const DEFAULT_LOGO = /^\/core\/img\/logo\/logo\.(svg|png)$/;

/**
 * Nextcloud's logo URL (capabilities.theming.logo, absolute, with Nextcloud's host as Nextcloud believes it
 * to be) as a path on the configured Nextcloud: only the theming app's logo route and core's logo files pass,
 * with nothing but their `useSvg` and `v` parameters. `basePaths`: sub-folders Nextcloud may live in.
 */
export function logoPathOf(url: string, basePaths: readonly string[]): LogoPath | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://nextcloud.invalid');
  } catch {
    return null;
  }
  let path = parsed.pathname;
  for (const base of basePaths) {
    const prefix = base.replace(/\/+$/, '');
    if (prefix !== '' && path.startsWith(`${prefix}/`)) {
      path = path.slice(prefix.length);
      break;
    }
  }
  const custom = CUSTOM_LOGO.test(path);
  if (!custom && !DEFAULT_LOGO.test(path)) return null;
  const v = parsed.searchParams.get('v') ?? '0';
  const version = /^\d{1,12}$/.test(v) ? v : '0';
  const query = new URLSearchParams();
  const useSvg = parsed.searchParams.get('useSvg');
  if (custom && useSvg !== null && ['0', '1', 'true', 'false'].includes(useSvg)) query.set('useSvg', useSvg);
  query.set('v', version);
  return { path: `${path}?${query.toString()}`, version, custom };
}

const themingSchema = z.object({
  ocs: z.object({
    data: z.object({
      capabilities: z.object({
        theming: z.object({ name: z.string().optional(), color: z.string().optional(), logo: z.string().optional() }).optional(),
      }),
    }),
  }),
});

/** The theming part of a capabilities answer; Nextcloud's defaults and anything malformed count as unbranded. */
export function themingFromCapabilities(body: unknown, basePaths: readonly string[]): SchoolTheming {
  const parsed = themingSchema.safeParse(body);
  const theming = parsed.success ? parsed.data.ocs.data.capabilities.theming : undefined;
  if (!theming) return UNBRANDED;
  const name = (theming.name ?? '').replace(/<[^>]*>/g, '').trim().slice(0, 120);
  const colorMatch = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec((theming.color ?? '').trim());
  const color = colorMatch ? colorMatch[0].toLowerCase() : null;
  const logo = theming.logo === undefined ? null : logoPathOf(theming.logo, basePaths);
  return {
    name: name === '' || name === NEXTCLOUD_DEFAULT_NAME ? null : name,
    color: color === null || color === NEXTCLOUD_DEFAULT_COLOR ? null : color,
    logo: logo?.custom ? { path: logo.path, version: logo.version } : null,
  };
}

interface Cached<T> {
  value: T;
  until: number;
}

interface Logo {
  type: string;
  body: Buffer;
}

export interface BrandingOptions {
  /** How long Nextcloud's answer is kept (an admin's change shows after at most this long). */
  ttlMs?: number;
  /** After a failed request, how long the last answer is kept before asking again. */
  retryMs?: number;
  now?: () => number;
}

/** Asks Nextcloud (anonymously: theming is a public capability) at most once per `ttlMs`, and keeps the
 * last good answer while Nextcloud cannot be reached. */
export class SchoolBranding {
  private theming: Cached<SchoolTheming> | null = null;
  private logo: (Cached<Logo | null> & { path: string }) | null = null;
  private pending: Promise<SchoolTheming> | null = null;
  private readonly ttlMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly client: NextcloudClient, private readonly basePaths: readonly string[], options: BrandingOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.retryMs = options.retryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  current(): Promise<SchoolTheming> {
    if (this.theming && this.theming.until > this.now()) return Promise.resolve(this.theming.value);
    this.pending ??= this.fetchTheming().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetchTheming(): Promise<SchoolTheming> {
    try {
      const res = await this.client.call('/ocs/v2.php/cloud/capabilities?format=json', {
        headers: { 'ocs-apirequest': 'true', accept: 'application/json' },
        timeoutMs: 10_000,
      });
      if (res.status !== 200) throw new Error(`capabilities answered ${res.status}`);
      const value = themingFromCapabilities(JSON.parse(res.body.toString('utf8')) as unknown, this.basePaths);
      this.theming = { value, until: this.now() + this.ttlMs };
      return value;
    } catch {
      const value = this.theming?.value ?? UNBRANDED;
      this.theming = { value, until: this.now() + this.retryMs };
      return value;
    }
  }

  /** The school's logo as Nextcloud serves it, or null (none uploaded, not an image, too large, unreachable). */
  async logoImage(): Promise<Logo | null> {
    const path = (await this.current()).logo?.path;
    if (path === undefined) return null;
    if (this.logo?.path === path && this.logo.until > this.now()) return this.logo.value;
    let value: Logo | null = null;
    try {
      const res = await this.client.call(path, { headers: { accept: 'image/*' }, timeoutMs: 10_000 });
      const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (res.status === 200 && LOGO_TYPES.has(type) && res.body.length <= LOGO_MAX_BYTES) value = { type, body: res.body };
    } catch {
      value = this.logo?.path === path ? this.logo.value : null;
    }
    this.logo = { path, value, until: this.now() + (value ? this.ttlMs : this.retryMs) };
    return value;
  }
}

/** `GET /api/branding` and `GET /branding/logo` (both public: the login page shows them). */
export async function handleBranding(branding: SchoolBranding, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    json(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
    return;
  }
  if (pathname === '/api/branding') {
    const t = await branding.current();
    json(res, 200, { name: t.name, color: t.color, logoUrl: t.logo ? `/branding/logo?v=${t.logo.version}` : null } satisfies Branding);
    return;
  }
  const logo = await branding.logoImage();
  if (!logo) {
    json(res, 404, { error: 'no_logo' });
    return;
  }
  res.writeHead(200, {
    'content-type': logo.type,
    'content-length': logo.body.length,
    // The app asks with Nextcloud's cache buster (?v=), which changes with every new logo.
    'cache-control': 'public, max-age=86400',
    'content-security-policy': LOGO_CSP,
    'cross-origin-resource-policy': 'same-origin',
  });
  res.end(req.method === 'HEAD' ? undefined : logo.body);
}
