/**
 * Walks Nextcloud's login pages the way a browser would (forms, cookies, redirects), without a browser:
 * for gateway integration tests. The e2e suite does the same in Chromium.
 */
export class CookieClient {
  private readonly jars = new Map<string, Map<string, string>>();

  private jar(url: URL): Map<string, string> {
    let jar = this.jars.get(url.host);
    if (!jar) {
      jar = new Map();
      this.jars.set(url.host, jar);
    }
    return jar;
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar(new URL(url)).get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    this.jar(new URL(url)).set(name, value);
  }

  async request(url: string, init: { method?: string; body?: URLSearchParams | string; headers?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url);
    const jar = this.jar(u);
    const headers: Record<string, string> = { ...init.headers };
    // A browser names the page's origin when it submits a form.
    if ((init.method ?? 'GET') === 'POST' && headers['origin'] === undefined) headers['origin'] = u.origin;
    if (jar.size > 0) headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body ?? null, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects until a page answers (or a redirect leaves `stopAt`'s origin and path). */
  async follow(url: string, stopAt?: (u: URL) => boolean, init?: Parameters<CookieClient['request']>[1]): Promise<{ url: string; res: Response }> {
    let current = url;
    let res = await this.request(current, init);
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      const location = res.headers.get('location');
      if (!location) break;
      current = new URL(location, current).href;
      if (stopAt?.(new URL(current))) return { url: current, res };
      res = await this.request(current);
    }
    return { url: current, res };
  }
}

interface FormData {
  action: string;
  method: string;
  fields: URLSearchParams;
  inputs: { name: string; type: string }[];
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  const raw = m?.[2] ?? m?.[3];
  return raw?.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

export function firstForm(html: string, pageUrl: string): FormData | null {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const open = /<form\b[^>]*>/i.exec(form[0])?.[0] ?? '';
  const fields = new URLSearchParams();
  const inputs: { name: string; type: string }[] = [];
  for (const input of form[1]?.match(/<(input|button)\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (!name) continue;
    const type = (attr(input, 'type') ?? 'text').toLowerCase();
    inputs.push({ name, type });
    const value = attr(input, 'value');
    if (value !== undefined && type !== 'password' && type !== 'text') fields.set(name, value);
  }
  return { action: new URL(attr(open, 'action') ?? pageUrl, pageUrl).href, method: (attr(open, 'method') ?? 'GET').toUpperCase(), fields, inputs };
}

/** True for the redirect that ends Nextcloud's pages (relayed on the app's origin): the app's /auth/ routes. */
export function backAtApp(appUrl: string): (u: URL) => boolean {
  return (u) => u.origin === new URL(appUrl).origin && u.pathname.startsWith('/auth/');
}

/** From a Nextcloud login page: log in, grant access, and return the redirect that leaves Nextcloud. */
export async function passNextcloudLogin(client: CookieClient, loginPageUrl: string, user: string, password: string, leaves: (u: URL) => boolean): Promise<string | null> {
  let page = await client.follow(loginPageUrl, leaves);
  for (let step = 0; step < 4; step++) {
    if (leaves(new URL(page.url))) return page.url;
    const html = await page.res.text();
    const form = firstForm(html, page.url);
    // A page without a form is the end of the flow (e.g. "Account connected").
    if (!form) return page.url;
    for (const input of form.inputs) {
      if (input.type === 'password') form.fields.set(input.name, password);
      else if (input.type === 'text' || input.type === 'email') form.fields.set(input.name, user);
    }
    const res = await client.request(form.action, {
      method: form.method,
      body: form.fields,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, form.action);
      if (leaves(next)) return next.href;
      page = await client.follow(next.href, leaves);
    } else {
      page = { url: form.action, res };
      if (res.status !== 200) return null;
    }
  }
  return leaves(new URL(page.url)) ? page.url : null;
}
