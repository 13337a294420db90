/**
 * Paths in a user's files are written "/Klasse 7a/Blatt 1.pdf" (leading slash, unencoded, "/" is the root).
 * These helpers turn them into the gateway's DAV URLs and back.
 */

export const DAV_ROOT = '/remote.php/dav';

/** Normalises "a//b/", "a/b" and "" to "/a/b" and "/". */
export function normalizePath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return `/${parts.join('/')}`;
}

export function joinPath(folder: string, name: string): string {
  return normalizePath(`${folder}/${name}`);
}

export function parentOf(path: string): string {
  const normal = normalizePath(path);
  const i = normal.lastIndexOf('/');
  return i <= 0 ? '/' : normal.slice(0, i);
}

export function baseNameOf(path: string): string {
  const normal = normalizePath(path);
  return normal.slice(normal.lastIndexOf('/') + 1);
}

function encodeSegments(path: string): string {
  return normalizePath(path)
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** /remote.php/dav/files/{user}/{path}, every segment percent-encoded. */
export function filesUrl(user: string, path: string): string {
  const encoded = encodeSegments(path);
  return `${DAV_ROOT}/files/${encodeURIComponent(user)}${encoded === '/' ? '' : encoded}`;
}

export function uploadsUrl(user: string, uploadId: string, chunk?: string): string {
  const base = `${DAV_ROOT}/uploads/${encodeURIComponent(user)}/${encodeURIComponent(uploadId)}`;
  return chunk === undefined ? base : `${base}/${encodeURIComponent(chunk)}`;
}

export function trashUrl(user: string, trashName?: string): string {
  const base = `${DAV_ROOT}/trashbin/${encodeURIComponent(user)}/trash`;
  return trashName === undefined ? base : `${base}/${encodeURIComponent(trashName)}`;
}

export function restoreUrl(user: string, trashName: string): string {
  return `${DAV_ROOT}/trashbin/${encodeURIComponent(user)}/restore/${encodeURIComponent(trashName)}`;
}

/** WebDAV wants an absolute URL in Destination; the gateway maps its own origin to Nextcloud. */
export function destinationHeader(davUrl: string, origin: string = globalThis.location.origin): string {
  return `${origin}${davUrl}`;
}

/**
 * The user-relative path of an href from a multistatus ("/remote.php/dav/files/schmidt/Klasse%207a/" →
 * "/Klasse 7a"), or null when the href is not below that user's files.
 */
export function pathFromFilesHref(href: string, user: string): string | null {
  let pathname = href;
  if (/^https?:\/\//i.test(href)) pathname = new URL(href).pathname;
  const segments = pathname.split('/').filter((s) => s !== '');
  const decoded = segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      // Not valid percent-encoding: Nextcloud never sends that, keep the raw segment.
      return s;
    }
  });
  const prefix = ['remote.php', 'dav', 'files', user];
  if (prefix.some((p, i) => decoded[i] !== p)) return null;
  return normalizePath(decoded.slice(prefix.length).join('/'));
}

/** The last segment of an href, decoded (chunk names, trash names). */
export function lastSegmentOfHref(href: string): string {
  const segments = href.split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1] ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    // Keep the raw segment: better a strange name than a lost entry.
    return last;
  }
}
