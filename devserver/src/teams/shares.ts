/**
 * files_sharing: shares of files and folders with users (0), groups (1), teams (7) and Talk rooms (10),
 * the OCS API to create, list, update and delete them, and the mounts recipients see in their files.
 */
import { findTeamResourceIcon } from './share-icons.js';
import { groupMembers, teamUsers } from './members.js';
import { teamResourceProviders } from './resources.js';
import type { App } from '../context.js';
import { baseName, nowSeconds, parentPath, Storage } from '../dav/storage.js';
import { str } from '../http.js';
import { OcsError, ocsBadRequest, ocsNotFound, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { findSeedGroup, findSeedUser } from '../seed.js';
import type { FileNode } from '../dav/model.js';
import type { ShareRow } from './model.js';

export const SHARE_TYPE = { user: 0, group: 1, team: 7, room: 10 } as const;
export const PERMISSION = { read: 1, update: 2, create: 4, delete: 8, share: 16, all: 31 } as const;

const BASE = '/apps/files_sharing/api/v1';

/** Other modules answer who is in a Talk room (shareType 10). */
export const roomMembership: {
  usersOf: (app: App, token: string) => string[];
  nameOf: (app: App, token: string) => string | null;
  /** Talk posts the shared file into the room's chat. */
  shared: (app: App, share: ShareRow) => void;
} = {
  usersOf: () => [],
  nameOf: () => null,
  shared: () => undefined,
};

export function recipientsOf(app: App, share: ShareRow): string[] {
  switch (share.shareType) {
    case SHARE_TYPE.user:
      return [share.shareWith];
    case SHARE_TYPE.group:
      return groupMembers(share.shareWith);
    case SHARE_TYPE.team: {
      const team = app.store.data.teams.find((t) => t.id === share.shareWith);
      return team === undefined ? [] : teamUsers(team);
    }
    case SHARE_TYPE.room:
      return roomMembership.usersOf(app, share.shareWith);
    default:
      return [];
  }
}

/** A share as a recipient sees it in their root folder. */
export interface Mount {
  share: ShareRow;
  node: FileNode;
  name: string;
}

/** Shares mounted in `uid`'s root (the owner's own items excluded); Talk shares land in /Talk. */
export function mountsOf(app: App, uid: string): Mount[] {
  const storage = new Storage(app);
  const seen = new Set<number>();
  const out: Mount[] = [];
  for (const share of app.store.data.shares) {
    if (share.owner === uid || share.shareType === SHARE_TYPE.room || seen.has(share.fileId)) continue;
    if (!recipientsOf(app, share).includes(uid)) continue;
    const node = storage.byId(share.fileId);
    if (node === undefined) continue;
    seen.add(share.fileId);
    out.push({ share, node, name: baseName(node.path) });
  }
  return out;
}

export function sharesOfNode(app: App, node: FileNode): ShareRow[] {
  return app.store.data.shares.filter((s) => s.fileId === node.id);
}

/** Nextcloud's OCS permission letters for something inside a share mount. */
export function sharedPermissions(perm: number, node: FileNode, mountRoot: boolean): string {
  let out = 'S';
  if ((perm & PERMISSION.share) !== 0) out += 'R';
  out += 'G';
  if (mountRoot) out += 'DNV';
  else {
    if ((perm & PERMISSION.delete) !== 0) out += 'D';
    if ((perm & PERMISSION.update) !== 0) out += 'NV';
  }
  if (node.type === 'dir') {
    if ((perm & PERMISSION.create) !== 0) out += 'CK';
  } else if ((perm & PERMISSION.update) !== 0) out += 'W';
  return out;
}

function shareWithInfo(app: App, share: ShareRow): Record<string, unknown> {
  switch (share.shareType) {
    case SHARE_TYPE.user:
      return { share_with: share.shareWith, share_with_displayname: findSeedUser(share.shareWith)?.displayName ?? share.shareWith, share_with_displayname_unique: share.shareWith };
    case SHARE_TYPE.group:
      return { share_with: share.shareWith, share_with_displayname: share.shareWith };
    case SHARE_TYPE.team: {
      const team = app.store.data.teams.find((t) => t.id === share.shareWith);
      const owner = team === undefined ? '' : (findSeedUser(team.owner)?.displayName ?? team.owner);
      return {
        share_with_displayname: `${team?.name ?? share.shareWith} (Team owned by ${owner})`,
        share_with_avatar: `${app.publicUrl}/apps/circles/img/circles.svg`,
        share_with: share.shareWith,
      };
    }
    case SHARE_TYPE.room:
      return {
        share_with: share.shareWith,
        share_with_displayname: roomMembership.nameOf(app, share.shareWith) ?? share.shareWith,
        share_with_link: `${app.publicUrl}/call/${share.shareWith}`,
      };
    default:
      return { share_with: share.shareWith };
  }
}

function shareJson(app: App, share: ShareRow, viewer: string): Record<string, unknown> {
  const storage = new Storage(app);
  const node = storage.byId(share.fileId);
  const owner = findSeedUser(share.owner)?.displayName ?? share.owner;
  const isOwner = viewer === share.owner;
  const dir = node?.type === 'dir';
  const name = node === undefined ? '' : baseName(node.path);
  const path = isOwner ? `/${node?.path ?? ''}` : `/${name}`;
  const parent = node === undefined ? undefined : storage.get(node.owner, parentPath(node.path));
  const talk = share.shareType === SHARE_TYPE.room;
  return {
    id: String(share.id),
    share_type: share.shareType,
    uid_owner: share.owner,
    displayname_owner: owner,
    permissions: share.permissions,
    can_edit: isOwner,
    can_delete: isOwner,
    stime: share.stime,
    parent: null,
    expiration: share.expiration,
    token: null,
    uid_file_owner: share.owner,
    note: share.note,
    label: share.label,
    displayname_file_owner: owner,
    path,
    item_type: dir ? 'folder' : 'file',
    item_permissions: dir ? 31 : 27,
    'is-mount-root': !isOwner,
    'mount-type': isOwner ? '' : 'shared',
    mimetype: node?.mime ?? 'application/octet-stream',
    has_preview: node !== undefined && node.type === 'file' && (node.mime.startsWith('image/') || node.mime.startsWith('text/')),
    storage_id: isOwner ? `home::${share.owner}` : `shared::/${name}`,
    storage: 4,
    item_source: share.fileId,
    file_source: share.fileId,
    file_parent: parent?.id ?? 0,
    file_target: talk ? `/{TALK_PLACEHOLDER}/${name}` : `/${name}`,
    item_size: node === undefined ? 0 : storage.sizeOf(node),
    item_mtime: node?.mtime ?? 0,
    ...shareWithInfo(app, share),
    mail_send: talk ? 0 : 1,
    hide_download: 0,
    attributes: null,
  };
}

function parsePermissions(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 31) throw ocsBadRequest('Invalid permissions');
  return n;
}

export const shareRoutes: OcsRoute[] = [
  {
    method: 'POST',
    path: `${BASE}/shares`,
    handler: ({ ctx, auth }): OcsResult => {
      const storage = new Storage(ctx.app);
      const path = (str(ctx.params, 'path') ?? '').replace(/^\/+|\/+$/g, '');
      const node = path === '' ? undefined : storage.get(auth.uid, path);
      if (node === undefined) throw ocsNotFound('Wrong path, file/folder does not exist');
      const shareType = Number(str(ctx.params, 'shareType'));
      const shareWith = str(ctx.params, 'shareWith') ?? '';
      const max = node.type === 'dir' ? PERMISSION.all : PERMISSION.all & ~PERMISSION.create & ~PERMISSION.delete;
      let permissions = parsePermissions(ctx.params['permissions'], max) & max;
      if (shareType === SHARE_TYPE.user) {
        if (findSeedUser(shareWith) === undefined) throw ocsNotFound('Please specify a valid account to share with');
        if (shareWith === auth.uid) throw ocsBadRequest('Cannot share with yourself');
      } else if (shareType === SHARE_TYPE.group) {
        if (findSeedGroup(shareWith) === undefined) throw ocsNotFound('Please specify a valid group');
      } else if (shareType === SHARE_TYPE.team) {
        const team = ctx.app.store.data.teams.find((t) => t.id === shareWith);
        if (team === undefined || !teamUsers(team).includes(auth.uid)) throw ocsNotFound('Please specify a valid team');
      } else if (shareType === SHARE_TYPE.room) {
        if (roomMembership.nameOf(ctx.app, shareWith) === null || !roomMembership.usersOf(ctx.app, shareWith).includes(auth.uid)) {
          throw ocsNotFound('Wrong share ID, share does not exist');
        }
        permissions = node.type === 'dir' ? 19 : 19;
      } else {
        throw ocsBadRequest('Unknown share type');
      }
      if (ctx.app.store.data.shares.some((s) => s.fileId === node.id && s.shareType === shareType && s.shareWith === shareWith)) {
        throw new OcsError(403, 'Sharing is already shared with this recipient');
      }
      const share: ShareRow = {
        id: ctx.app.store.nextId(),
        owner: auth.uid,
        fileId: node.id,
        shareType,
        shareWith,
        permissions,
        stime: nowSeconds(ctx.app),
        note: str(ctx.params, 'note') ?? '',
        label: str(ctx.params, 'label') ?? '',
        expiration: null,
      };
      ctx.app.store.data.shares.push(share);
      if (shareType === SHARE_TYPE.room) roomMembership.shared(ctx.app, share);
      storage.touchAncestors(node.owner, `${node.path}/x`);
      return { data: shareJson(ctx.app, share, auth.uid) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/shares`,
    handler: ({ ctx, auth }): OcsResult => {
      const data = ctx.app.store.data;
      if (ctx.query.get('shared_with_me') === 'true') {
        const mine = data.shares.filter((s) => s.owner !== auth.uid && s.shareType !== SHARE_TYPE.room && recipientsOf(ctx.app, s).includes(auth.uid));
        return { data: mine.map((s) => shareJson(ctx.app, s, auth.uid)) };
      }
      const rawPath = ctx.query.get('path');
      let list = data.shares.filter((s) => s.owner === auth.uid);
      if (rawPath !== null) {
        const node = new Storage(ctx.app).get(auth.uid, rawPath.replace(/^\/+|\/+$/g, ''));
        if (node === undefined) throw ocsNotFound('Wrong path, file/folder does not exist');
        list = list.filter((s) => s.fileId === node.id);
      }
      return { data: list.map((s) => shareJson(ctx.app, s, auth.uid)) };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/shares/{id}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const share = ctx.app.store.data.shares.find((s) => String(s.id) === p['id']);
      if (share === undefined || (share.owner !== auth.uid && !recipientsOf(ctx.app, share).includes(auth.uid))) throw ocsNotFound('Wrong share ID, share does not exist');
      return { data: [shareJson(ctx.app, share, auth.uid)] };
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/shares/{id}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const share = ctx.app.store.data.shares.find((s) => String(s.id) === p['id']);
      if (share === undefined || share.owner !== auth.uid) throw ocsNotFound('Wrong share ID, share does not exist');
      share.permissions = parsePermissions(ctx.params['permissions'], share.permissions);
      const note = str(ctx.params, 'note');
      if (note !== undefined) share.note = note;
      const label = str(ctx.params, 'label');
      if (label !== undefined) share.label = label;
      const expire = str(ctx.params, 'expireDate');
      if (expire !== undefined) share.expiration = expire === '' ? null : `${expire.slice(0, 10)} 00:00:00`;
      ctx.app.store.changed();
      return { data: shareJson(ctx.app, share, auth.uid) };
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/shares/{id}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const data = ctx.app.store.data;
      const share = data.shares.find((s) => String(s.id) === p['id']);
      if (share === undefined || (share.owner !== auth.uid && !recipientsOf(ctx.app, share).includes(auth.uid))) throw ocsNotFound('Wrong share ID, share does not exist');
      if (share.owner !== auth.uid) throw new OcsError(403, 'Could not delete share');
      data.shares = data.shares.filter((s) => s !== share);
      ctx.app.store.changed();
      return { data: [] };
    },
  },
];

/** Folders and files shared with a team are resources of that team. */
teamResourceProviders.push((app, team) => {
  const storage = new Storage(app);
  return app.store.data.shares
    .filter((s) => s.shareType === SHARE_TYPE.team && s.shareWith === team.id)
    .flatMap((s) => {
      const node = storage.byId(s.fileId);
      if (node === undefined) return [];
      return [
        {
          id: String(node.id),
          label: baseName(node.path),
          url: `${app.publicUrl}/index.php/f/${node.id}`,
          iconSvg: findTeamResourceIcon('files'),
          iconURL: null,
          iconEmoji: null,
          provider: { id: 'files', name: 'Files', icon: findTeamResourceIcon('files') },
        },
      ];
    });
});
