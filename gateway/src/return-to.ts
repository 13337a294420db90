/** The only places a login may return to are paths of this app. Anything else falls back to '/'. */
export function safeReturnTo(raw: unknown, publicOrigin: string): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  // Must be a path: one leading slash, no scheme, no protocol-relative or backslash tricks, no controls.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, publicOrigin);
  } catch {
    return '/';
  }
  if (url.origin !== publicOrigin) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return '/';
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return '/';
  // Never bounce back into the gateway's own auth endpoints or the API.
  if (/^\/(auth|ocs|remote\.php|index\.php)(\/|$)/.test(url.pathname)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
