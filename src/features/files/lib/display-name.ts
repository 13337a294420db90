/** Bidi embedding/override/isolate controls (LRE..RLO, LRI..PDI): in a file name they could make
 * "Rechnung\u202Etxt.exe" read as "Rechnungexe.txt". The list shows names without them. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function displayName(name: string): string {
  return name.replace(BIDI_CONTROLS, '');
}
