/**
 * Generated returnTo values that try to leave the app after login (tests only: the app never imports it).
 * Built as combinations, not a hand list: every separator spelling (raw, percent-encoded, double-encoded,
 * backslash, Unicode look-alikes) × every dot-segment spelling × every way to hide a host, plus controls,
 * whitespace, scheme-like prefixes, userinfo and mixed case. The property the tests assert for each value:
 * after login the browser is on the app's origin, on a page of the app.
 */

export const FIVE_REPORTED = ['/.//evil.example/x', '/.%2F%2Fevil', '/%2E//evil', '/x/..%2F%2Fevil', '/./%2Fevil%2Fpath'] as const;

const SEPARATORS = ['/', '\\', '%2F', '%2f', '%5C', '%5c', '%252F', '%255C', '\u2215', '\uFF0F', '%E2%88%95', '%EF%BC%8F'];
const DOTS = ['', '.', '..', '%2E', '%2e', '%2E%2E', '.%2e', '%252E', '%2e%2E'];
const CONTROLS = ['\t', '\n', '\r', '\u0000', '\u001b', '%09', '%0A', '%0d', '%00', ' ', '%20', '\u00a0'];
const HOSTS = ['evil.example', 'EVIL.Example', 'user@evil.example', '@evil.example', 'evil.example:443', '127.0.0.1:1', '[::1]'];
const SCHEMES = ['https:', 'HTTPS:', 'http:', 'javascript:', 'JaVaScRiPt:', 'data:', 'file:', 'hTtP:', 'https%3A', 'blob:https:'];
const GATEWAY_PATHS = ['/auth/logout', '/AUTH/login', '/%61uth/login', '/ocs/v2.php/cloud/user', '/remote.php/dav', '/Index.php/login', '/login?returnTo=%2F%2Fevil', '/api/config'];

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** At least 500 distinct hostile values (deterministic: the same list on every run). */
export function hostileReturnTos(): string[] {
  const out: string[] = [...FIVE_REPORTED];
  for (const dot of DOTS) {
    for (const a of SEPARATORS) {
      for (const b of SEPARATORS) {
        out.push(`/${dot}${a}${b}evil.example/x`);
        if (dot !== '') out.push(`/x/${dot}${a}${b}evil.example`);
      }
    }
  }
  for (const host of HOSTS) {
    for (const sep of SEPARATORS) out.push(`/${sep}${host}`, `${sep}${sep}${host}`, `/.${sep}/${host}/path`);
    for (const scheme of SCHEMES) out.push(`${scheme}//${host}`, `${scheme}${host}`, `/${scheme}//${host}`);
  }
  for (const ctrl of CONTROLS) {
    out.push(`/${ctrl}/evil.example`, `${ctrl}//evil.example`, `/.${ctrl}//evil.example`, `/\\${ctrl}evil.example`, `/${ctrl}${ctrl}evil.example`);
    for (const scheme of SCHEMES.slice(0, 4)) out.push(`${scheme.slice(0, 2)}${ctrl}${scheme.slice(2)}//evil.example`);
  }
  for (const path of GATEWAY_PATHS) out.push(path, `/x/..${path}`, `/x/%2e%2e${path}`, `/.${path}`);
  return unique(out);
}

/** App paths that must survive unchanged (a login must still return where the user was going). */
export const APP_PATHS = ['/', '/klassen/7a', '/klassen/7a?ansicht=dateien', '/klassen/7a?tab=dateien&ordner=%2FArbeitsbl%C3%A4tter', '/suche?q=%C3%BC#treffer'];
