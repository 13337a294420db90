import { z } from 'zod';
import type { components } from '../generated/spreed';
import type { CallOptions, NoParams } from '../client';
import { ocsRequest } from '../ocs';
import { CONVERSATION_TYPE, PERMISSION } from './constants';

/** Talk conversations and their participants (spreed API v4), as the class space needs them. */

type SpreedRoom = components['schemas']['Room'];
type SpreedParticipant = components['schemas']['Participant'];

const TALK = '/ocs/v2.php/apps/spreed/api/v4';

const roomSchema = z.object({
  id: z.number(),
  token: z.string(),
  type: z.number(),
  name: z.string(),
  displayName: z.string(),
  description: z.string().default(''),
  participantType: z.number(),
  unreadMessages: z.number(),
  unreadMention: z.boolean(),
  hasCall: z.boolean(),
  lastActivity: z.number(),
  /** The permissions of everyone without their own (PERMISSION bits; 0 is Talk's default, also when a fixture omits it). */
  defaultPermissions: z.number().default(PERMISSION.default),
  /** 1 when the conversation is read-only (Talk refuses new messages with 403), else 0. */
  readOnly: z.number().default(0),
}) satisfies z.ZodType<
  Pick<SpreedRoom, 'id' | 'token' | 'type' | 'name' | 'displayName' | 'participantType' | 'unreadMessages' | 'unreadMention' | 'hasCall' | 'lastActivity' | 'defaultPermissions'>
>;

export type TalkRoom = z.infer<typeof roomSchema>;

const participantSchema = z.object({
  attendeeId: z.number(),
  actorType: z.string(),
  actorId: z.string(),
  displayName: z.string(),
  participantType: z.number(),
  inCall: z.number(),
  /** The attendee's own permissions (PERMISSION.custom set) or 0 when they follow the conversation's default. */
  attendeePermissions: z.number().default(PERMISSION.default),
  status: z.string().nullish(),
  statusIcon: z.string().nullish(),
  statusMessage: z.string().nullish(),
}) satisfies z.ZodType<Pick<SpreedParticipant, 'attendeeId' | 'actorType' | 'actorId' | 'displayName' | 'participantType' | 'inCall' | 'attendeePermissions'>>;

export type TalkParticipant = z.infer<typeof participantSchema>;

/** GET /room: every conversation the user is in (one request for the whole home screen). */
export function listRooms(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<TalkRoom[]> {
  return ocsRequest(`${TALK}/room`, z.array(roomSchema), { signal });
}

/** GET /room/{token}: 404 when the user is not in it (Talk never answers 403 here). */
export function getRoom({ token }: { token: string }, { signal }: CallOptions = {}): Promise<TalkRoom> {
  return ocsRequest(`${TALK}/room/${encodeURIComponent(token)}`, roomSchema, { signal });
}

/** POST /room with a group conversation (type 2); answers 201 with the new room. */
export function createGroupRoom({ name }: { name: string }, { signal }: CallOptions = {}): Promise<TalkRoom> {
  return ocsRequest(`${TALK}/room`, roomSchema, {
    method: 'POST',
    json: { roomType: CONVERSATION_TYPE.group, roomName: name },
    signal,
  });
}

/**
 * POST /room with a one-to-one conversation (type 1) with `userId`: 201 with the new room, or 200 with the one
 * that exists already (talk-live.json "creates one-to-one"). Any user may open one with any user she can find.
 */
export function createOneToOne({ userId }: { userId: string }, { signal }: CallOptions = {}): Promise<TalkRoom> {
  return ocsRequest(`${TALK}/room`, roomSchema, {
    method: 'POST',
    json: { roomType: CONVERSATION_TYPE.oneToOne, invite: userId },
    signal,
  });
}

export async function setRoomDescription(
  { token, description }: { token: string; description: string },
  { signal }: CallOptions = {},
): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/description`, z.unknown(), {
    method: 'PUT',
    json: { description },
    signal,
  });
}

/** PUT /room/{token}: renames a group conversation (moderators only; spreed.json `renameRoom`, `roomName`). */
export async function renameRoom({ token, name }: { token: string; name: string }, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}`, z.unknown(), { method: 'PUT', json: { roomName: name }, signal });
}

/** Talk's read-only states (spreed.json `setReadOnly`, `state`). */
export const READ_ONLY = { off: 0, on: 1 } as const;

/** PUT /room/{token}/read-only: a read-only room refuses new chat messages with 403 (moderators only). */
export async function setReadOnly({ token, state }: { token: string; state: 0 | 1 }, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/read-only`, z.unknown(), { method: 'PUT', json: { state }, signal });
}

/**
 * Students in a class room: custom | join call | publish video | chat. They cannot start a call (only teachers start
 * lessons) nor publish audio or their screen until a teacher gives them the word (Talk and the HPB enforce it).
 */
export const CLASS_ROOM_STUDENT_PERMISSIONS = PERMISSION.custom | PERMISSION.joinCall | PERMISSION.publishVideo | PERMISSION.chat;

/** PUT /room/{token}/permissions/default: what non-moderators may do in the room (moderators only). */
export async function setDefaultPermissions(
  { token, permissions }: { token: string; permissions: number },
  { signal }: CallOptions = {},
): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/permissions/default`, z.unknown(), {
    method: 'PUT',
    json: { permissions },
    signal,
  });
}

/** PUT /room/{token}/mention-permissions: 0 everyone may mention @all, 1 only moderators (Talk 21+). */
export async function setMentionPermissions(
  { token, mentionPermissions }: { token: string; mentionPermissions: 0 | 1 },
  { signal }: CallOptions = {},
): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/mention-permissions`, z.unknown(), {
    method: 'PUT',
    json: { mentionPermissions },
    signal,
  });
}

/** GET /room/{token}/participants; with includeStatus the user status (online, away, ...) comes along. */
export function listParticipants(
  { token, includeStatus = false }: { token: string; includeStatus?: boolean },
  { signal }: CallOptions = {},
): Promise<TalkParticipant[]> {
  const query = includeStatus ? '?includeStatus=true' : '';
  return ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/participants${query}`, z.array(participantSchema), { signal });
}

export type ParticipantSource = 'users' | 'groups' | 'circles';

/** POST /room/{token}/participants: a group (source "groups") adds all its members, now and later. */
export async function addParticipant(
  { token, actorId, source }: { token: string; actorId: string; source: ParticipantSource },
  { signal }: CallOptions = {},
): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/participants`, z.unknown(), {
    method: 'POST',
    json: { newParticipant: actorId, source },
    signal,
  });
}

/** POST /room/{token}/moderators: promote an attendee (by attendee id, not user id). */
export async function promoteModerator(
  { token, attendeeId }: { token: string; attendeeId: number },
  { signal }: CallOptions = {},
): Promise<void> {
  await ocsRequest(`${TALK}/room/${encodeURIComponent(token)}/moderators`, z.unknown(), {
    method: 'POST',
    json: { attendeeId },
    signal,
  });
}
