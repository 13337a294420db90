/**
 * WCAG 2 contrast for colours a school picks (Nextcloud's theming colour): relative luminance, contrast
 * ratio, and the least change that makes a colour readable on given surfaces. Colours are `#rrggbb`.
 */

/** WCAG AA for normal text (1.4.3). */
export const AA_TEXT = 4.5;

type Rgb = readonly [number, number, number];

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb` or `#rrggbb` (with or without `#`) as lower-case `#rrggbb`; null for anything else. */
export function normalizeHex(value: string): string | null {
  const m = HEX.exec(value.trim());
  const digits = m?.[1];
  if (digits === undefined) return null;
  const full = digits.length === 3 ? digits.replace(/./g, '$&$&') : digits;
  return `#${full.toLowerCase()}`;
}

function toRgb(hex: string): Rgb {
  const n = normalizeHex(hex);
  if (n === null) throw new Error(`not a colour: ${hex}`);
  return [parseInt(n.slice(1, 3), 16), parseInt(n.slice(3, 5), 16), parseInt(n.slice(5, 7), 16)];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (WCAG 2): 0 for black, 1 for white. */
export function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Contrast ratio between two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on `background`; one of them always reaches 4.5:1. */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}

function mix(rgb: Rgb, towards: Rgb, t: number): string {
  return toHex([rgb[0] + (towards[0] - rgb[0]) * t, rgb[1] + (towards[1] - rgb[1]) * t, rgb[2] + (towards[2] - rgb[2]) * t]);
}

function passes(colour: string, surfaces: readonly string[], min: number): boolean {
  return surfaces.every((s) => contrastRatio(colour, s) >= min);
}

/**
 * `colour` itself when it reaches `min` against every surface; otherwise the colour mixed towards black
 * (`darken`, for light surfaces) or white (`lighten`, for dark ones) by the smallest amount that does, so a
 * school's hue stays recognisable. Pure black or white always pass against surfaces of the other kind.
 */
export function readableOn(colour: string, surfaces: readonly string[], direction: 'darken' | 'lighten', min = AA_TEXT): string {
  const start = normalizeHex(colour);
  if (start === null) throw new Error(`not a colour: ${colour}`);
  if (passes(start, surfaces, min)) return start;
  const rgb = toRgb(start);
  const target: Rgb = direction === 'darken' ? [0, 0, 0] : [255, 255, 255];
  let low = 0;
  let high = 1;
  for (let i = 0; i < 24; i++) {
    const mid = (low + high) / 2;
    if (passes(mix(rgb, target, mid), surfaces, min)) high = mid;
    else low = mid;
  }
  return mix(rgb, target, high);
}
