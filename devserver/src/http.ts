import type { IncomingMessage } from 'node:http';

/** What a handler answers. `json` keeps the structured body of JSON replies for validation. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  json?: unknown;
  /** No route answered (OCS 998, 405): the operation's schema does not apply. */
  unrouted?: boolean;
  /** Set-Cookie lines (several cookies in one answer). */
  cookies?: string[];
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
    json: value,
  };
}

export function htmlReply(status: number, html: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=UTF-8', ...headers }, body: html };
}

export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

/** Nextcloud's RedirectResponse answers 303 See Other. */
export function redirectReply(location: string, headers: Record<string, string> = {}): Reply {
  return { status: 303, headers: { location, 'content-type': 'text/html; charset=UTF-8', ...headers }, body: '' };
}

export async function readBody(req: IncomingMessage, limit = 512 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** PHP ignores an unparsable JSON body: the handler then sees missing parameters. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parameters the way PHP sees them: query string merged with a form or JSON body (body wins). */
export function parseParams(query: URLSearchParams, contentType: string | undefined, body: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of query) out[k] = v;
  if (body.length === 0) return out;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/json')) {
    const parsed = tryParseJson(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(out, parsed);
  } else if (ct.includes('application/x-www-form-urlencoded') || ct === '') {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
      if (k.endsWith('[]')) {
        const key = k.slice(0, -2);
        const prev = out[key];
        out[key] = Array.isArray(prev) ? [...(prev as unknown[]), v] : [v];
      } else {
        out[k] = v;
      }
    }
  }
  return out;
}

export function str(params: Record<string, unknown>, key: string): string | undefined {
  const v = params[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (header === undefined) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value; // a malformed escape stays as sent
    }
  }
  return out;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
