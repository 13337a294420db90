import type { FileEntry } from '../../../api/dav/multistatus';

export type SortKey = 'name' | 'modified' | 'size';
export type SortDirection = 'asc' | 'desc';

/** Folders first (as every file manager does), then by the chosen key; names compare naturally ("2" < "10"). */
export function sortEntries(entries: readonly FileEntry[], key: SortKey, direction: SortDirection, locale: string): FileEntry[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = direction === 'asc' ? 1 : -1;
  return [...entries].sort((a, b) => {
    if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
    let diff = 0;
    if (key === 'modified') diff = (a.lastModified ?? 0) - (b.lastModified ?? 0);
    else if (key === 'size') diff = a.size - b.size;
    if (diff === 0) diff = collator.compare(a.name, b.name);
    return diff * sign;
  });
}

/** Quick filter: every word of the query must appear in the name (case- and accent-insensitive). */
export function filterEntries(entries: readonly FileEntry[], query: string): FileEntry[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const name = fold(e.name);
    return words.every((w) => name.includes(w));
  });
}
