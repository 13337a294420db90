/**
 * Talk's domain logic shared by the room, chat and call controllers: rooms and attendees, permissions,
 * room sessions bound to the PHP session cookie, request parameters (lobby.ts: the lobby; messages.ts:
 * posting and rendering messages; room-view.ts: a room as the API answers it).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { App, Ctx } from '../context.js';
import { parseCookies } from '../http.js';
import { OcsError } from '../ocs.js';
import { displayNameOf, findCircle, groupMemberIds } from './membership.js';
import type { ActorType, TalkAttendee, TalkData, TalkMessage, TalkRoom, TalkSession } from './types.js';

export const ROOM_ONE_TO_ONE = 1;
export const ROOM_GROUP = 2;
export const ROOM_PUBLIC = 3;
export const ROOM_NOTE_TO_SELF = 6;

export const OWNER = 1;
export const MODERATOR = 2;
export const USER = 3;
export const GUEST_MODERATOR = 6;

export const PERM_CUSTOM = 1;
export const PERM_CALL_START = 2;
export const PERM_CALL_JOIN = 4;
export const PERM_LOBBY_IGNORE = 8;
export const PERM_PUBLISH_AUDIO = 16;
export const PERM_PUBLISH_VIDEO = 32;
export const PERM_PUBLISH_SCREEN = 64;
export const PERM_CHAT = 128;
/** Everything but "custom": what moderators always have. */
export const PERM_MAX_DEFAULT = 254;
/** What users get when nobody configured anything: everything but ignoring the lobby. */
export const PERM_USER_DEFAULT = PERM_MAX_DEFAULT & ~PERM_LOBBY_IGNORE;

export const FLAG_IN_CALL = 1;
export const FLAG_WITH_AUDIO = 2;
export const FLAG_WITH_VIDEO = 4;
export const FLAG_WITH_PHONE = 8;

/** The PHP session cookie Nextcloud would set (named after the instance id). */
export const SESSION_COOKIE = 'ocdevserver';

export function talkData(app: App): TalkData {
  return app.store.data.talk;
}

export function nowS(app: App): number {
  return Math.floor(app.now() / 1000);
}

const TOKEN_CHARS = 'abcdefghijkmnopqrstuvwxyz0123456789';

export function newRoomToken(app: App): string {
  for (;;) {
    let t = '';
    for (let i = 0; i < 8; i++) t += TOKEN_CHARS[randomInt(TOKEN_CHARS.length)] ?? 'a';
    if (!talkData(app).rooms.some((r) => r.token === t)) return t;
  }
}

export function findRoom(app: App, token: string): TalkRoom | undefined {
  return talkData(app).rooms.find((r) => r.token === token);
}

export function roomMessages(app: App, token: string): TalkMessage[] {
  const all = talkData(app).messages;
  let list = all[token];
  if (list === undefined) {
    list = [];
    all[token] = list;
  }
  return list;
}

export function lastMessageId(app: App, room: TalkRoom): number {
  const list = roomMessages(app, room.token);
  return list[list.length - 1]?.id ?? 0;
}

export function isModerator(a: TalkAttendee): boolean {
  return a.participantType === OWNER || a.participantType === MODERATOR || a.participantType === GUEST_MODERATOR;
}

export function newAttendee(app: App, room: TalkRoom, actorType: ActorType, actorId: string, displayName: string, participantType: number): TalkAttendee {
  const a: TalkAttendee = {
    id: app.store.nextId(),
    actorType,
    actorId,
    displayName,
    participantType,
    permissions: 0,
    lastReadMessage: lastMessageId(app, room),
    isFavorite: false,
    isArchived: false,
    isImportant: false,
    notificationLevel: room.type === ROOM_ONE_TO_ONE ? 1 : 2,
    notificationCalls: 1,
  };
  room.attendees.push(a);
  return a;
}

/** Users reached through the room's group and team attendees. */
export function sourcedUsers(app: App, room: TalkRoom): string[] {
  const out = new Set<string>();
  for (const a of room.attendees) {
    if (a.actorType === 'groups') for (const u of groupMemberIds(app, a.actorId)) out.add(u);
    if (a.actorType === 'circles') for (const u of findCircle(app, a.actorId)?.members ?? []) out.add(u);
  }
  return [...out];
}

/**
 * Talk adds every member of a group or team attendee as a user attendee, also later when someone joins
 * the group: done here lazily, whenever the room is looked at.
 */
export function syncSourcedMembers(app: App, room: TalkRoom): void {
  let changed = false;
  for (const uid of sourcedUsers(app, room)) {
    if (room.attendees.some((a) => a.actorType === 'users' && a.actorId === uid)) continue;
    newAttendee(app, room, 'users', uid, displayNameOf(uid), USER);
    changed = true;
  }
  if (changed) app.store.changed();
}

export function userAttendee(room: TalkRoom, uid: string): TalkAttendee | undefined {
  return room.attendees.find((a) => a.actorType === 'users' && a.actorId === uid);
}

/** The room and the user's attendee, or 404 as Talk answers for rooms the user is not in. */
export function roomForUser(app: App, token: string, uid: string): { room: TalkRoom; attendee: TalkAttendee } {
  const room = findRoom(app, token);
  if (room === undefined) throw new OcsError(404);
  syncSourcedMembers(app, room);
  const attendee = userAttendee(room, uid);
  if (attendee === undefined) throw new OcsError(404);
  return { room, attendee };
}

export function permissionsOf(room: TalkRoom, a: TalkAttendee): number {
  if (isModerator(a)) return PERM_MAX_DEFAULT;
  if (a.permissions !== 0) return a.permissions;
  if (room.callPermissions !== 0) return room.callPermissions;
  if (room.defaultPermissions !== 0) return room.defaultPermissions;
  return PERM_USER_DEFAULT;
}

export function requireModerator(a: TalkAttendee): void {
  if (!isModerator(a)) throw new OcsError(403);
}

export function lastCommonRead(room: TalkRoom): number {
  let min = Number.POSITIVE_INFINITY;
  for (const a of room.attendees) if (a.actorType === 'users') min = Math.min(min, a.lastReadMessage);
  return Number.isFinite(min) ? min : 0;
}

// ---------- PHP session cookie and room sessions ----------

/** The client's PHP session id, creating one (and the Set-Cookie header) when the request had none. */
export function phpSession(ctx: Ctx): { id: string; headers: Record<string, string> } {
  const existing = parseCookies(ctx.header('cookie'))[SESSION_COOKIE];
  const map = talkData(ctx.app).phpSessions;
  if (existing !== undefined && existing !== '') {
    map[existing] ??= {};
    return { id: existing, headers: {} };
  }
  const id = randomBytes(16).toString('hex');
  map[id] = {};
  return { id, headers: { 'set-cookie': `${SESSION_COOKIE}=${id}; path=/; HttpOnly; SameSite=Lax` } };
}

/** The room session the client's cookie holds for this room (null without a cookie or session). */
export function currentSession(ctx: Ctx, room: TalkRoom, a: TalkAttendee): TalkSession | null {
  const cookie = parseCookies(ctx.header('cookie'))[SESSION_COOKIE];
  if (cookie === undefined) return null;
  const sid = talkData(ctx.app).phpSessions[cookie]?.[room.token];
  if (sid === undefined) return null;
  return talkData(ctx.app).sessions.find((s) => s.id === sid && s.token === room.token && s.attendeeId === a.id) ?? null;
}

export function newSessionId(): string {
  return randomBytes(190).toString('base64').slice(0, 255);
}

export function sessionsOf(app: App, room: TalkRoom, attendeeId?: number): TalkSession[] {
  return talkData(app).sessions.filter((s) => s.token === room.token && (attendeeId === undefined || s.attendeeId === attendeeId));
}

export function roomCallFlag(app: App, room: TalkRoom): number {
  let flag = 0;
  for (const s of sessionsOf(app, room)) flag |= s.inCall;
  return flag;
}

// ---------- messages ----------
// ---------- rooms ----------
export function intParam(params: Record<string, unknown>, key: string): number | undefined {
  const v = params[key];
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number.parseInt(v, 10);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

export function boolParam(params: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = params[key];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v === '1' || v.toLowerCase() === 'true';
  return fallback;
}
