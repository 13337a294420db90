/** Talk's breakout rooms (/api/v1/breakout-rooms/{token}): configure, start/stop, broadcast, assistance, switch. */
import type { AuthInfo } from '../auth/auth.js';
import type { App, Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs, OcsRoute } from '../router.js';
import { intParam, isModerator, MODERATOR, newAttendee, newRoomToken, nowS, requireModerator, ROOM_GROUP, roomForUser, talkData, USER, userAttendee } from './core.js';
import { insertMessage, parseMentions, postSystem, userActor } from './messages.js';
import { renderRoom } from './room-view.js';
import type { TalkAttendee, TalkRoom } from './types.js';

const V1 = '/apps/spreed/api/v1';
const MODE_NONE = 0;
const MODE_AUTOMATIC = 1;
const MODE_MANUAL = 2;
const MODE_FREE = 3;
const STATUS_STOPPED = 0;
const STATUS_STARTED = 1;
const STATUS_ASSISTANCE = 2;

function bad(error: string): OcsError {
  return new OcsError(400, '', { error });
}

export function breakoutRoomsOf(ctx: Ctx, parent: TalkRoom): TalkRoom[] {
  return talkData(ctx.app).rooms.filter((r) => r.parentToken === parent.token);
}

/** The rooms a user sees: for moderators all, otherwise the ones they are in (all in free mode). */
function visibleRooms(ctx: Ctx, parent: TalkRoom, uid: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of breakoutRoomsOf(ctx, parent)) {
    const a = userAttendee(r, uid);
    if (a !== undefined) out.push(renderRoom(ctx, r, a));
  }
  return out;
}

function parseMap(ctx: Ctx): Record<string, number> {
  const raw = str(ctx.params, 'attendeeMap') ?? '';
  if (raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bad('attendeeMap');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('attendeeMap');
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw bad('attendeeMap');
    out[k] = v;
  }
  return out;
}

/** Puts the parent's non-moderator users into the breakout rooms per mode; moderators join every room. */
function assign(ctx: Ctx, parent: TalkRoom, rooms: TalkRoom[], mode: number, map: Record<string, number>): void {
  const students = parent.attendees.filter((a) => a.actorType === 'users' && !isModerator(a));
  for (const r of rooms) r.attendees = r.attendees.filter((a) => isModerator(a));
  for (const a of parent.attendees) a.breakoutRoom = null;
  students.forEach((s, i) => {
    let index: number | undefined;
    if (mode === MODE_AUTOMATIC) index = i % rooms.length;
    if (mode === MODE_MANUAL) index = map[String(s.id)];
    if (index === undefined) return;
    const target = rooms[index];
    if (target === undefined) throw bad('attendeeMap');
    newAttendee(ctx.app, target, 'users', s.actorId, s.displayName, USER);
    s.breakoutRoom = target.token;
  });
  if (mode === MODE_MANUAL) {
    for (const id of Object.keys(map)) {
      const a = parent.attendees.find((x) => String(x.id) === id);
      if (a === undefined || isModerator(a)) throw bad('attendeeMap');
    }
  }
}

/**
 * Talk creates each breakout room as a new conversation (RoomService::createConversation): the parent's permission
 * settings (lesson mode) are not copied, so the group may start its call and talk; students stay plain users.
 */
function createBreakoutRooms(ctx: Ctx, parent: TalkRoom, amount: number): TalkRoom[] {
  const rooms: TalkRoom[] = [];
  const { passwordHash: _noPassword, ...inherited } = parent;
  for (let i = 1; i <= amount; i++) {
    const room: TalkRoom = {
      ...inherited,
      id: ctx.app.store.nextId(),
      token: newRoomToken(ctx.app),
      name: `Room ${String(i)}`,
      description: '',
      objectType: 'room',
      objectId: parent.token,
      lobbyState: 1,
      lobbyTimer: 0,
      defaultPermissions: 0,
      callPermissions: 0,
      lastActivity: nowS(ctx.app),
      callStartTime: 0,
      callStartedBy: 0,
      breakoutRoomMode: parent.breakoutRoomMode,
      breakoutRoomStatus: STATUS_STOPPED,
      parentToken: parent.token,
      attendees: [],
    };
    talkData(ctx.app).rooms.push(room);
    for (const m of parent.attendees.filter((a) => a.actorType === 'users' && isModerator(a))) {
      newAttendee(ctx.app, room, 'users', m.actorId, m.displayName, m.participantType === MODERATOR ? MODERATOR : m.participantType);
    }
    const owner = parent.attendees.find((a) => a.actorType === 'users' && isModerator(a));
    postSystem(ctx.app, room, owner === undefined ? null : userActor(owner.actorId), 'conversation_created');
    rooms.push(room);
  }
  return rooms;
}

/** A request to the signaling server's room endpoint (`POST {server}/api/v1/room/{token}`). */
export interface SwitchToMessage {
  token: string;
  body: { type: 'switchto'; switchto: { roomid: string; sessions: string[] } };
}

function switchTo(token: string, roomid: string, sessions: string[]): SwitchToMessage {
  return { token, body: { type: 'switchto', switchto: { roomid, sessions } } };
}

/**
 * What Talk's signaling listener sends when a parent room's breakout status changes (sessions as a plain list, as
 * Talk's BackendNotifier::switchToRoom does). Started: to the parent, per breakout room, the parent sessions of its
 * non-moderator members. Stopped: to each breakout room, all of its sessions (visiting moderators too), back to the parent.
 */
export function breakoutSwitchMessages(app: App, parent: TalkRoom, wasStarted: boolean): SwitchToMessage[] {
  const started = parent.breakoutRoomStatus === STATUS_STARTED;
  if (parent.parentToken !== null || started === wasStarted) return [];
  const t = talkData(app);
  const rooms = t.rooms.filter((r) => r.parentToken === parent.token);
  const out: SwitchToMessage[] = [];
  for (const room of rooms) {
    let sessions: string[];
    if (started) {
      const members = new Set(room.attendees.filter((a) => a.actorType === 'users').map((a) => a.actorId));
      const movers = new Set(parent.attendees.filter((a) => a.actorType === 'users' && !isModerator(a) && members.has(a.actorId)).map((a) => a.id));
      sessions = t.sessions.filter((s) => s.token === parent.token && movers.has(s.attendeeId)).map((s) => s.id);
    } else {
      sessions = t.sessions.filter((s) => s.token === room.token).map((s) => s.id);
    }
    if (sessions.length > 0) out.push(started ? switchTo(parent.token, room.token, sessions) : switchTo(room.token, parent.token, sessions));
  }
  return out;
}

type Handler = (a: OcsArgs<AuthInfo>) => OcsResult;

function parentRoute(moderatorOnly: boolean, fn: (ctx: Ctx, parent: TalkRoom, a: TalkAttendee, uid: string) => OcsResult): Handler {
  return ({ ctx, p, auth }) => {
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', auth.uid);
    if (moderatorOnly) requireModerator(attendee);
    return fn(ctx, room, attendee, auth.uid);
  };
}

function requireConfigured(parent: TalkRoom): void {
  if (parent.breakoutRoomMode === MODE_NONE) throw bad('mode');
}

function setStatus(ctx: Ctx, parent: TalkRoom, status: number): void {
  parent.breakoutRoomStatus = status;
  for (const r of breakoutRoomsOf(ctx, parent)) {
    r.breakoutRoomStatus = status;
    r.lobbyState = status === STATUS_STARTED ? 0 : 1;
  }
  ctx.app.store.changed();
}

export const breakoutRoutes: OcsRoute[] = [
  {
    method: 'POST',
    path: `${V1}/breakout-rooms/{token}`,
    handler: parentRoute(true, (ctx, parent, _a, uid) => {
      if (parent.breakoutRoomMode !== MODE_NONE) throw bad('mode');
      if (parent.type !== ROOM_GROUP && parent.type !== 3) throw bad('room');
      if (parent.parentToken !== null) throw bad('room');
      const mode = intParam(ctx.params, 'mode');
      if (mode !== MODE_AUTOMATIC && mode !== MODE_MANUAL && mode !== MODE_FREE) throw bad('mode');
      const amount = intParam(ctx.params, 'amount') ?? 0;
      if (amount < 1 || amount > 20) throw bad('amount');
      const map = mode === MODE_MANUAL ? parseMap(ctx) : {};
      parent.breakoutRoomMode = mode;
      const rooms = createBreakoutRooms(ctx, parent, amount);
      assign(ctx, parent, rooms, mode, map);
      ctx.app.store.changed();
      const me = userAttendee(parent, uid);
      return { data: [...(me === undefined ? [] : [renderRoom(ctx, parent, me)]), ...visibleRooms(ctx, parent, uid)] };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/breakout-rooms/{token}`,
    handler: parentRoute(true, (ctx, parent, a) => {
      const t = talkData(ctx.app);
      const gone = new Set(breakoutRoomsOf(ctx, parent).map((r) => r.token));
      t.rooms = t.rooms.filter((r) => !gone.has(r.token));
      t.sessions = t.sessions.filter((s) => !gone.has(s.token));
      t.messages = Object.fromEntries(Object.entries(t.messages).filter(([k]) => !gone.has(k)));
      parent.breakoutRoomMode = MODE_NONE;
      parent.breakoutRoomStatus = STATUS_STOPPED;
      for (const x of parent.attendees) x.breakoutRoom = null;
      ctx.app.store.changed();
      return { data: renderRoom(ctx, parent, a) };
    }),
  },
  {
    method: 'POST',
    path: `${V1}/breakout-rooms/{token}/rooms`,
    handler: parentRoute(true, (ctx, parent, _a, uid) => {
      requireConfigured(parent);
      setStatus(ctx, parent, STATUS_STARTED);
      postSystem(ctx.app, parent, userActor(uid), 'breakout_rooms_started');
      return { data: [renderRoom(ctx, parent, _a), ...visibleRooms(ctx, parent, uid)] };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/breakout-rooms/{token}/rooms`,
    handler: parentRoute(true, (ctx, parent, a, uid) => {
      requireConfigured(parent);
      setStatus(ctx, parent, STATUS_STOPPED);
      postSystem(ctx.app, parent, userActor(uid), 'breakout_rooms_stopped');
      return { data: [renderRoom(ctx, parent, a), ...visibleRooms(ctx, parent, uid)] };
    }),
  },
  {
    method: 'POST',
    path: `${V1}/breakout-rooms/{token}/broadcast`,
    handler: parentRoute(true, (ctx, parent, a, uid) => {
      requireConfigured(parent);
      const text = str(ctx.params, 'message') ?? '';
      if (text.trim() === '') throw bad('message');
      if (text.length > 32000) throw new OcsError(413, '', { error: 'message' });
      const actor = userActor(uid);
      for (const r of breakoutRoomsOf(ctx, parent)) {
        const parsed = parseMentions(ctx.app, r, text, a);
        insertMessage(ctx.app, r, {
          actorType: 'users',
          actorId: uid,
          actorDisplayName: actor.displayName,
          kind: 'comment',
          message: parsed.text,
          parameters: parsed.parameters,
          referenceId: '',
          parentId: null,
          silent: false,
          reactions: {},
          edit: null,
          mentions: parsed.mentions,
        });
      }
      return { data: visibleRooms(ctx, parent, uid), status: 201 };
    }),
  },
  {
    method: 'POST',
    path: `${V1}/breakout-rooms/{token}/attendees`,
    handler: parentRoute(true, (ctx, parent, a, uid) => {
      requireConfigured(parent);
      const rooms = breakoutRoomsOf(ctx, parent);
      assign(ctx, parent, rooms, MODE_MANUAL, parseMap(ctx));
      ctx.app.store.changed();
      return { data: [renderRoom(ctx, parent, a), ...visibleRooms(ctx, parent, uid)] };
    }),
  },
  ...(['POST', 'DELETE'] as const).map(
    (method): OcsRoute => ({
      method,
      path: `${V1}/breakout-rooms/{token}/request-assistance`,
      handler: parentRoute(false, (ctx, room, a) => {
        if (room.parentToken === null || room.breakoutRoomStatus === STATUS_STOPPED) throw bad('room');
        room.breakoutRoomStatus = method === 'POST' ? STATUS_ASSISTANCE : STATUS_STARTED;
        ctx.app.store.changed();
        return { data: renderRoom(ctx, room, a) };
      }),
    }),
  ),
  {
    method: 'POST',
    path: `${V1}/breakout-rooms/{token}/switch`,
    handler: parentRoute(false, (ctx, parent, a, uid) => {
      if (isModerator(a)) throw bad('moderator');
      if (parent.breakoutRoomMode !== MODE_FREE) throw bad('mode');
      if (parent.breakoutRoomStatus === STATUS_STOPPED) throw bad('status');
      const target = breakoutRoomsOf(ctx, parent).find((r) => r.token === str(ctx.params, 'target'));
      if (target === undefined) throw bad('target');
      for (const r of breakoutRoomsOf(ctx, parent)) r.attendees = r.attendees.filter((x) => !(x.actorType === 'users' && x.actorId === uid));
      const joined = newAttendee(ctx.app, target, 'users', uid, a.displayName, USER);
      a.breakoutRoom = target.token;
      ctx.app.store.changed();
      return { data: renderRoom(ctx, target, joined) };
    }),
  },
  {
    method: 'GET',
    path: '/apps/spreed/api/v4/room/{token}/breakout-rooms',
    handler: parentRoute(false, (ctx, parent, a, uid) => {
      requireConfigured(parent);
      if (parent.breakoutRoomMode === MODE_FREE && !isModerator(a)) {
        return { data: breakoutRoomsOf(ctx, parent).map((r) => renderRoom(ctx, r, userAttendee(r, uid) ?? a)) };
      }
      return { data: visibleRooms(ctx, parent, uid) };
    }),
  },
];
