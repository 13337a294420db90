/** WebDAV properties of files, trash items, upload folders and chunks, as Nextcloud's Sabre plugins report them. */
import type { App } from '../context.js';
import { findSeedUser } from '../seed.js';
import { sharedPermissions, sharesOfNode } from '../teams/shares.js';
import type { FileNode, TrashNode } from './model.js';
import type { ShareRow } from '../teams/model.js';
import { hasPreviewFor } from './preview.js';
import { freeSpace } from './quota.js';
import { baseName, ocFileId, Storage } from './storage.js';
import { NS_DAV, NS_NC, NS_OC, type DavResponse, type PropName, type PropValue } from './xml.js';

export const DEFAULT_PROPS: PropName[] = [
  { ns: NS_DAV, name: 'getlastmodified' },
  { ns: NS_DAV, name: 'getetag' },
  { ns: NS_DAV, name: 'getcontenttype' },
  { ns: NS_DAV, name: 'resourcetype' },
  { ns: NS_DAV, name: 'getcontentlength' },
  { ns: NS_DAV, name: 'quota-used-bytes' },
  { ns: NS_DAV, name: 'quota-available-bytes' },
];

type PropSource = (p: PropName) => PropValue | undefined;

export function respond(href: string, requested: PropName[], source: PropSource): DavResponse {
  const r: DavResponse = { href, found: [], notFound: [] };
  for (const p of requested) {
    const v = source(p);
    if (v === undefined) r.notFound.push(p);
    else r.found.push({ prop: p, value: v });
  }
  return r;
}

export function httpDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString();
}

export function quoted(etag: string): string {
  return `"${etag}"`;
}

function permissionsOf(node: FileNode): string {
  if (node.path === '') return 'GDNVCK';
  return node.type === 'dir' ? 'RGDNVCK' : 'RGDNVW';
}

function hasPreview(node: FileNode): boolean {
  return node.type === 'file' && hasPreviewFor(node.mime);
}

/** Properties of a node in files/{user}. */
/** Where a node appears for the requesting user: own storage, or inside a share mount. */
export interface View {
  node: FileNode;
  /** Path as the requesting user sees it ('' = root). */
  viewPath: string;
  share: ShareRow | null;
  mountRoot: boolean;
}

/** `uid`: the user looking (favourites are per user); `target`: the node the PROPFIND names (not one of its children). */
export function fileProps(app: App, storage: Storage, view: View, uid: string, target = false): PropSource {
  const node = view.node;
  const owner = findSeedUser(node.owner);
  const dir = node.type === 'dir';
  // A received share's root, PROPFIND on itself, shows how it was shared (talk-live.json: a group share's folder lists
  // type 1 for the recipient); listed as a child of her root it shows none (files.json, talk-live.json).
  const received = view.share !== null && view.mountRoot && target ? [view.share.shareType] : [];
  const shareTypes = view.share === null ? [...new Set(sharesOfNode(app, node).map((x) => x.shareType))].sort((a, b) => a - b) : received;
  return (p) => {
    if (p.ns === NS_DAV) {
      switch (p.name) {
        case 'getlastmodified':
          return { text: httpDate(node.mtime) };
        case 'getetag':
          return { text: quoted(node.etag) };
        case 'getcontenttype':
          return dir ? undefined : { text: node.mime };
        case 'resourcetype':
          return { xml: dir ? '<d:collection/>' : '' };
        case 'getcontentlength':
          return dir ? undefined : { text: String(node.size) };
        case 'displayname':
          return { text: view.viewPath === '' ? node.owner : baseName(view.viewPath) };
        case 'quota-used-bytes':
          return dir ? { text: String(storage.sizeOf(node)) } : undefined;
        case 'quota-available-bytes':
          return dir ? { text: String(freeSpace(app, node.owner)) } : undefined;
        default:
          return undefined;
      }
    }
    if (p.ns === NS_OC) {
      switch (p.name) {
        case 'fileid':
          return { text: String(node.id) };
        case 'id':
          return { text: ocFileId(node.id) };
        case 'permissions':
          return { text: view.share === null ? permissionsOf(node) : sharedPermissions(view.share.permissions, node, view.mountRoot) };
        case 'size':
          return { text: String(storage.sizeOf(node)) };
        case 'favorite':
          return { text: (app.store.data.favorites[uid] ?? []).includes(node.id) ? '1' : '0' };
        case 'comments-unread':
        case 'comments-count':
          return { text: '0' };
        case 'share-types':
          return { xml: shareTypes.map((t) => `<oc:share-type>${t}</oc:share-type>`).join('') };
        case 'owner-id':
          return { text: node.owner };
        case 'owner-display-name':
          return { text: owner?.displayName ?? node.owner };
        case 'data-fingerprint':
          return { text: '' };
        default:
          return undefined;
      }
    }
    if (p.ns === NS_NC) {
      switch (p.name) {
        case 'has-preview':
          return { text: hasPreview(node) ? 'true' : 'false' };
        case 'mount-type':
          return { text: view.share === null ? '' : 'shared' };
        case 'creation_time':
          return { text: '0' };
        case 'upload_time':
          return { text: String(node.mtime) };
        case 'sharees':
          return { xml: '' };
        case 'hidden':
          return { text: 'false' };
        default:
          return undefined;
      }
    }
    return undefined;
  };
}

export function trashProps(item: TrashNode): PropSource {
  const dir = item.type === 'dir';
  return (p) => {
    if (p.ns === NS_DAV) {
      switch (p.name) {
        case 'getlastmodified':
          return { text: httpDate(item.deletedAt) };
        case 'getetag':
          return { text: String(item.deletedAt) };
        case 'getcontenttype':
          return dir ? undefined : { text: item.mime };
        case 'resourcetype':
          return { xml: dir ? '<d:collection/>' : '' };
        case 'getcontentlength':
          return dir ? undefined : { text: String(item.size) };
        case 'displayname':
          return { text: baseName(item.originalLocation) };
        default:
          return undefined;
      }
    }
    if (p.ns === NS_OC) {
      if (p.name === 'fileid') return { text: String(item.id) };
      if (p.name === 'permissions') return { text: 'GD' };
      if (p.name === 'size') return { text: String(item.size) };
      return undefined;
    }
    if (p.ns === NS_NC) {
      switch (p.name) {
        case 'has-preview':
          return { text: hasPreview(item) ? 'true' : 'false' };
        case 'mount-type':
          return { text: '' };
        case 'trashbin-filename':
          return { text: baseName(item.originalLocation) };
        case 'trashbin-original-location':
          return { text: item.originalLocation };
        case 'trashbin-deletion-time':
          return { text: String(item.deletedAt) };
        default:
          return undefined;
      }
    }
    return undefined;
  };
}

/** A virtual collection: only resourcetype (and getlastmodified when it has one, like upload folders). */
export function collectionOnly(mtime: number | null): PropSource {
  return (p) => {
    if (p.ns !== NS_DAV) return undefined;
    if (p.name === 'resourcetype') return { xml: '<d:collection/>' };
    if (p.name === 'getlastmodified' && mtime !== null) return { text: httpDate(mtime) };
    return undefined;
  };
}

export function chunkProps(mtime: number, etag: string, size: number): PropSource {
  return (p) => {
    if (p.ns !== NS_DAV) return undefined;
    switch (p.name) {
      case 'getlastmodified':
        return { text: httpDate(mtime) };
      case 'getetag':
        return { text: quoted(etag) };
      case 'getcontenttype':
        return { text: 'application/octet-stream' };
      case 'resourcetype':
        return { xml: '' };
      case 'getcontentlength':
        return { text: String(size) };
      default:
        return undefined;
    }
  };
}
