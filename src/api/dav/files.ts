/** The user's files over WebDAV (through the gateway): list, create, move, copy, delete, favourite, read, write. */
import { apiErrorFromInvalidBody, apiErrorFromResponse, isApiError } from '../api-error';
import { readBody, send, type CallOptions } from '../client';
import { destinationHeader, filesUrl, normalizePath } from './dav-paths';
import { davVoid, FILE_PROPS, propfind } from './dav-request';
import { NS_NC, NS_OC, toFileEntry, type FileEntry } from './multistatus';

export interface FolderListing {
  folder: FileEntry;
  children: FileEntry[];
}

export interface FolderParams {
  user: string;
  path: string;
}

/** One PROPFIND (Depth 1) for a folder view: the folder itself and its direct children. */
export async function listFolder({ user, path }: FolderParams, { signal }: CallOptions = {}): Promise<FolderListing> {
  const responses = await propfind(filesUrl(user, path), FILE_PROPS, 1, { signal });
  const entries = responses.map((r) => toFileEntry(r, user)).filter((e): e is FileEntry => e !== null);
  const self = normalizePath(path);
  const folder = entries.find((e) => e.path === self);
  if (folder === undefined) throw apiErrorFromInvalidBody(207, new Error('the folder itself is missing from the multistatus'));
  return { folder, children: entries.filter((e) => e !== folder) };
}

export async function createFolder({ user, path }: FolderParams, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(filesUrl(user, path), { method: 'MKCOL', signal });
}

export interface TransferParams {
  user: string;
  from: string;
  to: string;
  /** false sends `Overwrite: F`: an existing target answers 412 instead of being replaced. */
  overwrite?: boolean;
}

export async function moveEntry({ user, from, to, overwrite = false }: TransferParams, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(filesUrl(user, from), {
    method: 'MOVE',
    headers: { Destination: destinationHeader(filesUrl(user, to)), Overwrite: overwrite ? 'T' : 'F' },
    signal,
  });
}

export async function copyEntry({ user, from, to, overwrite = false }: TransferParams, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(filesUrl(user, from), {
    method: 'COPY',
    headers: { Destination: destinationHeader(filesUrl(user, to)), Overwrite: overwrite ? 'T' : 'F' },
    signal,
  });
}

/** DELETE moves the entry to the user's trash bin (restorable). */
export async function deleteEntry({ user, path }: FolderParams, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(filesUrl(user, path), { method: 'DELETE', signal });
}

export async function setFavorite({ user, path, favorite }: FolderParams & { favorite: boolean }, { signal }: CallOptions = {}): Promise<void> {
  const body =
    `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="${NS_OC}" xmlns:nc="${NS_NC}">` +
    `<d:set><d:prop><oc:favorite>${favorite ? '1' : '0'}</oc:favorite></d:prop></d:set></d:propertyupdate>`;
  const response = await send(filesUrl(user, path), {
    method: 'PROPPATCH',
    headers: { Accept: 'application/xml', 'Content-Type': 'application/xml; charset=utf-8' },
    body,
    signal,
  });
  const text = await readBody(response);
  if (!response.ok) throw apiErrorFromResponse(response, text);
  // PROPPATCH answers 207 even when a property was refused: look at the propstat status.
  if (typeof text === 'string' && /<d:status>HTTP\/1\.1 (4|5)\d\d/i.test(text)) {
    const status = Number(/HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? '500');
    throw apiErrorFromResponse({ status, headers: response.headers }, text);
  }
}

/** The file's content (for viewing through a blob URL or downloading). */
export async function readFile({ user, path }: FolderParams, { signal }: CallOptions = {}): Promise<Blob> {
  const response = await send(filesUrl(user, path), { headers: { Accept: '*/*' }, signal });
  if (!response.ok) throw apiErrorFromResponse(response, await readBody(response));
  return response.blob();
}

export interface WriteParams extends FolderParams {
  content: Blob;
  /** true: fail with 412 when something exists there already (If-None-Match: *). */
  createOnly?: boolean;
  /** Seconds since the epoch, kept as the file's modification time. */
  mtime?: number;
}

/** A single PUT (small files). */
export async function writeFile({ user, path, content, createOnly = false, mtime }: WriteParams, { signal }: CallOptions = {}): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': content.type || 'application/octet-stream' };
  if (createOnly) headers['If-None-Match'] = '*';
  if (mtime !== undefined) headers['X-OC-Mtime'] = String(Math.floor(mtime));
  await davVoid(filesUrl(user, path), { method: 'PUT', headers, body: content, signal });
}

/** Nextcloud's preview of a file, as an <img> URL (the gateway relays it without CSRF header). */
export function previewUrl(fileId: number, size: number, etag: string | null): string {
  const params = new URLSearchParams({ fileId: String(fileId), x: String(size), y: String(size), a: '1' });
  if (etag) params.set('c', etag);
  return `/index.php/core/preview?${params.toString()}`;
}

/** The entry at path (PROPFIND Depth 0), or null when there is none. */
export async function statEntry({ user, path }: FolderParams, { signal }: CallOptions = {}): Promise<FileEntry | null> {
  try {
    const responses = await propfind(filesUrl(user, path), FILE_PROPS, 0, { signal });
    const first = responses[0];
    return first === undefined ? null : toFileEntry(first, user);
  } catch (error) {
    if (isApiError(error) && error.kind === 'not-found') return null;
    throw error;
  }
}
