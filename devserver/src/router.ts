import type { AuthInfo } from './auth/auth.js';
import type { Ctx } from './context.js';
import type { Reply } from './http.js';
import type { OcsResult } from './ocs.js';

export type PathParams = Record<string, string>;

export interface OcsArgs<A> {
  ctx: Ctx;
  p: PathParams;
  auth: A;
}

/** An OCS route, relative to /ocs/v1.php and /ocs/v2.php. Routes require a user unless public. */
export type OcsRoute =
  | { method: string; path: string; public: true; handler: (a: OcsArgs<AuthInfo | null>) => OcsResult | Promise<OcsResult> }
  | { method: string; path: string; public?: false; handler: (a: OcsArgs<AuthInfo>) => OcsResult | Promise<OcsResult> };

/** A plain route (index.php, remote.php, status.php ...). `path` is the full path. */
export interface PlainRoute {
  method: string;
  path: string;
  handler: (ctx: Ctx, p: PathParams) => Reply | Promise<Reply>;
}

export interface CompiledPattern {
  regex: RegExp;
  names: string[];
}

/** `/cloud/users/{userId}` → a regex matching one path segment per parameter (`{path*}` matches the rest). */
export function compilePattern(path: string): CompiledPattern {
  const names: string[] = [];
  const src = path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(\*?)\}/g, (_m, name: string, star: string) => {
    names.push(name);
    return star === '*' ? '(.*)' : '([^/]+)';
  });
  return { regex: new RegExp(`^${src}$`), names };
}

export function matchPattern(c: CompiledPattern, path: string): PathParams | null {
  const m = c.regex.exec(path);
  if (m === null) return null;
  const out: PathParams = {};
  c.names.forEach((name, i) => {
    const raw = m[i + 1] ?? '';
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw; // a malformed escape stays as sent
    }
  });
  return out;
}
