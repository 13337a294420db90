import { describe, expect, it } from 'vitest';
import { contrastRatio, luminance, normalizeHex, readableOn, textColorOn } from './contrast';

describe('contrast', () => {
  it('computes WCAG luminance and ratios', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBe(1);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // WebAIM's reference pair: #767676 on white is 4.54:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('normalises #rgb and #rrggbb and refuses anything else', () => {
    expect(normalizeHex('#FFEB3B')).toBe('#ffeb3b');
    expect(normalizeHex('0af')).toBe('#00aaff');
    expect(normalizeHex('red')).toBeNull();
    expect(normalizeHex('#12345')).toBeNull();
    expect(normalizeHex('url(x)')).toBeNull();
  });

  it('picks black or white text, whichever reads better', () => {
    expect(textColorOn('#ffeb3b')).toBe('#000000');
    expect(textColorOn('#1d4ed8')).toBe('#ffffff');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#ffffff')).toBe('#000000');
  });

  it.each(['#ffeb3b', '#ffffff', '#808080', '#000000'])('makes %s readable on light and on dark surfaces', (colour) => {
    const light = readableOn(colour, ['#ffffff', '#f1f5f9'], 'darken');
    expect(contrastRatio(light, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(light, '#f1f5f9')).toBeGreaterThanOrEqual(4.5);
    const dark = readableOn(colour, ['#0f172b'], 'lighten');
    expect(contrastRatio(dark, '#0f172b')).toBeGreaterThanOrEqual(4.5);
  });

  it('changes a colour only as much as needed', () => {
    // Already readable: unchanged.
    expect(readableOn('#000000', ['#ffffff'], 'darken')).toBe('#000000');
    expect(readableOn('#1d4ed8', ['#ffffff'], 'darken')).toBe('#1d4ed8');
    expect(readableOn('#ffffff', ['#000000'], 'lighten')).toBe('#ffffff');
    // Bright yellow becomes a dark yellow just past 4.5:1, not black.
    const yellow = readableOn('#ffeb3b', ['#ffffff'], 'darken');
    expect(contrastRatio(yellow, '#ffffff')).toBeLessThan(4.7);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(yellow.slice(i, i + 2), 16)) as [number, number, number];
    expect(r).toBeGreaterThan(b);
    expect(g).toBeGreaterThan(b);
    // White on white becomes the grey WebAIM names as the lightest AA grey on white.
    expect(readableOn('#ffffff', ['#ffffff'], 'darken')).toBe('#767676');
  });
});
