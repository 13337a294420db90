/**
 * files_sharing's sharee search (`GET /apps/files_sharing/api/v1/sharees`), the group part: what an ordinary
 * user may find to share a folder with. Nextcloud's GroupPlugin with its default settings (group sharing on,
 * share-dialog enumeration on, sharing not limited to one's own groups): every group whose id or display
 * name contains the search, case-insensitively; an exact id or display-name match goes to `exact.groups`.
 * Other share types (users, emails, remotes, …) answer empty lists here (docs/devserver-fidelity.md).
 */
import { ocsBadRequest, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { SEED_GROUPS } from '../seed.js';
import { SHARE_TYPE } from './shares.js';

interface GroupSharee {
  label: string;
  value: { shareType: number; shareWith: string };
}

function shareTypesOf(raw: unknown): number[] | null {
  if (Array.isArray(raw)) return raw.map(Number).filter((n) => Number.isInteger(n));
  if (typeof raw === 'string' && raw !== '') return [Number(raw)];
  return null;
}

function emptyLists() {
  return { circles: [], emails: [], groups: [] as GroupSharee[], remote_groups: [], remotes: [], rooms: [], users: [] };
}

export const shareeRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: '/apps/files_sharing/api/v1/sharees',
    handler: ({ ctx }): OcsResult => {
      const itemType = ctx.query.get('itemType');
      if (itemType === null) throw ocsBadRequest('Missing itemType');
      const page = Number(ctx.query.get('page') ?? '1');
      const perPage = Number(ctx.query.get('perPage') ?? '200');
      if (!Number.isInteger(perPage) || perPage <= 0) throw ocsBadRequest('Invalid perPage argument');
      if (!Number.isInteger(page) || page <= 0) throw ocsBadRequest('Invalid page');
      const types = shareTypesOf(ctx.params['shareType']);
      const search = (ctx.query.get('search') ?? '').toLowerCase();
      const exact = emptyLists();
      const wide = emptyLists();
      if (types === null || types.includes(SHARE_TYPE.group)) {
        const found = SEED_GROUPS.filter((g) => g.id.toLowerCase().includes(search) || g.displayName.toLowerCase().includes(search))
          .sort((a, b) => a.id.localeCompare(b.id))
          .slice((page - 1) * perPage, page * perPage);
        for (const g of found) {
          const entry = { label: g.displayName, value: { shareType: SHARE_TYPE.group, shareWith: g.id } };
          if (g.id.toLowerCase() === search || g.displayName.toLowerCase() === search) exact.groups.push(entry);
          else wide.groups.push(entry);
        }
      }
      return { data: { exact, ...wide, lookup: [], lookupEnabled: false } };
    },
  },
];
