/** Small core endpoints: autocomplete (sharee search), unified search providers. */
import type { OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { SEED_GROUPS, SEED_USERS } from '../seed.js';
import { publicStatus, statusRow } from './user-status.js';

/** The unified search providers of the recorded server. */
const SEARCH_PROVIDERS: unknown[] = [
  {
    "id": "files",
    "appId": "files",
    "name": "Files",
    "icon": "/apps/files/img/app.svg",
    "order": 5,
    "isExternalProvider": false,
    "triggers": [
      "files"
    ],
    "filters": {
      "term": "string",
      "since": "datetime",
      "until": "datetime",
      "person": "person",
      "min-size": "int",
      "max-size": "int",
      "mime": "string",
      "type": "string",
      "path": "string",
      "is-favorite": "bool",
      "title-only": "bool"
    },
    "inAppSearch": false
  },
  {
    "id": "systemtags",
    "appId": "systemtags",
    "name": "Tags",
    "icon": "/apps/systemtags/img/app.svg",
    "order": 6,
    "isExternalProvider": false,
    "triggers": [
      "systemtags"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "circles",
    "appId": "circles",
    "name": "Teams",
    "icon": "/apps/circles/img/circles.svg",
    "order": 9,
    "isExternalProvider": false,
    "triggers": [
      "circles"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "comments",
    "appId": "comments",
    "name": "Comments",
    "icon": "/apps/comments/img/comments.svg",
    "order": 10,
    "isExternalProvider": false,
    "triggers": [
      "comments"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "search-deck-card-board",
    "appId": "deck",
    "name": "Deck boards and cards",
    "icon": "/apps/deck/img/deck.svg",
    "order": 10,
    "isExternalProvider": false,
    "triggers": [
      "search-deck-card-board"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "search-deck-comment",
    "appId": "deck",
    "name": "Card comments",
    "icon": "/apps/deck/img/deck.svg",
    "order": 11,
    "isExternalProvider": false,
    "triggers": [
      "search-deck-comment"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "talk-message",
    "appId": "spreed",
    "name": "Messages",
    "icon": "/apps/spreed/img/app.svg",
    "order": 15,
    "isExternalProvider": false,
    "triggers": [
      "talk-message"
    ],
    "filters": {
      "term": "string",
      "since": "datetime",
      "until": "datetime",
      "person": "person",
      "conversation": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "talk-conversations",
    "appId": "spreed",
    "name": "Conversations",
    "icon": "/apps/spreed/img/app.svg",
    "order": 25,
    "isExternalProvider": false,
    "triggers": [
      "talk-conversations"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "settings_apps",
    "appId": "settings",
    "name": "Apps",
    "icon": "/apps/settings/img/settings_apps.svg",
    "order": 100,
    "isExternalProvider": false,
    "triggers": [
      "settings_apps"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  },
  {
    "id": "settings",
    "appId": "settings",
    "name": "Settings",
    "icon": "/apps/settings/img/settings.svg",
    "order": 500,
    "isExternalProvider": false,
    "triggers": [
      "settings"
    ],
    "filters": {
      "term": "string"
    },
    "inAppSearch": false
  }
];

interface AutocompleteEntry {
  id: string;
  label: string;
  icon: string;
  source: string;
  status: string | { status: string; message: string | null; icon: string | null; clearAt: number | null };
  subline: string;
  shareWithDisplayNameUnique: string;
}

function shareTypes(raw: unknown): number[] {
  if (Array.isArray(raw)) return raw.map(Number).filter((n) => Number.isInteger(n));
  if (typeof raw === 'string' && raw !== '') return [Number(raw)];
  return [0];
}

export const coreExtraRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: '/core/autocomplete/get',
    handler: ({ ctx, auth }): OcsResult => {
      const search = (ctx.query.get('search') ?? '').toLowerCase();
      const limit = Number(ctx.query.get('limit') ?? '10');
      const types = shareTypes(ctx.params['shareTypes']);
      const matches = (...fields: string[]): boolean => search === '' || fields.some((f) => f.toLowerCase().includes(search));
      const out: AutocompleteEntry[] = [];
      if (types.includes(0)) {
        for (const u of SEED_USERS) {
          if (u.id === auth.uid || !matches(u.id, u.displayName)) continue;
          const row = statusRow(ctx.app, u.id);
          const pub = row === null ? null : publicStatus(u.id, row);
          out.push({
            id: u.id,
            label: u.displayName,
            icon: 'icon-user',
            source: 'users',
            status: pub === null ? '' : { status: pub.status, message: pub.message, icon: pub.icon, clearAt: pub.clearAt },
            subline: '',
            shareWithDisplayNameUnique: u.email ?? u.id,
          });
        }
      }
      if (types.includes(1)) {
        for (const g of SEED_GROUPS) {
          if (!matches(g.id, g.displayName)) continue;
          out.push({ id: g.id, label: g.displayName, icon: 'icon-group', source: 'groups', status: '', subline: '', shareWithDisplayNameUnique: '' });
        }
      }
      // Exact matches first, like the sharee search.
      out.sort((a, b) => Number(b.id.toLowerCase() === search) - Number(a.id.toLowerCase() === search));
      return { data: out.slice(0, Number.isFinite(limit) && limit > 0 ? limit : 10) };
    },
  },
  {
    method: 'GET',
    path: '/search/providers',
    handler: (): OcsResult => ({ data: SEARCH_PROVIDERS, etag: true }),
  },
];
