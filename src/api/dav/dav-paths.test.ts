import { describe, expect, it } from 'vitest';
import { baseNameOf, destinationHeader, filesUrl, joinPath, parentOf, pathFromFilesHref, uploadsUrl } from './dav-paths';

describe('DAV paths', () => {
  it('encodes every segment, keeps the slashes', () => {
    expect(filesUrl('schmidt', '/Klasse 7a/Arbeitsblätter/Brüche 1.txt')).toBe(
      '/remote.php/dav/files/schmidt/Klasse%207a/Arbeitsbl%C3%A4tter/Br%C3%BCche%201.txt',
    );
    expect(filesUrl('schmidt', '/')).toBe('/remote.php/dav/files/schmidt');
    expect(filesUrl('schmidt', '/50% #1?.txt')).toBe('/remote.php/dav/files/schmidt/50%25%20%231%3F.txt');
    expect(uploadsUrl('schmidt', 'web-upload-1', '00001')).toBe('/remote.php/dav/uploads/schmidt/web-upload-1/00001');
  });

  it('reads hrefs back (lower-case escapes too, as Nextcloud sends them)', () => {
    expect(pathFromFilesHref('/remote.php/dav/files/schmidt/Klasse%207a/Arbeitsbl%c3%a4tter/', 'schmidt')).toBe('/Klasse 7a/Arbeitsblätter');
    expect(pathFromFilesHref('/remote.php/dav/files/schmidt/', 'schmidt')).toBe('/');
    expect(pathFromFilesHref('/remote.php/dav/files/mueller/x', 'schmidt')).toBeNull();
  });

  it('joins, splits and builds absolute destinations', () => {
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a/', 'b c')).toBe('/a/b c');
    expect(parentOf('/a/b')).toBe('/a');
    expect(parentOf('/a')).toBe('/');
    expect(baseNameOf('/a/b.txt')).toBe('b.txt');
    expect(destinationHeader('/remote.php/dav/files/u/x', 'https://schule.example')).toBe('https://schule.example/remote.php/dav/files/u/x');
  });
});
