import { describe, expect, it } from 'vitest';
import { displayName } from './display-name';

describe('displayName', () => {
  it('removes bidi overrides and isolates so an .exe cannot pose as a .txt', () => {
    expect(displayName('Rechnung\u202Etxt.exe')).toBe('Rechnungtxt.exe');
    expect(displayName('a\u2066b\u2069c\u202Ad\u202C')).toBe('abcd');
  });

  it('keeps ordinary and right-to-left names as they are', () => {
    expect(displayName('Arbeitsblatt 3 (Lösung).pdf')).toBe('Arbeitsblatt 3 (Lösung).pdf');
    expect(displayName('מבחן.docx')).toBe('מבחן.docx');
  });
});
