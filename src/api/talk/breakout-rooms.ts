import { z } from 'zod';
import type { components, operations } from '../generated/spreed';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/**
 * Talk's breakout rooms (spreed API v1 /breakout-rooms/{token}, docs/talk/breakout-rooms.md): a moderator of a group
 * conversation (the parent) splits its members into smaller conversations, each with its own token, chat and call.
 * Moderators of the parent are moderators in every breakout room; everyone else keeps their participant type.
 */

type SpreedRoom = components['schemas']['Room'];

const V1 = '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms';
const V4 = '/ocs/v2.php/apps/spreed/api/v4/room';

/** Breakout room modes (docs/talk/constants.md): who goes where. */
export const BREAKOUT_MODE_NONE = 0;
export const BREAKOUT_MODE_AUTOMATIC = 1;
export const BREAKOUT_MODE_MANUAL = 2;
export const BREAKOUT_MODE_FREE = 3;
export type BreakoutMode = operations['breakout_room-configure-breakout-rooms']['requestBody']['content']['application/json']['mode'];

/** Breakout room status: of the parent (stopped/started), of a breakout room also "assistance requested". */
export const BREAKOUT_STATUS_STOPPED = 0;
export const BREAKOUT_STATUS_STARTED = 1;
export const BREAKOUT_STATUS_ASSISTANCE_REQUESTED = 2;

/** Talk's limits for `amount`. */
export const BREAKOUT_MIN_AMOUNT = 1;
export const BREAKOUT_MAX_AMOUNT = 20;

const breakoutRoomSchema = z.object({
  token: z.string(),
  name: z.string(),
  displayName: z.string(),
  /** "room" for a breakout room, with the parent's token as objectId. */
  objectType: z.string(),
  objectId: z.string(),
  participantType: z.number(),
  breakoutRoomMode: z.number(),
  breakoutRoomStatus: z.number(),
  lobbyState: z.number(),
}) satisfies z.ZodType<Pick<SpreedRoom, 'token' | 'name' | 'displayName' | 'objectType' | 'objectId' | 'participantType' | 'breakoutRoomMode' | 'breakoutRoomStatus' | 'lobbyState'>>;

export type BreakoutRoom = z.infer<typeof breakoutRoomSchema>;

/** Whether `room` is one of `parentToken`'s breakout rooms (the answers of configure/start/stop also hold the parent). */
export function isBreakoutRoomOf(room: Pick<BreakoutRoom, 'objectType' | 'objectId'>, parentToken: string): boolean {
  return room.objectType === 'room' && room.objectId === parentToken;
}

/** The number Talk gave the room ("Room 2", "Raum 2" → 2), null when the name has none (renamed rooms). */
export function breakoutRoomNumber(room: Pick<BreakoutRoom, 'name'>): number | null {
  const match = /(\d+)\s*$/.exec(room.name);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function path(token: string, rest = ''): string {
  return `${V1}/${encodeURIComponent(token)}${rest}`;
}

/**
 * POST /breakout-rooms/{token}: creates `amount` breakout rooms (moderators only; 400 when already configured or the
 * amount is out of range). Automatic mode spreads the non-moderators; manual takes `attendeeMap` (attendee id → room
 * index, 0-based); free lets everyone choose. Answers the parent and the breakout rooms.
 */
export function configureBreakoutRooms(
  { token, mode, amount, attendeeMap }: { token: string; mode: BreakoutMode; amount: number; attendeeMap?: Record<number, number> },
  { signal }: CallOptions = {},
): Promise<BreakoutRoom[]> {
  const json: Record<string, unknown> = { mode, amount };
  if (attendeeMap !== undefined) json['attendeeMap'] = JSON.stringify(attendeeMap);
  return ocsRequest(path(token), z.array(breakoutRoomSchema), { method: 'POST', json, signal });
}

/** DELETE /breakout-rooms/{token}: deletes the breakout rooms (and their chats); answers the parent. */
export function removeBreakoutRooms({ token }: { token: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom> {
  return ocsRequest(path(token), breakoutRoomSchema, { method: 'DELETE', signal });
}

/** POST /breakout-rooms/{token}/rooms: opens the breakout rooms; Talk tells the signaling server to move the members. */
export function startBreakoutRooms({ token }: { token: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom[]> {
  return ocsRequest(path(token, '/rooms'), z.array(breakoutRoomSchema), { method: 'POST', signal });
}

/** DELETE /breakout-rooms/{token}/rooms: closes them; everyone in a breakout room is sent back to the parent. */
export function stopBreakoutRooms({ token }: { token: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom[]> {
  return ocsRequest(path(token, '/rooms'), z.array(breakoutRoomSchema), { method: 'DELETE', signal });
}

/** POST /breakout-rooms/{token}/broadcast: the message appears in every breakout room's chat (201). */
export function broadcastToBreakoutRooms({ token, message }: { token: string; message: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom[]> {
  return ocsRequest(path(token, '/broadcast'), z.array(breakoutRoomSchema), { method: 'POST', json: { message }, signal });
}

/**
 * POST /breakout-rooms/{token}/switch: a participant moves to `target` in free mode. Talk refuses moderators
 * (400 "moderator"): they are members of every breakout room and visit one by joining its conversation.
 */
export function switchBreakoutRoom({ token, target }: { token: string; target: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom> {
  return ocsRequest(path(token, '/switch'), breakoutRoomSchema, { method: 'POST', json: { target }, signal });
}

/** GET /room/{token}/breakout-rooms: all of them for moderators (and in free mode), otherwise the own one. */
export function listBreakoutRooms({ token }: { token: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom[]> {
  return ocsRequest(`${V4}/${encodeURIComponent(token)}/breakout-rooms`, z.array(breakoutRoomSchema), { signal });
}

/** POST /breakout-rooms/{breakout token}/request-assistance: the moderators see the room asking for help. */
export function requestAssistance({ token }: { token: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom> {
  return ocsRequest(path(token, '/request-assistance'), breakoutRoomSchema, { method: 'POST', signal });
}

/** DELETE /breakout-rooms/{breakout token}/request-assistance: the request is withdrawn (or answered). */
export function resetAssistance({ token }: { token: string }, { signal }: CallOptions = {}): Promise<BreakoutRoom> {
  return ocsRequest(path(token, '/request-assistance'), breakoutRoomSchema, { method: 'DELETE', signal });
}
