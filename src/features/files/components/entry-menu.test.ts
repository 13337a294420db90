import { describe, expect, it } from 'vitest';
import { parsePermissions, type FileEntry } from '../../../api/dav/multistatus';
import { allowedActions } from './entry-menu';

function entry(type: FileEntry['type'], permissions: string): FileEntry {
  return {
    path: '/Klasse 7a/Blatt.pdf', name: 'Blatt.pdf', type, fileId: 1, etag: 'e', lastModified: 0, size: 1, contentType: 'application/pdf',
    permissions: parsePermissions(permissions), hasPreview: false, favorite: false, shareTypes: [], ownerId: 'schmidt', ownerDisplayName: null, mountType: 'shared',
  };
}

describe('actions offered for an entry', () => {
  it('offers everything the letters allow', () => {
    expect(allowedActions(entry('file', 'SRGDNVW'), true)).toEqual(['open', 'download', 'rename', 'move', 'copy', 'favorite', 'share-chat', 'delete']);
  });

  it('never offers what the server forbids: a read-only share can be opened and copied, nothing else', () => {
    expect(allowedActions(entry('file', 'SG'), true)).toEqual(['open', 'download', 'copy', 'favorite']);
  });

  it('offers sharing into the chat only with R and only where the route wired it up', () => {
    expect(allowedActions(entry('file', 'GDNVW'), true)).not.toContain('share-chat');
    expect(allowedActions(entry('file', 'RGDNVW'), false)).not.toContain('share-chat');
  });

  it('opens folders even without read letter, never downloads them', () => {
    expect(allowedActions(entry('folder', 'CK'), false)).toEqual(['open', 'favorite']);
  });
});
