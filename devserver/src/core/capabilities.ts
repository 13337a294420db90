/**
 * The capabilities document of the recorded Nextcloud 32.0.1 + Talk 22.0.0 + Deck 1.16.7
 * (recordings/core.json) is the data table capabilities.json; its absolute URLs start with `{base}`,
 * which is replaced by this server's public URL.
 */
import table from './capabilities.json' with { type: 'json' };

const BASE = '{base}';

function withBase(value: unknown, base: string): unknown {
  if (typeof value === 'string') return value.startsWith(BASE) ? base + value.slice(BASE.length) : value;
  if (Array.isArray(value)) return value.map((v) => withBase(v, base));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBase(v, base)]));
  }
  return value;
}

/** A fresh copy of the capabilities document (callers add to it) with URLs pointing at `base`. */
export function capabilitiesData(base: string): Record<string, unknown> {
  return withBase(table, base) as Record<string, unknown>;
}
