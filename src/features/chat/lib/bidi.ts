/** Bidi controls (LRE..RLO, LRI..PDI; LRM/RLM are harmless and kept): they could flip text to disguise names and links. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
