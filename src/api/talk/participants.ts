import { z } from 'zod';
import type { operations } from '../generated/spreed';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/**
 * Moderating a conversation's attendees (spreed API v4): their permissions, removing them. Everyone's permissions at
 * once are the conversation's default (rooms.ts setDefaultPermissions): `attendees/permissions/all` is a no-op since
 * Talk 20 and answers 400 in Talk 22.
 */

type AttendeePermissionsBody = operations['room-set-attendee-permissions']['requestBody']['content']['application/json'];

const TALK = '/ocs/v2.php/apps/spreed/api/v4';

/** How permission bits (PERMISSION) change: added to or removed from what the attendee has. */
export type PermissionChange = 'add' | 'remove';

function attendeesPath(token: string): string {
  return `${TALK}/room/${encodeURIComponent(token)}/attendees`;
}

/** PUT /room/{token}/attendees/permissions: one attendee's permissions (moderators only). */
export async function setAttendeePermissions(
  { token, attendeeId, method, permissions }: { token: string; attendeeId: number; method: PermissionChange; permissions: number },
  { signal }: CallOptions = {},
): Promise<void> {
  const json: AttendeePermissionsBody = { attendeeId, method, permissions };
  await ocsRequest(`${attendeesPath(token)}/permissions`, z.unknown(), { method: 'PUT', json, signal });
}

/** DELETE /room/{token}/attendees: removes an attendee from the conversation (moderators only). */
export async function removeAttendee({ token, attendeeId }: { token: string; attendeeId: number }, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(attendeesPath(token), z.unknown(), { method: 'DELETE', json: { attendeeId }, signal });
}
