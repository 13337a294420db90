/**
 * Where to go after signing in: the one decision, used by the app (login screen, router) and by the
 * gateway (`/auth/login`, the login flow, embed sign-in). It has no imports and runs in the browser and in
 * Node alike, so both sides decide with the same code: the gateway imports this file, nothing is copied.
 *
 * The decision is made on the *normalised* value, the path the browser will really request: the input is
 * resolved like a browser resolves a Location header (dot segments removed, `%2e` treated as `.`), and
 * what comes out must still be a path of this app. That value, and only that value, is what callers
 * get back and redirect to, so a check on the raw string can never be outwitted by normalisation
 * (`/.//evil.example` resolves to `//evil.example`, which a browser treats as another host).
 * Anything else gives "/".
 */

const MAX_LENGTH = 2048;
/** Only used to resolve a relative path; the host never leaves this module. */
const CHECK_ORIGIN = 'https://klassenraum.invalid';
/** Paths that would bounce straight back into a sign-in, or into the gateway/Nextcloud instead of the app.
 * Case-insensitive: the app's router matches paths without regard to case. */
const NOT_RETURNABLE = /^\/(login|auth|api|ocs|remote\.php|index\.php|public\.php|status\.php)(\/|$)/i;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** True when `path` (already normalised) would not leave the app's own pages, even if something on the way
 * decoded it once more. */
function staysInApp(path: string, pathname: string): boolean {
  // A second slash or a backslash right after the first makes a browser read a host ("//h", "/\h").
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  const decoded = decodedPath(pathname);
  if (decoded === null) return false;
  if (CONTROL.test(decoded) || decoded.includes('\\')) return false;
  if (decoded.startsWith('//') || decoded.split('/').some((s) => s === '.' || s === '..')) return false;
  return !NOT_RETURNABLE.test(pathname) && !NOT_RETURNABLE.test(decoded);
}

/** The normalised return path (path, query and fragment as the browser will request them), or "/". */
export function normaliseReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return '/';
  // Browsers drop tabs and newlines from URLs and treat "\" as "/"; refuse instead of guessing.
  if (CONTROL.test(raw) || raw.includes('\\')) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(raw, CHECK_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== CHECK_ORIGIN) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return staysInApp(path, url.pathname) ? path : '/';
}

/** Whether `raw` may be used as it is (it is already its own normalised, safe form). */
export function isSafeReturnTo(raw: unknown): raw is string {
  return typeof raw === 'string' && normaliseReturnTo(raw) === raw;
}

/** The validated, normalised return path, or "/" when it is missing or unsafe. */
export function safeReturnTo(raw: unknown): string {
  return normaliseReturnTo(raw);
}

/** The app's login screen, remembering where to come back to. */
export function loginPath(returnTo: string): string {
  return `/login?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) }).toString()}`;
}

/** The gateway endpoint that starts an OAuth2 sign-in (a full-page navigation). */
export function gatewayLoginUrl(returnTo: string): string {
  return `/auth/login?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) }).toString()}`;
}
