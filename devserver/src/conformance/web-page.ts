/**
 * How web-session.json describes Nextcloud's browser pages, and the comparison of a live answer with it:
 * an HTML page is summarised as its title, the `<head>` attributes `data-requesttoken` and `data-user`, and
 * its POST forms (action, method, input names and types); `set-cookie-names` lists the cookies an answer
 * sets, "(deleted)" where it expires them.
 */
import { decodeEntities as decode } from '../auth/browser-client.js';

export interface PageSummary {
  title: string | null;
  'data-requesttoken': string | null;
  'data-user': string | null;
  forms: { action: string; method: string; inputs: { name: string; type: string }[] }[];
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m?.[1] === undefined ? null : decode(m[1]);
}

export function isPageSummary(body: unknown): body is PageSummary & { _html_bytes: number } {
  return typeof body === 'object' && body !== null && '_html_bytes' in body;
}

export function summarisePage(html: string): PageSummary {
  const head = /<head\b[^>]*>/i.exec(html)?.[0] ?? '';
  const title = /<title>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const open = m[1] ?? '';
    const inputs = [...(m[2] ?? '').matchAll(/<input\b([^>]*)>/gi)].map((i) => ({
      name: attr(i[1] ?? '', 'name') ?? '',
      type: (attr(i[1] ?? '', 'type') ?? 'text').toLowerCase(),
    }));
    return { action: attr(` ${open}`, 'action') ?? '', method: (attr(` ${open}`, 'method') ?? 'get').toLowerCase(), inputs };
  });
  return {
    title: title === undefined ? null : decode(title.trim()),
    'data-requesttoken': attr(head, 'data-requesttoken'),
    'data-user': attr(head, 'data-user'),
    forms,
  };
}

/** Differences between a recorded page summary and a live page: same title and user, a requesttoken
 * exactly where the recording has one, the same forms with the same inputs (values are not compared). */
export function comparePage(recorded: PageSummary, live: PageSummary): string[] {
  const out: string[] = [];
  if (recorded.title !== live.title) out.push(`title: expected ${JSON.stringify(recorded.title)}, got ${JSON.stringify(live.title)}`);
  if ((recorded['data-requesttoken'] === null) !== (live['data-requesttoken'] === null)) {
    out.push(`data-requesttoken: expected ${recorded['data-requesttoken'] === null ? 'none' : 'one'}`);
  }
  if (recorded['data-user'] !== live['data-user']) out.push(`data-user: expected ${JSON.stringify(recorded['data-user'])}, got ${JSON.stringify(live['data-user'])}`);
  const shape = (s: PageSummary): string => JSON.stringify(s.forms.map((f) => ({ ...f, inputs: f.inputs.map((i) => `${i.name}:${i.type}`) })));
  if (shape(recorded) !== shape(live)) out.push(`forms: expected ${shape(recorded)}, got ${shape(live)}`);
  return out;
}

/** The session cookie is named after the instance id (`oc` + id): any server's instance cookie matches. */
function cookieKey(name: string, deleted: boolean): string {
  const normal = /^oc[a-z0-9]+$/.test(name) ? '<instance>' : name;
  return `${normal}${deleted ? ' (deleted)' : ''}`;
}

function liveCookieKeys(setCookies: string[]): Set<string> {
  const keys = new Set<string>();
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = pair.slice(eq + 1).trim();
    const deleted = value === '' || value === 'deleted' || /max-age=0\b/i.test(line);
    keys.add(cookieKey(pair.slice(0, eq).trim(), deleted));
  }
  return keys;
}

/** Every cookie the recording sets (or expires) must be set (or expired) live; more are allowed. */
export function compareSetCookies(recorded: readonly string[], live: string[]): string[] {
  const keys = liveCookieKeys(live);
  const out: string[] = [];
  for (const n of recorded) {
    const deleted = n.includes('(deleted)');
    const key = cookieKey(n.replace('(deleted)', '').trim(), deleted);
    if (!keys.has(key)) out.push(`set-cookie ${key}: not set`);
  }
  return [...new Set(out)];
}
