/**
 * WebDAV multistatus (207) → typed domain objects. Parsed with the browser's DOMParser by namespace, so the
 * prefixes the server picks (d:, oc:, nc:) do not matter.
 */
import { lastSegmentOfHref, pathFromFilesHref } from './dav-paths';

export const NS_DAV = 'DAV:';
export const NS_OC = 'http://owncloud.org/ns';
export const NS_NC = 'http://nextcloud.org/ns';

/** One <d:response>: its href and the properties reported with a 2xx propstat, keyed "{ns}name". */
export interface DavResponse {
  href: string;
  props: Map<string, Element>;
}

export function propKey(ns: string, name: string): string {
  return `{${ns}}${name}`;
}

export class MultistatusParseError extends Error {
  override readonly name = 'MultistatusParseError';
}

export function parseMultistatus(xml: string): DavResponse[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new MultistatusParseError('not well-formed XML');
  const root = doc.documentElement;
  if (root.namespaceURI !== NS_DAV || root.localName !== 'multistatus') throw new MultistatusParseError('not a multistatus');
  const out: DavResponse[] = [];
  for (const response of childElements(root, NS_DAV, 'response')) {
    const href = childElements(response, NS_DAV, 'href')[0]?.textContent ?? '';
    const props = new Map<string, Element>();
    for (const propstat of childElements(response, NS_DAV, 'propstat')) {
      const status = childElements(propstat, NS_DAV, 'status')[0]?.textContent ?? '';
      if (!/^HTTP\/\d(\.\d)? 2\d\d/.test(status.trim())) continue;
      for (const prop of childElements(propstat, NS_DAV, 'prop')) {
        for (const el of Array.from(prop.children)) props.set(propKey(el.namespaceURI ?? '', el.localName), el);
      }
    }
    out.push({ href, props });
  }
  return out;
}

function childElements(parent: Element, ns: string, name: string): Element[] {
  return Array.from(parent.children).filter((c) => c.namespaceURI === ns && c.localName === name);
}

function text(r: DavResponse, ns: string, name: string): string | null {
  const el = r.props.get(propKey(ns, name));
  return el === undefined ? null : el.textContent;
}

function numberOrNull(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** What `oc:permissions` letters allow. Missing letters mean the server forbids the action. */
export interface FilePermissions {
  /** R: may share (re-share) it. */
  share: boolean;
  /** S: shared with the user by someone else. */
  shared: boolean;
  /** M: lives on an external/group mount. */
  mounted: boolean;
  /** G: may read (open, download). */
  read: boolean;
  /** D: may delete. */
  delete: boolean;
  /** N: may rename. */
  rename: boolean;
  /** V: may move. */
  move: boolean;
  /** C: may create files inside (folders). */
  createFile: boolean;
  /** K: may create folders inside (folders). */
  createFolder: boolean;
  /** W: may change the content (files). */
  write: boolean;
}

export function parsePermissions(letters: string): FilePermissions {
  const has = (c: string) => letters.includes(c);
  return {
    share: has('R'),
    shared: has('S'),
    mounted: has('M'),
    read: has('G'),
    delete: has('D'),
    rename: has('N'),
    move: has('V'),
    createFile: has('C'),
    createFolder: has('K'),
    write: has('W'),
  };
}

export interface FileEntry {
  /** Path below the user's files, "/Klasse 7a/Blatt.pdf"; "/" is the root. */
  path: string;
  name: string;
  type: 'file' | 'folder';
  fileId: number | null;
  etag: string | null;
  /** Epoch milliseconds. */
  lastModified: number | null;
  /** Bytes (folders: the size of everything inside, as oc:size reports it). */
  size: number;
  contentType: string | null;
  permissions: FilePermissions;
  hasPreview: boolean;
  favorite: boolean;
  /** Nextcloud share types (0 user, 1 group, 3 link, 7 team, 10 Talk room, ...). */
  shareTypes: number[];
  ownerId: string | null;
  ownerDisplayName: string | null;
  /** "" for the user's own storage, "shared", "group", "external", ... */
  mountType: string;
}

function isCollection(r: DavResponse): boolean {
  const el = r.props.get(propKey(NS_DAV, 'resourcetype'));
  return el !== undefined && Array.from(el.children).some((c) => c.namespaceURI === NS_DAV && c.localName === 'collection');
}

function unquoteEtag(value: string | null): string | null {
  if (value === null || value === '') return null;
  return value.replace(/^"(.*)"$/, '$1');
}

function dateOrNull(value: string | null): number | null {
  if (value === null || value === '') return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

/** A response from files/{user}/... as a FileEntry; null when the href is not below that user's files. */
export function toFileEntry(r: DavResponse, user: string): FileEntry | null {
  const path = pathFromFilesHref(r.href, user);
  if (path === null) return null;
  const folder = isCollection(r);
  const shareTypesEl = r.props.get(propKey(NS_OC, 'share-types'));
  const shareTypes = shareTypesEl
    ? Array.from(shareTypesEl.children)
        .map((c) => Number(c.textContent))
        .filter((n) => Number.isInteger(n))
    : [];
  const size = numberOrNull(text(r, NS_OC, 'size')) ?? numberOrNull(text(r, NS_DAV, 'getcontentlength')) ?? 0;
  const name = path === '/' ? '' : path.slice(path.lastIndexOf('/') + 1);
  return {
    path,
    name,
    type: folder ? 'folder' : 'file',
    fileId: numberOrNull(text(r, NS_OC, 'fileid')),
    etag: unquoteEtag(text(r, NS_DAV, 'getetag')),
    lastModified: dateOrNull(text(r, NS_DAV, 'getlastmodified')),
    size,
    contentType: folder ? null : text(r, NS_DAV, 'getcontenttype') || null,
    permissions: parsePermissions(text(r, NS_OC, 'permissions') ?? ''),
    hasPreview: text(r, NS_NC, 'has-preview') === 'true',
    favorite: text(r, NS_OC, 'favorite') === '1',
    shareTypes,
    ownerId: text(r, NS_OC, 'owner-id') || null,
    ownerDisplayName: text(r, NS_OC, 'owner-display-name') || null,
    mountType: text(r, NS_NC, 'mount-type') ?? '',
  };
}

/** A chunk already stored in an upload folder (uploads/{user}/{id}/00001). */
export interface UploadedChunk {
  name: string;
  size: number;
}

/** The chunks of an upload folder; the folder itself and the virtual `.file` are left out. */
export function toUploadedChunks(responses: DavResponse[]): UploadedChunk[] {
  const chunks: UploadedChunk[] = [];
  for (const r of responses) {
    if (isCollection(r)) continue;
    const name = lastSegmentOfHref(r.href);
    if (name === '.file' || name === '') continue;
    chunks.push({ name, size: numberOrNull(text(r, NS_DAV, 'getcontentlength')) ?? 0 });
  }
  return chunks;
}

export interface TrashEntry {
  /** The name inside the trash ("Kopie.txt.d1795345809"), used to restore it. */
  trashName: string;
  /** The original name ("Kopie.txt"). */
  name: string;
  /** Where it was, relative to the user's files, with a leading slash ("/Klasse 7a/Kopie.txt"). */
  originalPath: string;
  /** Epoch milliseconds. */
  deletedAt: number;
  type: 'file' | 'folder';
  size: number;
}

export function toTrashEntries(responses: DavResponse[]): TrashEntry[] {
  const out: TrashEntry[] = [];
  for (const r of responses) {
    const filename = text(r, NS_NC, 'trashbin-filename');
    if (filename === null) continue;
    const location = text(r, NS_NC, 'trashbin-original-location') ?? filename;
    out.push({
      trashName: lastSegmentOfHref(r.href),
      name: filename,
      originalPath: `/${location.replace(/^\/+/, '')}`,
      deletedAt: (numberOrNull(text(r, NS_NC, 'trashbin-deletion-time')) ?? 0) * 1000,
      type: isCollection(r) ? 'folder' : 'file',
      size: numberOrNull(text(r, NS_OC, 'size')) ?? 0,
    });
  }
  return out;
}
