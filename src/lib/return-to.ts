/**
 * Where to go after signing in. Only relative paths of this app are accepted: one leading slash,
 * no protocol-relative `//host`, no backslashes (browsers treat `/\host` like `//host`), no control
 * characters, and nothing that resolves to another origin. The gateway checks the same again.
 */

const MAX_LENGTH = 2048;
const CHECK_ORIGIN = 'https://klassenraum.invalid';
/** Paths that would bounce straight back into a sign-in, or into the gateway/Nextcloud instead of the app. */
const NOT_RETURNABLE = /^\/(login|auth|ocs|remote\.php|index\.php)(\/|$)/;

export function isSafeReturnTo(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return false;
  if (!raw.startsWith('/') || raw.startsWith('//')) return false;
  if (raw.includes('\\')) return false;
  if (/[\u0000-\u001f\u007f]/.test(raw)) return false;
  let url: URL;
  try {
    url = new URL(raw, CHECK_ORIGIN);
  } catch {
    return false;
  }
  if (url.origin !== CHECK_ORIGIN) return false;
  return !NOT_RETURNABLE.test(url.pathname);
}

/** The validated return path, or "/" when it is missing or unsafe. */
export function safeReturnTo(raw: unknown): string {
  return isSafeReturnTo(raw) ? raw : '/';
}

/** The app's login screen, remembering where to come back to. */
export function loginPath(returnTo: string): string {
  return `/login?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) }).toString()}`;
}

/** The gateway endpoint that starts an OAuth2 sign-in (a full-page navigation). */
export function gatewayLoginUrl(returnTo: string): string {
  return `/auth/login?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) }).toString()}`;
}
