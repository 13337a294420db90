/** Which browser paths the gateway relays to Nextcloud, and how they are checked. The destination host
 * is never derived from the request: only a validated path is appended to the configured base URL. */
export type TargetKind = 'api' | 'image';

export interface ProxyTarget {
  kind: TargetKind;
  /** Path and query, exactly as the browser sent them, validated. */
  path: string;
}

const API_PREFIXES = ['/ocs/v1.php/', '/ocs/v2.php/', '/remote.php/dav/', '/index.php/apps/deck/api/'];
const API_EXACT = ['/remote.php/dav'];
const IMAGE_PREFIXES = ['/index.php/avatar/', '/index.php/core/preview', '/index.php/apps/files_trashbin/preview'];

export function isProxyPath(pathname: string): boolean {
  return /^\/(ocs|remote\.php|index\.php)(\/|$)/.test(pathname);
}

function segmentsAreSafe(pathname: string): boolean {
  for (const segment of pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return false;
    }
    if (decoded === '.' || decoded === '..') return false;
    // Encoded separators or control characters: never part of a legitimate Nextcloud path.
    if (/[/\\\u0000-\u001f\u007f]/.test(decoded)) return false;
  }
  return true;
}

/** null when the request must not reach Nextcloud. */
export function proxyTarget(rawUrl: string | undefined): ProxyTarget | null {
  if (!rawUrl?.startsWith('/') || rawUrl.startsWith('//')) return null;
  if (/[\\\u0000-\u0020\u007f#]/.test(rawUrl)) return null;
  const q = rawUrl.indexOf('?');
  const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
  if (pathname.includes('//') || !segmentsAreSafe(pathname)) return null;
  if (API_EXACT.includes(pathname) || API_PREFIXES.some((p) => pathname.startsWith(p))) return { kind: 'api', path: rawUrl };
  if (IMAGE_PREFIXES.some((p) => (p.endsWith('/') ? pathname.startsWith(p) : pathname === p || pathname === `${p}.png`))) {
    return { kind: 'image', path: rawUrl };
  }
  return null;
}
