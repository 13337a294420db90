import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../../lib/contrast';
import { accentPalette, applyAccent, DARK_SURFACES, LIGHT_SURFACES } from './accent';

describe('accentPalette', () => {
  it.each(['#FFEB3B', '#ffffff', '#808080', '#000000', '#00679e'])('keeps WCAG AA for %s on every surface it is used on', (colour) => {
    const p = accentPalette(colour);
    if (p === null) throw new Error('no palette');
    for (const surface of LIGHT_SURFACES) expect(contrastRatio(p.accent, surface)).toBeGreaterThanOrEqual(4.5);
    for (const surface of DARK_SURFACES) expect(contrastRatio(p.accentDark, surface)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(p.onAccent, p.accent)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(p.onAccentDark, p.accentDark)).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps the chosen colour for decoration and as the accent where it already reads well', () => {
    expect(accentPalette('#FFEB3B')?.brand).toBe('#ffeb3b');
    expect(accentPalette('#1d4ed8')).toMatchObject({ accent: '#1d4ed8', onAccent: '#ffffff' });
    expect(accentPalette('#ffeb3b')).toMatchObject({ accentDark: '#ffeb3b', onAccentDark: '#000000' });
  });

  it('refuses what is not a colour', () => {
    expect(accentPalette('')).toBeNull();
    expect(accentPalette('red; background: url(x)')).toBeNull();
  });

  it('sets and removes the CSS variables the stylesheet reads', () => {
    const root = document.createElement('html');
    applyAccent(accentPalette('#ffeb3b'), root);
    expect(root.style.getPropertyValue('--school-brand')).toBe('#ffeb3b');
    expect(root.style.getPropertyValue('--school-on-accent')).toBe('#ffffff');
    applyAccent(null, root);
    expect(root.style.getPropertyValue('--school-accent')).toBe('');
  });
});
