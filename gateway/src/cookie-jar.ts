/** The cookies Nextcloud sets for one gateway session, sent back on later requests (Talk keeps a user's
 * room session in Nextcloud's PHP session). They never reach the browser. */
export function applySetCookies(jar: Record<string, string>, setCookies: string[] | undefined, now = Date.now()): Record<string, string> | null {
  if (!setCookies || setCookies.length === 0) return null;
  const next = new Map(Object.entries(jar));
  for (const line of setCookies) {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let expired = value === '' || value === 'deleted';
    for (const attr of attrs) {
      const [k = '', v = ''] = attr.split('=').map((s) => s.trim());
      if (/^max-age$/i.test(k) && Number(v) <= 0) expired = true;
      if (/^expires$/i.test(k) && Date.parse(v) <= now) expired = true;
    }
    if (expired) next.delete(name);
    else next.set(name, value);
  }
  const changed = next.size !== Object.keys(jar).length || [...next].some(([k, v]) => jar[k] !== v);
  return changed ? Object.fromEntries(next) : null;
}

export function cookieHeader(jar: Record<string, string> | undefined): string | null {
  if (!jar) return null;
  const pairs = Object.entries(jar).map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join('; ') : null;
}
