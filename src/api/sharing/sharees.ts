import { z } from 'zod';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';
import { SHARE_TYPE_GROUP } from './shares';

/**
 * Nextcloud's sharee search (files_sharing `GET /sharees`), the one list of groups an ordinary user may read:
 * `cloud/groups` needs admin or sub-admin rights. It answers the groups the user may share a folder with
 * (GroupPlugin: only her own groups when `shareapi_only_share_with_group_members` is on, only exact matches
 * when share-dialog enumeration is off, none when group sharing is off).
 */

const SHAREES = '/ocs/v2.php/apps/files_sharing/api/v1/sharees';

const groupShareeSchema = z.object({
  label: z.string(),
  value: z.object({ shareType: z.number(), shareWith: z.string() }),
});

const shareeGroupsSchema = z.object({
  exact: z.object({ groups: z.array(groupShareeSchema) }),
  groups: z.array(groupShareeSchema),
});

export interface ShareeGroup {
  groupId: string;
  displayName: string;
}

/** Groups matching `search` that the user may share a folder with; exact matches first, each group once. */
export async function searchShareeGroups(params: { search: string; perPage?: number }, { signal }: CallOptions = {}): Promise<ShareeGroup[]> {
  const query = new URLSearchParams({ itemType: 'folder', shareType: String(SHARE_TYPE_GROUP), search: params.search, perPage: String(params.perPage ?? 50) });
  const data = await ocsRequest(`${SHAREES}?${query.toString()}`, shareeGroupsSchema, { signal });
  const seen = new Set<string>();
  const out: ShareeGroup[] = [];
  for (const entry of [...data.exact.groups, ...data.groups]) {
    if (entry.value.shareType !== SHARE_TYPE_GROUP || seen.has(entry.value.shareWith)) continue;
    seen.add(entry.value.shareWith);
    out.push({ groupId: entry.value.shareWith, displayName: entry.label });
  }
  return out;
}
