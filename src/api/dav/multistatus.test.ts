import { describe, expect, it } from 'vitest';
import recordings from '../../../devserver/fixtures/recordings/files.json';
import { parseMultistatus, parsePermissions, toFileEntry, toTrashEntries, toUploadedChunks, type FileEntry } from './multistatus';

function recordedBody(name: string): string {
  const exchange = recordings.exchanges.find((e) => e.name === name);
  const body = exchange?.response.body;
  if (typeof body !== 'string') throw new Error(`no XML body recorded for ${name}`);
  return body;
}

function entries(name: string, user: string): FileEntry[] {
  return parseMultistatus(recordedBody(name))
    .map((r) => toFileEntry(r, user))
    .filter((e): e is FileEntry => e !== null);
}

describe('multistatus → files (recorded from Nextcloud 32)', () => {
  it('maps a teacher folder listing with paths decoded from the hrefs', () => {
    const list = entries('propfind depth 1', 'schmidt');
    expect(list.map((e) => e.path)).toEqual(['/Klasse 7a', '/Klasse 7a/Arbeitsblätter']);
    const sub = list[1];
    expect(sub).toMatchObject({
      name: 'Arbeitsblätter',
      type: 'folder',
      fileId: 164,
      size: 23,
      hasPreview: false,
      favorite: false,
      shareTypes: [],
      ownerId: 'schmidt',
      mountType: '',
      contentType: null,
    });
    expect(sub?.etag).toBe('6b02cd916ddba');
    expect(sub?.lastModified).toBe(Date.parse('Sun, 22 Nov 2026 11:10:09 GMT'));
    expect(sub?.permissions).toMatchObject({ share: true, read: true, delete: true, rename: true, move: true, createFile: true, createFolder: true, write: false });
  });

  it('sees a class folder shared into a student account as shared, not deletable by ownership rules of its own', () => {
    const list = entries('student propfind root', 's7a1');
    const root = list.find((e) => e.path === '/');
    const shared = list.find((e) => e.path === '/Klasse 7a');
    expect(root?.permissions.share).toBe(false);
    expect(root?.permissions.createFile).toBe(true);
    expect(shared).toMatchObject({ mountType: 'shared', ownerId: 'schmidt' });
    expect(shared?.permissions.shared).toBe(true);
  });

  it('ignores hrefs of another user', () => {
    expect(entries('propfind depth 1', 's7a1')).toEqual([]);
  });

  it('lists stored chunks of an upload folder without the folder and .file', () => {
    const chunks = toUploadedChunks(parseMultistatus(recordedBody('chunked v2: list uploaded chunks (resume)')));
    expect(chunks).toEqual([
      { name: '00001', size: 5242880 },
      { name: '00002', size: 5242880 },
      { name: '00003', size: 10 },
    ]);
  });

  it('reads trash items with their original location and deletion time', () => {
    const trash = toTrashEntries(parseMultistatus(recordedBody('trashbin list')));
    expect(trash[0]).toEqual({
      trashName: 'Kopie.txt.d1795345809',
      name: 'Kopie.txt',
      originalPath: '/Klasse 7a/Kopie.txt',
      deletedAt: 1795345809000,
      type: 'file',
      size: 23,
    });
    expect(trash[1]).toMatchObject({ trashName: '7a Material.d1795345799', type: 'folder', originalPath: '/7a Material' });
  });

  it('reads share types and favourites', () => {
    const xml = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
      <d:response><d:href>/remote.php/dav/files/schmidt/a%20b.pdf</d:href><d:propstat><d:prop>
      <d:getcontenttype>application/pdf</d:getcontenttype><d:resourcetype/><d:getcontentlength>12</d:getcontentlength>
      <oc:fileid>7</oc:fileid><oc:permissions>SRGDNVW</oc:permissions><oc:favorite>1</oc:favorite>
      <oc:share-types><oc:share-type>3</oc:share-type><oc:share-type>10</oc:share-type></oc:share-types>
      <nc:has-preview>true</nc:has-preview></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
      <d:propstat><d:prop><oc:size/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response></d:multistatus>`;
    const [entry] = parseMultistatus(xml).map((r) => toFileEntry(r, 'schmidt'));
    expect(entry).toMatchObject({ path: '/a b.pdf', name: 'a b.pdf', type: 'file', size: 12, favorite: true, hasPreview: true, shareTypes: [3, 10], contentType: 'application/pdf' });
  });

  it('rejects bodies that are not a multistatus', () => {
    expect(() => parseMultistatus('<html><body>gateway error</body></html>')).toThrow(/multistatus/);
    expect(() => parseMultistatus('not xml <')).toThrow();
  });
});

describe('oc:permissions letters', () => {
  it('allows exactly what the letters say', () => {
    expect(parsePermissions('GD')).toEqual({
      share: false, shared: false, mounted: false, read: true, delete: true, rename: false, move: false, createFile: false, createFolder: false, write: false,
    });
    expect(parsePermissions('SRMGDNVCKW')).toEqual({
      share: true, shared: true, mounted: true, read: true, delete: true, rename: true, move: true, createFile: true, createFolder: true, write: true,
    });
    expect(Object.values(parsePermissions('')).some(Boolean)).toBe(false);
  });
});
