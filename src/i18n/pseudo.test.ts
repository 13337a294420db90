import { describe, expect, it } from 'vitest';
import { pseudoLocalize, pseudoMessages, pseudoRequested } from './pseudo';

describe('pseudo-locale', () => {
  it('accents letters, grows the text by about a third and marks its ends', () => {
    const text = 'Neue Aufgabe verteilen';
    const pseudo = pseudoLocalize(text);
    expect(pseudo.startsWith('⟦') && pseudo.endsWith('⟧')).toBe(true);
    expect(pseudo).not.toMatch(/[a-z]/);
    // 20 letters: at least 7 more characters.
    const inner = Array.from(pseudo.slice(1, -1)).length;
    expect(inner).toBeGreaterThanOrEqual(text.length + 7);
  });

  it('keeps interpolations, nesting and tags as they are', () => {
    const pseudo = pseudoLocalize('Hallo {{name}}, <1>lies</1> $t(app.name)');
    expect(pseudo).toContain('{{name}}');
    expect(pseudo).toContain('<1>');
    expect(pseudo).toContain('</1>');
    expect(pseudo).toContain('$t(app.name)');
  });

  it('pads text without vowels so it still grows', () => {
    expect(pseudoLocalize('PDF')).toMatch(/^⟦ÞĎƑ~+⟧$/);
  });

  it('maps a whole message tree and leaves its shape alone', () => {
    expect(pseudoMessages({ a: { b: 'Ja' }, c: 'Nein' })).toEqual({ a: { b: pseudoLocalize('Ja') }, c: pseudoLocalize('Nein') });
  });

  it('is asked for by ?lng=pseudo only', () => {
    expect(pseudoRequested('?lng=pseudo')).toBe(true);
    expect(pseudoRequested('?ansicht=chat&lng=pseudo')).toBe(true);
    expect(pseudoRequested('?lng=en')).toBe(false);
    expect(pseudoRequested('')).toBe(false);
  });
});
