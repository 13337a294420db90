/**
 * Compares a live body against a recorded one by shape and types, never by value: same keys, same
 * JSON types, arrays element by element against the best-matching recorded element. A recorded null
 * accepts any live type; a live null where the recording has a value is a mismatch.
 */

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function describe(v: unknown): string {
  const t = typeOf(v);
  if (t === 'array') return (v as unknown[]).length === 0 ? 'empty array' : 'array';
  return t;
}

/** Returns human-readable mismatches, each prefixed with its JSON path ([] for any array element). */
export function compareShape(recorded: unknown, live: unknown, path = '$'): string[] {
  // A recorded null says nothing about the type the field has when set (a message, a clearAt ...).
  if (recorded === null) return [];
  const rt = typeOf(recorded);
  const lt = typeOf(live);
  if (rt !== lt) return [`${path}: expected ${describe(recorded)}, got ${describe(live)}`];
  if (rt === 'array') {
    const rec = recorded as unknown[];
    const liv = live as unknown[];
    if (rec.length === 0) return []; // nothing recorded to compare elements against
    if (liv.length === 0) return [`${path}: expected a non-empty array, got an empty one`];
    const out = new Set<string>();
    for (const el of liv) {
      let best: string[] | null = null;
      for (const r of rec) {
        const m = compareShape(r, el, `${path}[]`);
        if (best === null || m.length < best.length) best = m;
        if (m.length === 0) break;
      }
      for (const m of best ?? []) out.add(m);
    }
    return [...out];
  }
  if (rt === 'object') {
    const rec = recorded as Record<string, unknown>;
    const liv = live as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(rec)) {
      if (!(k in liv)) out.push(`${path}.${k}: missing`);
      else out.push(...compareShape(rec[k], liv[k], `${path}.${k}`));
    }
    for (const k of Object.keys(liv)) if (!(k in rec)) out.push(`${path}.${k}: unexpected key`);
    return out;
  }
  return [];
}
