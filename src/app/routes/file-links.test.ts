import { describe, expect, it } from 'vitest';
import { sharedFileHref } from './file-links';

const file = (path: string | null) => ({ id: '42', name: 'Blatt.pdf', path, mimetype: 'application/pdf', size: 1200 });
const classes = [
  { classId: '7b', folderPath: '/Klasse 7b' },
  { classId: '7a', folderPath: '/Klasse 7a' },
];

function parts(href: string | null) {
  const url = new URL(href ?? 'invalid:', 'http://app.test');
  return { path: url.pathname, params: Object.fromEntries(url.searchParams) };
}

describe('where a file shared in the chat opens', () => {
  it('a file in a class folder opens in that class\'s Dateien tab, in its folder, with the preview', () => {
    expect(parts(sharedFileHref(file('Klasse 7a/Woche 1/Blatt.pdf'), classes))).toEqual({
      path: '/klassen/7a',
      params: { ansicht: 'dateien', ordner: 'Woche 1', datei: 'Blatt.pdf' },
    });
    expect(parts(sharedFileHref(file('Klasse 7a/Blatt.pdf'), classes)).params).toEqual({ ansicht: 'dateien', datei: 'Blatt.pdf' });
  });

  it('a file elsewhere opens in Meine Dateien; a name that only starts like a class folder is not in it', () => {
    expect(parts(sharedFileHref(file('Talk/Blatt.pdf'), classes))).toEqual({ path: '/dateien', params: { ordner: 'Talk', datei: 'Blatt.pdf' } });
    expect(parts(sharedFileHref(file('Klasse 7a (alt)/Blatt.pdf'), classes)).path).toBe('/dateien');
  });

  it('without a path (Talk did not find the file for this reader) there is no link', () => {
    expect(sharedFileHref(file(null), classes)).toBeNull();
  });
});
