import { z } from 'zod';
import type { components, operations } from '../generated/spreed';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/** A call in a Talk conversation (spreed API v4) and the signaling settings the high-performance backend needs. */

type SpreedRoom = components['schemas']['Room'];
type SpreedSignalingSettings = components['schemas']['SignalingSettings'];
type JoinCallBody = NonNullable<operations['call-join-call']['requestBody']>['content']['application/json'];
type UpdateCallFlagsBody = operations['call-update-call-flags']['requestBody']['content']['application/json'];

const SPREED = '/ocs/v2.php/apps/spreed/api';

const signalingSettingsSchema = z.object({
  signalingMode: z.string(),
  server: z.string(),
  ticket: z.string(),
  userId: z.string().nullable(),
  helloAuthParams: z.object({ '1.0': z.object({ userid: z.string().nullable(), ticket: z.string() }), '2.0': z.object({ token: z.string() }) }),
  stunservers: z.array(z.object({ urls: z.array(z.string()) })),
}) satisfies z.ZodType<Pick<SpreedSignalingSettings, 'signalingMode' | 'server' | 'ticket' | 'userId' | 'helloAuthParams' | 'stunservers'>>;

export type SignalingSettings = z.infer<typeof signalingSettingsSchema>;

const roomSessionSchema = z.object({
  sessionId: z.string(),
  permissions: z.number(),
  displayName: z.string(),
}) satisfies z.ZodType<Pick<SpreedRoom, 'sessionId' | 'permissions' | 'displayName'>>;

/** The own session in a conversation: its Talk session id, the own permissions, the conversation's name. */
export type RoomSession = z.infer<typeof roomSessionSchema>;

function callPath(token: string): string {
  return `${SPREED}/v4/call/${encodeURIComponent(token)}`;
}

/** GET /v3/signaling/settings: the signaling server, its hello credentials (a v2 token lives 60 s), STUN servers. */
export function getSignalingSettings({ token }: { token: string }, { signal }: CallOptions = {}): Promise<SignalingSettings> {
  return ocsRequest(`${SPREED}/v3/signaling/settings?token=${encodeURIComponent(token)}`, signalingSettingsSchema, { signal });
}

/**
 * POST /room/{token}/participants/active: a room session. With force (the default) it ends an older one of the same
 * Nextcloud session; without, Talk answers 409 while such a session exists (ApiError status 409).
 */
export function joinRoomSession({ token, force = true }: { token: string; force?: boolean }, { signal }: CallOptions = {}): Promise<RoomSession> {
  return ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(token)}/participants/active`, roomSessionSchema, {
    method: 'POST',
    json: { force },
    signal,
  });
}

/** POST /call/{token}: joins the call with in-call flags (IN_CALL); 403 when the user may not start it. */
export async function joinCall({ token, flags }: { token: string; flags: number }, { signal }: CallOptions = {}): Promise<void> {
  const json: JoinCallBody = { flags, silent: false };
  await ocsRequest(callPath(token), z.unknown(), { method: 'POST', json, signal });
}

/** PUT /call/{token}: what the own session provides in the call (in-call flags). */
export async function updateCallFlags({ token, flags }: { token: string; flags: number }, { signal }: CallOptions = {}): Promise<void> {
  const json: UpdateCallFlagsBody = { flags };
  await ocsRequest(callPath(token), z.unknown(), { method: 'PUT', json, signal });
}

/** DELETE /call/{token}: leaves the call (the room session stays). */
export async function leaveCall({ token }: { token: string }, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(callPath(token), z.unknown(), { method: 'DELETE', signal });
}
