/**
 * Pseudo-locale for layout checks (`?lng=pseudo`): every German string, accented and about 35 % longer,
 * in ⟦ ⟧ so cut-off text shows. Derived at runtime from de.json, so there is no third file to maintain.
 * Interpolations ({{name}}), nesting ($t(...)) and tags (<1>…</1>) stay untouched.
 */

/** The language tag the app uses for it: German with the private-use region XA (as Android's en-XA). */
export const PSEUDO_LANGUAGE = 'de-XA';
export const PSEUDO_GROWTH = 0.35;

const accented: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ď', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'í', j: 'ĵ', k: 'ķ', l: 'ĺ', m: 'ɱ',
  n: 'ñ', o: 'ó', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ť', u: 'ú', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ď', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Í', J: 'Ĵ', K: 'Ķ', L: 'Ĺ', M: 'Ṁ',
  N: 'Ñ', O: 'Ó', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ť', U: 'Ú', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};
const VOWELS = new Set(Array.from('aeiouäöüAEIOUÄÖÜ'));
const KEEP = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<[^>]*>)/;

export function pseudoLocalize(text: string): string {
  const parts = text.split(KEEP);
  const letters = parts.filter((_, i) => i % 2 === 0).join('').replace(/[^\p{L}]/gu, '').length;
  let extra = Math.ceil(letters * PSEUDO_GROWTH);
  const out = parts.map((part, i) => {
    if (i % 2 === 1) return part;
    let result = '';
    for (const ch of part) {
      const mapped = accented[ch] ?? ch;
      result += mapped;
      // Longer words, as translations into other languages make them: vowels are stretched.
      if (extra > 0 && VOWELS.has(ch)) {
        result += mapped;
        extra--;
      }
    }
    return result;
  });
  return `⟦${out.join('')}${'~'.repeat(Math.max(0, extra))}⟧`;
}

/** The same tree of messages with every string pseudo-localised. */
export function pseudoMessages<T>(messages: T): T {
  if (typeof messages === 'string') return pseudoLocalize(messages) as T;
  if (Array.isArray(messages)) return messages.map((m: unknown) => pseudoMessages(m)) as T;
  if (typeof messages === 'object' && messages !== null) {
    return Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, pseudoMessages(v)])) as T;
  }
  return messages;
}

/** Asked for by the page address (`?lng=pseudo`). Nothing is stored: a reload without it is back to normal. */
export function pseudoRequested(search: string): boolean {
  return new URLSearchParams(search).get('lng') === 'pseudo';
}
