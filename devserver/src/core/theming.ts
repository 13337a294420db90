/**
 * What a Nextcloud admin sets under Administration settings → Theming, for e2e worlds: the name, the primary
 * colour and an uploaded logo. Without settings the capabilities stay exactly as recorded (recordings/core.json).
 * With them, capabilities.theming changes as ThemingDefaults reports it (name; color and its color-text;
 * logo → the theming app's image route with the cache buster) and GET /index.php/apps/theming/image/logo
 * serves the uploaded file.
 */
import type { App, Ctx } from '../context.js';
import { emptyReply, type Reply } from '../http.js';
import type { PathParams, PlainRoute } from '../router.js';

export interface DevServerTheming {
  name?: string;
  /** `#rrggbb` */
  color?: string;
  logo?: { type: string; body: Buffer };
}

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((s) => (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
}

/** Nextcloud's Util::invertTextColor: dark text on colours too light for white text. */
function textColor(hex: string): string {
  return 1.05 / (luminance(hex) + 0.05) < 4.5 ? '#000000' : '#ffffff';
}

/** Every admin change raises theming's cache buster; one per setting made. */
function cacheBuster(theming: DevServerTheming): number {
  return [theming.name, theming.color, theming.logo].filter((v) => v !== undefined).length;
}

/** The capabilities document with the world's theming applied (in place, on a fresh copy). */
export function withTheming(app: App, caps: Record<string, unknown>): Record<string, unknown> {
  const settings = app.theming;
  const theming = (caps['capabilities'] as Record<string, Record<string, unknown>> | undefined)?.['theming'];
  if (settings === undefined || theming === undefined) return caps;
  const v = cacheBuster(settings);
  if (settings.name !== undefined) theming['name'] = settings.name;
  if (settings.color !== undefined) {
    theming['color'] = settings.color;
    theming['color-text'] = textColor(settings.color);
    // Nextcloud derives these from the colour for its own element backgrounds; Klassenraum does not read them.
    theming['color-element'] = settings.color;
    theming['color-element-bright'] = settings.color;
    theming['color-element-dark'] = settings.color;
  }
  theming['logo'] = settings.logo === undefined ? `${app.publicUrl}/core/img/logo/logo.svg?v=${v}` : `${app.publicUrl}/index.php/apps/theming/image/logo?useSvg=1&v=${v}`;
  return caps;
}

function themingImage(ctx: Ctx, p: PathParams): Reply {
  const logo = ctx.app.theming?.logo;
  if (p['key'] !== 'logo' || logo === undefined) return emptyReply(404, { 'content-type': 'text/html; charset=UTF-8' });
  return { status: 200, headers: { 'content-type': logo.type, 'cache-control': 'max-age=86400, public' }, body: logo.body };
}

/** Under index.php (matched with and without the prefix, as Nextcloud's router does). */
export const themingRoutes: PlainRoute[] = [{ method: 'GET', path: '/apps/theming/image/{key}', handler: themingImage }];
