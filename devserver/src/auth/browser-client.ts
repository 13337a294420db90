/**
 * A tiny cookie-keeping "browser" over fetch that follows the development server's login pages:
 * for tests that need an OAuth2 code or a Login Flow v2 grant without Playwright.
 */

export interface BrowserStep {
  status: number;
  url: string;
  location: string | null;
  body: string;
}

interface FormInfo {
  action: string;
  fields: Record<string, string>;
}

/** The HTML entities the dev server's and Nextcloud's pages use in attribute values. */
export function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The first POST form of a page with its hidden and pre-filled inputs. */
export function parseForm(html: string): FormInfo | null {
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form === null) return null;
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const attrs = input[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? '';
    if (name !== undefined) fields[decodeEntities(name)] = decodeEntities(value);
  }
  return { action: decodeEntities(form[1] ?? ''), fields };
}

export class MiniBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = (pair ?? '').indexOf('=');
      if (i <= 0 || pair === undefined) continue;
      const value = pair.slice(i + 1).trim();
      // An expired cookie is dropped, as a browser does.
      if (value === '' || value === 'deleted' || /max-age=0\b/i.test(c)) this.cookies.delete(pair.slice(0, i).trim());
      else this.cookies.set(pair.slice(0, i).trim(), value);
    }
  }

  /** Forgets one cookie (e.g. the session cookie a closed browser drops, keeping persistent ones). */
  forget(name: string): void {
    this.cookies.delete(name);
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request without following redirects. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<BrowserStep> {
    const abs = new URL(url, this.origin).href;
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size > 0) headers['cookie'] = this.cookieHeader();
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      // A browser names the page's origin when it submits a form (Nextcloud's login requires it).
      headers['origin'] = new URL(abs).origin;
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(abs, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
    this.remember(res);
    return { status: res.status, url: abs, location: res.headers.get('location'), body: await res.text() };
  }

  /** Follows redirects on this origin; stops at a page or at a redirect leaving the origin. */
  async follow(step: BrowserStep): Promise<BrowserStep> {
    let current = step;
    for (let i = 0; i < 10; i++) {
      if (current.status < 300 || current.status >= 400 || current.location === null) return current;
      const next = new URL(current.location, current.url);
      if (next.origin !== new URL(this.origin).origin) return current;
      current = await this.request(next.href);
    }
    throw new Error('too many redirects');
  }

  async submit(page: BrowserStep, values: Record<string, string> = {}): Promise<BrowserStep> {
    const form = parseForm(page.body);
    if (form === null) throw new Error(`no form on ${page.url} (status ${page.status})`);
    return this.follow(await this.request(new URL(form.action, page.url).href, { form: { ...form.fields, ...values } }));
  }
}

/** Runs the OAuth2 browser flow from an authorize URL and returns the redirect to the client. */
export async function authorizeWithPassword(authorizeUrl: string, user: string, password: string): Promise<URL> {
  const origin = new URL(authorizeUrl).origin;
  const b = new MiniBrowser(origin);
  const login = await b.follow(await b.request(authorizeUrl));
  const grant = await b.submit(login, { user, password });
  const done = await b.submit(grant);
  if (done.location === null) throw new Error(`expected a redirect to the client, got ${done.status}`);
  return new URL(done.location);
}

/** Completes a Login Flow v2 in the "browser" given its login URL. */
export async function grantLoginFlow(loginUrl: string, user: string, password: string): Promise<void> {
  const b = new MiniBrowser(new URL(loginUrl).origin);
  const login = await b.follow(await b.request(loginUrl));
  const grant = await b.submit(login, { user, password });
  const done = await b.submit(grant);
  if (done.status !== 200) throw new Error(`login flow grant answered ${done.status}`);
}
