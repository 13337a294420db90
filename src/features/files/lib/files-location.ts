import { normalizePath } from '../../../api/dav/dav-paths';

/**
 * Where the files panel is, as the URL says it: `?ordner=Arbeitsblätter/Woche 1` (the folder below the panel's
 * root, so one link works for the teacher and for students, whose class folder may be mounted under another
 * name) and `?datei=Blatt.pdf` (a file of that folder shown in the preview). Other features and routes link
 * into the files with these.
 */
export const FOLDER_PARAM = 'ordner';
export const FILE_PARAM = 'datei';

/** The segments of a path from a URL, without empty, "." and ".." ones (a URL must not climb above the root). */
function safeSegments(value: string): string[] {
  return value.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
}

/** The folder a `?ordner=` value names, below `root` ("/" for the root itself). */
export function folderFromParam(root: string, value: string | null): string {
  return normalizePath(`${root}/${safeSegments(value ?? '').join('/')}`);
}

/** The `?ordner=` value of a folder below `root`; '' for the root (or a path outside it). */
export function folderParamOf(root: string, path: string): string {
  const base = normalizePath(root);
  const normal = normalizePath(path);
  if (base === '/') return normal.slice(1);
  return normal.startsWith(`${base}/`) ? normal.slice(base.length + 1) : '';
}

/** The search params with the folder (and no file) set; the root drops `ordner`. */
export function withFolder(params: URLSearchParams, root: string, path: string): URLSearchParams {
  const next = new URLSearchParams(params);
  const value = folderParamOf(root, path);
  if (value === '') next.delete(FOLDER_PARAM);
  else next.set(FOLDER_PARAM, value);
  next.delete(FILE_PARAM);
  return next;
}

/** The search params with the previewed file set (a name in the current folder) or removed (null). */
export function withFile(params: URLSearchParams, name: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (name === null) next.delete(FILE_PARAM);
  else next.set(FILE_PARAM, name);
  return next;
}

/**
 * The search part (`ordner=…&datei=…`, unencoded values go in) that opens `file` in the preview, given as
 * a path below the panel's root ("/Woche 1/Blatt.pdf").
 */
export function fileSearchParams(relativePath: string): URLSearchParams {
  const segments = safeSegments(relativePath);
  const name = segments.pop();
  const params = new URLSearchParams();
  if (segments.length > 0) params.set(FOLDER_PARAM, segments.join('/'));
  if (name !== undefined) params.set(FILE_PARAM, name);
  return params;
}
