import { z } from 'zod';
import type { components } from '../generated/files-sharing';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/** Nextcloud's OCS share API (files_sharing v1). */

type NcShare = components['schemas']['Share'];

const SHARES = '/ocs/v2.php/apps/files_sharing/api/v1/shares';

export const SHARE_TYPE_USER = 0;
export const SHARE_TYPE_GROUP = 1;
export const SHARE_TYPE_TEAM = 7;

/** Nextcloud's permission bits: read 1, update 2, create 4, delete 8, share 16 (all = 31). */
export const PERMISSION_READ = 1;
export const PERMISSION_UPDATE = 2;
export const PERMISSION_CREATE = 4;
export const PERMISSION_DELETE = 8;
export const PERMISSION_SHARE = 16;
export const PERMISSION_ALL = 31;

const shareSchema = z.object({
  id: z.string(),
  share_type: z.number(),
  share_with: z.string().nullish(),
  share_with_displayname: z.string().nullish(),
  uid_owner: z.string(),
  displayname_owner: z.string(),
  permissions: z.number(),
  /** The path as the caller sees it: the owner's path for own shares, the mount point for received ones. */
  path: z.string().nullable(),
  file_target: z.string(),
  item_type: z.enum(['file', 'folder']),
  item_source: z.number(),
  /** When it was shared (seconds since the epoch; Nextcloud always sends it, test fixtures may not). */
  stime: z.number().optional(),
}) satisfies z.ZodType<Pick<NcShare, 'id' | 'share_type' | 'uid_owner' | 'displayname_owner' | 'permissions' | 'path' | 'file_target' | 'item_type' | 'item_source'>>;

export type Share = z.infer<typeof shareSchema>;

/**
 * GET /shares: without `sharedWithMe` the shares the user created, with it the shares the user received
 * (directly or through a group or team). One request each, whatever the number of classes.
 */
export function listShares({ sharedWithMe = false }: { sharedWithMe?: boolean } = {}, { signal }: CallOptions = {}): Promise<Share[]> {
  const query = sharedWithMe ? '?shared_with_me=true' : '';
  return ocsRequest(`${SHARES}${query}`, z.array(shareSchema), { signal });
}

export interface NewShare {
  /** In the owner's files, e.g. "/Klassen/Klasse 7a". */
  path: string;
  shareType: number;
  shareWith: string;
  permissions: number;
}

export function createShare(share: NewShare, { signal }: CallOptions = {}): Promise<Share> {
  return ocsRequest(SHARES, shareSchema, { method: 'POST', json: share, signal });
}

/** Shares a file into a Talk conversation: it appears there as a chat message (as Talk's own UI does it). */
export function shareIntoConversation({ path, roomToken }: { path: string; roomToken: string }, { signal }: CallOptions = {}): Promise<Share> {
  return ocsRequest(SHARES, shareSchema, {
    method: 'POST',
    json: { path, shareType: 10, shareWith: roomToken, talkMetaData: JSON.stringify({ messageType: 'comment' }) },
    signal,
  });
}

export function updateSharePermissions(
  { id, permissions }: { id: string; permissions: number },
  { signal }: CallOptions = {},
): Promise<Share> {
  return ocsRequest(`${SHARES}/${encodeURIComponent(id)}`, shareSchema, { method: 'PUT', json: { permissions }, signal });
}

/** DELETE /shares/{id}: the recipient loses access; the owner's files stay as they are. */
export async function deleteShare({ id }: { id: string }, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(`${SHARES}/${encodeURIComponent(id)}`, z.unknown(), { method: 'DELETE', signal });
}
