/**
 * Unified search (`/ocs/v2.php/search/providers/{providerId}/search?term=…`) for the providers the app
 * uses: files, Talk messages and conversations, Deck boards and cards. Every provider searches only what
 * the user may open (own files and share mounts, rooms they are an attendee of and not held in the lobby,
 * boards they can read), as Nextcloud's providers do. The other recorded providers answer no entries.
 */
import type { App } from '../context.js';
import { Storage, baseName, parentPath } from '../dav/storage.js';
import { hasPreviewFor } from '../dav/preview.js';
import { deck, permissionsOf as deckPermissions } from '../deck/core.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { mountsOf } from '../teams/shares.js';
import { syncSourcedMembers, talkData, userAttendee } from '../talk/core.js';
import { displayNameOfRoom } from '../talk/room-view.js';
import { lobbyBlocks } from '../talk/lobby.js';

export interface SearchEntry {
  thumbnailUrl: string;
  title: string;
  subline: string;
  resourceUrl: string;
  icon: string;
  rounded: boolean;
  /** Nextcloud's addAttribute() map; PHP writes an empty one as []. */
  attributes: Record<string, string> | [];
}

interface Hit {
  /** Newest first. */
  sortKey: number;
  entry: SearchEntry;
}

/** Provider names as the recorded `GET /search/providers` lists them. */
const PROVIDER_NAMES: Record<string, string> = {
  files: 'Files',
  systemtags: 'Tags',
  circles: 'Teams',
  comments: 'Comments',
  'search-deck-card-board': 'Deck boards and cards',
  'search-deck-comment': 'Card comments',
  'talk-message': 'Messages',
  'talk-conversations': 'Conversations',
  settings_apps: 'Apps',
  settings: 'Settings',
};

function contains(haystack: string, term: string): boolean {
  return haystack.toLocaleLowerCase('de').includes(term.toLocaleLowerCase('de'));
}

function fileIcon(mime: string, dir: boolean): string {
  if (dir) return 'icon-folder';
  const kind = mime === 'application/pdf' ? 'application-pdf' : mime.startsWith('image/') ? 'image' : mime.startsWith('text/') ? 'text' : 'file';
  return `/core/img/filetypes/${kind}.svg`;
}

function searchFiles(app: App, uid: string, term: string): Hit[] {
  const storage = new Storage(app);
  const visible: { node: ReturnType<Storage['root']>; viewPath: string }[] = [];
  for (const node of storage.subtree(storage.root(uid))) if (node.path !== '') visible.push({ node, viewPath: node.path });
  for (const mount of mountsOf(app, uid)) {
    for (const node of storage.subtree(mount.node)) visible.push({ node, viewPath: `${mount.name}${node.path.slice(mount.node.path.length)}` });
  }
  return visible
    .filter((v) => contains(baseName(v.viewPath), term))
    .map(({ node, viewPath }) => {
      const folder = parentPath(viewPath);
      return {
        sortKey: node.mtime,
        entry: {
          thumbnailUrl: node.type === 'file' && hasPreviewFor(node.mime) ? `${app.publicUrl}/index.php/core/preview?x=32&y=32&fileId=${node.id}` : '',
          title: baseName(viewPath),
          subline: folder === '' ? '' : `in ${folder}`,
          resourceUrl: `${app.publicUrl}/index.php/f/${node.id}`,
          icon: fileIcon(node.mime, node.type === 'dir'),
          rounded: false,
          attributes: { fileId: String(node.id), path: `/${viewPath}` },
        },
      };
    });
}

/** Rooms the user is an attendee of and may read (not held back by the lobby). */
function readableRooms(app: App, uid: string): ReturnType<typeof talkData>['rooms'] {
  return talkData(app).rooms.filter((room) => {
    syncSourcedMembers(app, room);
    const attendee = userAttendee(room, uid);
    return attendee !== undefined && !lobbyBlocks(app, room, attendee);
  });
}

function searchMessages(app: App, uid: string, term: string): Hit[] {
  const hits: Hit[] = [];
  for (const room of readableRooms(app, uid)) {
    for (const m of talkData(app).messages[room.token] ?? []) {
      if (m.kind !== 'comment') continue;
      const text = m.message.replace(/\{([\w-]+)\}/g, (whole, key: string) => {
        const p = m.parameters[key];
        return p === undefined ? whole : `@${String(p.name)}`;
      });
      if (!contains(text, term)) continue;
      hits.push({
        sortKey: m.id,
        entry: {
          thumbnailUrl: m.actorType === 'users' ? `${app.publicUrl}/index.php/avatar/${encodeURIComponent(m.actorId)}/64` : '',
          title: m.actorDisplayName,
          subline: text,
          resourceUrl: `${app.publicUrl}/index.php/call/${room.token}#message_${m.id}`,
          icon: 'icon-talk',
          rounded: true,
          attributes: { conversation: room.token, messageId: String(m.id), actorType: m.actorType, actorId: m.actorId, timestamp: String(m.timestamp) },
        },
      });
    }
  }
  return hits;
}

function searchConversations(app: App, uid: string, term: string): Hit[] {
  return readableRooms(app, uid)
    .filter((room) => contains(displayNameOfRoom(room, uid), term))
    .map((room) => ({
      sortKey: room.lastActivity,
      entry: {
        thumbnailUrl: `${app.publicUrl}/ocs/v2.php/apps/spreed/api/v1/room/${room.token}/avatar`,
        title: displayNameOfRoom(room, uid),
        subline: '',
        resourceUrl: `${app.publicUrl}/index.php/call/${room.token}`,
        icon: 'icon-talk',
        rounded: true,
        attributes: { conversation: room.token },
      },
    }));
}

function searchDeck(app: App, uid: string, term: string): Hit[] {
  const data = deck(app);
  const hits: Hit[] = [];
  for (const board of data.boards) {
    if (board.deletedAt !== 0 || board.archived || !deckPermissions(app, board, uid).read) continue;
    if (contains(board.title, term)) {
      hits.push({
        sortKey: board.lastModified,
        entry: { thumbnailUrl: '', title: board.title, subline: '', resourceUrl: `${app.publicUrl}/index.php/apps/deck/board/${board.id}`, icon: 'icon-deck', rounded: false, attributes: [] },
      });
    }
    for (const stack of data.stacks) {
      if (stack.boardId !== board.id || stack.deletedAt !== 0) continue;
      for (const card of data.cards) {
        if (card.stackId !== stack.id || card.deletedAt !== 0 || card.archived) continue;
        if (!contains(card.title, term) && !contains(card.description, term)) continue;
        hits.push({
          sortKey: card.lastModified,
          entry: {
            thumbnailUrl: '',
            title: card.title,
            subline: `${board.title} » ${stack.title}`,
            resourceUrl: `${app.publicUrl}/index.php/apps/deck/card/${card.id}`,
            icon: 'icon-deck',
            rounded: false,
            attributes: [],
          },
        });
      }
    }
  }
  return hits;
}

const SEARCHERS: Record<string, (app: App, uid: string, term: string) => Hit[]> = {
  files: searchFiles,
  'talk-message': searchMessages,
  'talk-conversations': searchConversations,
  'search-deck-card-board': searchDeck,
};

/** One page of a provider's results; `cursor` is the offset of the next page. */
export function unifiedSearch(app: App, uid: string, providerId: string, term: string, limit: number, cursor: number): { name: string; isPaginated: boolean; entries: SearchEntry[]; cursor: number | null } {
  const name = PROVIDER_NAMES[providerId];
  if (name === undefined) throw new OcsError(400, `Provider ${providerId} is unknown`, `Provider ${providerId} is unknown`);
  const searcher = SEARCHERS[providerId];
  if (searcher === undefined || term.trim() === '') return { name, isPaginated: false, entries: [], cursor: null };
  const hits = searcher(app, uid, term.trim()).sort((a, b) => b.sortKey - a.sortKey);
  const page = hits.slice(cursor, cursor + limit);
  return { name, isPaginated: true, entries: page.map((h) => h.entry), cursor: cursor + page.length };
}

function intOr(raw: unknown, fallback: number): number {
  const n = Number(raw);
  return typeof raw === 'string' && raw !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}

export const unifiedSearchRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: '/search/providers/{providerId}/search',
    handler: ({ ctx, p, auth }): OcsResult => {
      const limit = Math.min(25, Math.max(1, intOr(ctx.params['limit'], 25)));
      const cursor = intOr(ctx.params['cursor'], 0);
      const term = typeof ctx.params['term'] === 'string' ? ctx.params['term'] : '';
      return { data: unifiedSearch(ctx.app, auth.uid, p['providerId'] ?? '', term, limit, cursor) };
    },
  },
];
