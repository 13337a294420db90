/**
 * The school's colour (Nextcloud's theming colour) as the app's accent, readable whatever a school picks:
 * the accent is darkened until it reaches WCAG AA on the light surfaces it sits on (and lightened for the
 * dark colour scheme), and text on it is black or white, whichever reads better.
 */
import { AA_TEXT, normalizeHex, readableOn, textColorOn } from '../../../lib/contrast';

/** Where the accent is used as text, outline or fill edge: white cards, the page (slate-50), hovered rows (slate-100). */
export const LIGHT_SURFACES = ['#ffffff', '#f8fafc', '#f1f5f9'] as const;
/** The same in the dark scheme: cards (slate-900), the page (slate-950), hovered rows (slate-800). */
export const DARK_SURFACES = ['#0f172b', '#020618', '#1d293d'] as const;

/** Tailwind's colours are oklch; their hex values above are rounded, so the accent keeps a little headroom. */
const TARGET = AA_TEXT + 0.1;

export interface AccentPalette {
  /** The school's colour as chosen, for decoration without text (the header's stripe). */
  brand: string;
  /** Accent for the light scheme: links, the current page, focus rings, primary buttons. */
  accent: string;
  /** Text on `accent` (primary buttons). */
  onAccent: string;
  /** Accent for the dark scheme. */
  accentDark: string;
  onAccentDark: string;
}

/** The palette for a school colour, or null when the colour is not a `#rgb`/`#rrggbb` value. */
export function accentPalette(schoolColor: string): AccentPalette | null {
  const brand = normalizeHex(schoolColor);
  if (brand === null) return null;
  const accent = readableOn(brand, LIGHT_SURFACES, 'darken', TARGET);
  const accentDark = readableOn(brand, DARK_SURFACES, 'lighten', TARGET);
  return { brand, accent, onAccent: textColorOn(accent), accentDark, onAccentDark: textColorOn(accentDark) };
}

const HOVER = '--school-accent-hover';
const HOVER_DARK = '--school-accent-dark-hover';

const VARIABLES: Record<keyof AccentPalette, string> = {
  brand: '--school-brand',
  accent: '--school-accent',
  onAccent: '--school-on-accent',
  accentDark: '--school-accent-dark',
  onAccentDark: '--school-on-accent-dark',
};

/** Sets the palette as CSS custom properties on `root` (src/index.css reads them); null restores the app's own blue.
 * CSSOM writes, which the strict CSP (no inline styles) allows. */
export function applyAccent(palette: AccentPalette | null, root: HTMLElement): void {
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof AccentPalette, string][]) {
    if (palette === null) root.style.removeProperty(variable);
    else root.style.setProperty(variable, palette[key]);
  }
  // Hover: further from the surface, so the text on it only gains contrast.
  if (palette === null) {
    root.style.removeProperty(HOVER);
    root.style.removeProperty(HOVER_DARK);
  } else {
    root.style.setProperty(HOVER, `color-mix(in srgb, ${palette.accent} 85%, #000000)`);
    root.style.setProperty(HOVER_DARK, `color-mix(in srgb, ${palette.accentDark} 80%, #ffffff)`);
  }
}
