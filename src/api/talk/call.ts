import { z } from 'zod';
import type { components, operations } from '../generated/spreed';
import type { CallOptions } from '../client';
import { readBody, send } from '../client';
import { ocsRequest, unwrapOcs } from '../ocs';

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

/** POST /room/{token}/participants/active with force: a room session (ends an older one of the same user). */
export function joinRoomSession({ token }: { token: string }, { signal }: CallOptions = {}): Promise<RoomSession> {
  return ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(token)}/participants/active`, roomSessionSchema, {
    method: 'POST',
    json: { force: true },
    signal,
  });
}

const conflictSchema = z.object({ ocs: z.object({ data: z.object({ inCall: z.number() }) }) });

/**
 * POST /room/{token}/participants/active without force: a room session, unless this Nextcloud session already has
 * one in the room that is in a call (a lesson of this browser: Talk answers 409 with its in-call flags), then null.
 * An older session that is not in a call (a reloaded tab's) is taken over, as Talk's docs suggest.
 */
export async function joinRoomSessionBesideCall({ token }: { token: string }, { signal }: CallOptions = {}): Promise<RoomSession | null> {
  const response = await send(`${SPREED}/v4/room/${encodeURIComponent(token)}/participants/active`, {
    method: 'POST',
    json: { force: false },
    headers: { 'OCS-APIRequest': 'true' },
    signal,
  });
  const body = await readBody(response);
  if (response.status === 409) {
    const conflict = conflictSchema.safeParse(body);
    if (conflict.success && conflict.data.ocs.data.inCall !== 0) return null;
    return joinRoomSession({ token }, { signal });
  }
  return unwrapOcs(response, body, roomSessionSchema);
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
