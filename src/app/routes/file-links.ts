import { normalizePath } from '../../api/dav/dav-paths';
import type { SharedFile } from '../../features/chat/lib/file-links';
import { fileSearchParams } from '../../features/files/lib/files-location';
import { CLASS_TAB_PARAM } from '../../features/teams/components/class-home';
import type { ClassSummary } from '../../features/teams/lib/discover-classes';

/**
 * Where a file shared in a chat opens inside Klassenraum: Talk gives its path as the reader has it
 * ("Klasse 7a/Woche 1/Blatt.pdf", relative to her files). In a class folder it opens in that class's
 * Dateien tab, elsewhere in Meine Dateien; both with the file's folder shown and the file in the preview.
 */
export function sharedFileHref(file: SharedFile, classes: readonly Pick<ClassSummary, 'classId' | 'folderPath'>[]): string | null {
  if (file.path === null) return null;
  const path = normalizePath(file.path);
  if (path === '/') return null;
  for (const klass of classes) {
    if (klass.folderPath === null) continue;
    const root = normalizePath(klass.folderPath);
    if (root === '/' || !path.startsWith(`${root}/`)) continue;
    const params = fileSearchParams(path.slice(root.length));
    return `/klassen/${encodeURIComponent(klass.classId)}?${CLASS_TAB_PARAM}=dateien&${params.toString()}`;
  }
  return `/dateien?${fileSearchParams(path).toString()}`;
}
