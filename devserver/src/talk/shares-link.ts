/** Connects Talk to files sharing: room shares (shareType 10) reach the room's users and post `{file}` into its chat. */
import type { App } from '../context.js';
import { hasPreviewFor } from '../dav/preview.js';
import type { FileNode } from '../dav/model.js';
import { mountsOf, roomMembership } from '../teams/shares.js';
import type { ShareRow } from '../teams/model.js';
import { findRoom, syncSourcedMembers } from './core.js';
import { fileParameters, insertMessage, userActor } from './messages.js';
import type { RichParam } from './types.js';

function usersOf(app: App, token: string): string[] {
  const room = findRoom(app, token);
  if (room === undefined) return [];
  syncSourcedMembers(app, room);
  return room.attendees.filter((a) => a.actorType === 'users').map((a) => a.actorId);
}

function shared(app: App, share: ShareRow): void {
  const room = findRoom(app, share.shareWith);
  const node = app.store.data.files.find((f) => f.id === share.fileId);
  if (room === undefined || node === undefined) return;
  const actor = userActor(share.owner);
  const name = node.path.split('/').pop() ?? node.path;
  insertMessage(app, room, {
    actorType: 'users',
    actorId: actor.id,
    actorDisplayName: actor.displayName,
    kind: 'comment',
    message: '{file}',
    parameters: {
      actor: { type: 'user', id: actor.id, name: actor.displayName, 'mention-id': actor.id },
      file: {
        type: 'file',
        id: String(node.id),
        name,
        size: String(node.size),
        path: node.path,
        link: `${app.publicUrl}/f/${String(node.id)}`,
        etag: node.etag.replace(/"/g, ''),
        permissions: String(node.type === 'dir' ? 31 : 27),
        mimetype: node.type === 'dir' ? 'httpd/unix-directory' : node.mime,
        'preview-available': node.type === 'file' && hasPreviewFor(node.mime) ? 'yes' : 'no',
      },
    },
    referenceId: '',
    parentId: null,
    silent: false,
    reactions: {},
    edit: null,
    mentions: { users: [], indirect: [], all: false },
  });
}

/**
 * The file's path as `viewer` has it, relative to her files (Talk: the user folder's first node with that id,
 * "/uid/files/" cut off): her own path, or below a share mount in her root. A file she has through no other
 * share is where Nextcloud mounts the room share for her, her Talk attachments folder.
 */
function viewerPath(app: App, node: FileNode, viewer: string): string {
  if (node.owner === viewer) return node.path;
  for (const mount of mountsOf(app, viewer)) {
    if (mount.node.owner !== node.owner) continue;
    if (node.path === mount.node.path || node.path.startsWith(`${mount.node.path}/`)) return `${mount.name}${node.path.slice(mount.node.path.length)}`;
  }
  return `Talk/${node.path.split('/').pop() ?? node.path}`;
}

function fileForViewer(app: App, file: RichParam, viewer: string): RichParam {
  const node = app.store.data.files.find((f) => String(f.id) === file['id']);
  if (node === undefined) return file;
  const path = viewerPath(app, node, viewer);
  return { ...file, path, name: path.split('/').pop() ?? file['name'] ?? '', size: String(node.size) };
}

fileParameters.forViewer = fileForViewer;
roomMembership.usersOf = usersOf;
roomMembership.nameOf = (app, token) => findRoom(app, token)?.name ?? null;
roomMembership.shared = shared;
