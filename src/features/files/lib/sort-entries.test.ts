import { describe, expect, it } from 'vitest';
import { parsePermissions, type FileEntry } from '../../../api/dav/multistatus';
import { filterEntries, sortEntries } from './sort-entries';

function e(name: string, type: FileEntry['type'], size: number, lastModified: number): FileEntry {
  return {
    path: `/${name}`, name, type, fileId: null, etag: null, lastModified, size, contentType: null,
    permissions: parsePermissions('G'), hasPreview: false, favorite: false, shareTypes: [], ownerId: null, ownerDisplayName: null, mountType: '',
  };
}

const list = [e('Blatt 10.pdf', 'file', 300, 3), e('Blatt 2.pdf', 'file', 100, 1), e('Übungen', 'folder', 5000, 2), e('arbeit.txt', 'file', 200, 4)];

describe('sorting and filtering the folder view', () => {
  it('puts folders first and compares numbers naturally', () => {
    expect(sortEntries(list, 'name', 'asc', 'de').map((x) => x.name)).toEqual(['Übungen', 'arbeit.txt', 'Blatt 2.pdf', 'Blatt 10.pdf']);
    expect(sortEntries(list, 'name', 'desc', 'de').map((x) => x.name)).toEqual(['Übungen', 'Blatt 10.pdf', 'Blatt 2.pdf', 'arbeit.txt']);
  });

  it('sorts by size and date', () => {
    expect(sortEntries(list, 'size', 'desc', 'de').map((x) => x.name)).toEqual(['Übungen', 'Blatt 10.pdf', 'arbeit.txt', 'Blatt 2.pdf']);
    expect(sortEntries(list, 'modified', 'asc', 'de').map((x) => x.name)).toEqual(['Übungen', 'Blatt 2.pdf', 'Blatt 10.pdf', 'arbeit.txt']);
  });

  it('filters by every word, ignoring case and accents', () => {
    expect(filterEntries(list, 'ubung').map((x) => x.name)).toEqual(['Übungen']);
    expect(filterEntries(list, 'blatt 10').map((x) => x.name)).toEqual(['Blatt 10.pdf']);
    expect(filterEntries(list, '  ')).toHaveLength(4);
  });
});
