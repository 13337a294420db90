import type { SearchEntry, SearchProviderId, SearchResult } from '../../../api/core/unified-search';
import { normalizePath } from '../../../api/dav/dav-paths';

/** What grouping needs of a class (structurally a teams ClassSummary; features do not import each other). */
export interface SearchClass {
  classId: string;
  name: string;
  folderPath: string | null;
  roomToken: string | null;
  boardId: number | null;
}

export type SearchHitKind = 'file' | 'message' | 'conversation' | 'task';

export interface SearchHit {
  kind: SearchHitKind;
  key: string;
  title: string;
  subline: string;
  entry: SearchEntry;
}

export interface SearchGroup {
  /** null: the "Andere" group (results that belong to no class, e.g. a private chat or own file). */
  klass: SearchClass | null;
  hits: SearchHit[];
}

const KIND_OF: Record<SearchProviderId, SearchHitKind> = {
  files: 'file',
  'talk-message': 'message',
  'talk-conversations': 'conversation',
  'search-deck-card-board': 'task',
};

/** The Deck board id in an entry's link (…/apps/deck/board/6 or …/board/6/card/22). */
export function deckBoardId(entry: SearchEntry): number | null {
  const match = /\/apps\/deck\/(?:#\/)?board\/(\d+)/.exec(entry.resourceUrl);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function classOf(kind: SearchHitKind, entry: SearchEntry, classes: readonly SearchClass[]): SearchClass | null {
  if (kind === 'file') {
    const path = entry.attributes['path'];
    if (path === undefined) return null;
    const p = normalizePath(path);
    return (
      classes.find((c) => {
        const root = c.folderPath === null ? '/' : normalizePath(c.folderPath);
        return root !== '/' && p.startsWith(`${root}/`);
      }) ?? null
    );
  }
  if (kind === 'task') {
    const board = deckBoardId(entry);
    return board === null ? null : (classes.find((c) => c.boardId === board) ?? null);
  }
  const token = entry.attributes['conversation'];
  return token === undefined ? null : (classes.find((c) => c.roomToken === token) ?? null);
}

/**
 * Results grouped by class, in the order of the user's classes; what belongs to no class comes last in one
 * group (the user may open it, Nextcloud returned it: hiding it would make the search look broken).
 */
export function groupResults(results: readonly SearchResult[], classes: readonly SearchClass[]): SearchGroup[] {
  const byClass = new Map<SearchClass | null, SearchHit[]>();
  for (const result of results) {
    const kind = KIND_OF[result.providerId];
    result.entries.forEach((entry, index) => {
      const klass = classOf(kind, entry, classes);
      const hits = byClass.get(klass) ?? [];
      hits.push({ kind, key: `${result.providerId}:${String(index)}:${entry.resourceUrl}`, title: entry.title, subline: entry.subline, entry });
      byClass.set(klass, hits);
    });
  }
  const groups: SearchGroup[] = classes.filter((c) => byClass.has(c)).map((c) => ({ klass: c, hits: byClass.get(c) ?? [] }));
  const others = byClass.get(null);
  if (others !== undefined) groups.push({ klass: null, hits: others });
  return groups;
}
