/** Talk's room API (/ocs/v2.php/apps/spreed/api/v4/room...): conversations, participants, moderation, sessions. */
import type { AuthInfo } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs, OcsRoute } from '../router.js';
import { statusRow } from '../core/user-status.js';
import {
  boolParam,
  currentSession,
  intParam,
  isModerator,
  lastMessageId,
  MODERATOR,
  newAttendee,
  newRoomToken,
  nowS,
  OWNER,
  permissionsOf,
  postSystem,
  renderRoom,
  requireModerator,
  requireNoLobby,
  ROOM_GROUP,
  ROOM_NOTE_TO_SELF,
  ROOM_ONE_TO_ONE,
  ROOM_PUBLIC,
  roomForUser,
  sessionsOf,
  sourcedUsers,
  syncSourcedMembers,
  TALK_HASH,
  talkData,
  USER,
  userActor,
  userAttendee,
  userParam,
  type Actor,
} from './core.js';
import { leaveCall } from './call.js';
import { displayNameOf, findCircle, groupExists, groupMemberIds, userExists } from './membership.js';
import type { TalkAttendee, TalkRoom } from './types.js';

const V4 = '/apps/spreed/api/v4';

function bad(error: string): OcsError {
  return new OcsError(400, '', { error });
}

function roomResult(ctx: Ctx, room: TalkRoom, a: TalkAttendee, status = 200, headers: Record<string, string> = {}): OcsResult {
  return { data: renderRoom(ctx, room, a), status, headers };
}

function createRoom(ctx: Ctx, type: number, name: string, owner: string): TalkRoom {
  const app = ctx.app;
  const room: TalkRoom = {
    id: app.store.nextId(),
    token: newRoomToken(app),
    type,
    name,
    description: '',
    readOnly: 0,
    listable: 0,
    lobbyState: 0,
    lobbyTimer: 0,
    defaultPermissions: 0,
    callPermissions: 0,
    mentionPermissions: 0,
    messageExpiration: 0,
    objectType: '',
    objectId: '',
    avatarVersion: Math.floor(Math.random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0'),
    lastActivity: nowS(app),
    callStartTime: 0,
    callStartedBy: 0,
    breakoutRoomMode: 0,
    breakoutRoomStatus: 0,
    parentToken: null,
    attendees: [],
  };
  talkData(app).rooms.push(room);
  newAttendee(app, room, 'users', owner, displayNameOf(owner), OWNER);
  postSystem(app, room, userActor(owner), 'conversation_created');
  const creator = userAttendee(room, owner);
  if (creator !== undefined) creator.lastReadMessage = lastMessageId(app, room);
  app.store.changed();
  return room;
}

/** Adds a user, group or team to a room, with Talk's system messages. Returns false when it was there already. */
export function addParticipant(ctx: Ctx, room: TalkRoom, actor: Actor, source: string, id: string): void {
  const app = ctx.app;
  if (source === 'users') {
    if (!userExists(id)) throw new OcsError(404, '', { error: 'new-participant' });
    if (userAttendee(room, id) !== undefined) return;
    newAttendee(app, room, 'users', id, displayNameOf(id), USER);
    postSystem(app, room, actor, 'user_added', { user: userParam(id) });
  } else if (source === 'groups') {
    if (!groupExists(id)) throw new OcsError(404, '', { error: 'new-participant' });
    if (!room.attendees.some((a) => a.actorType === 'groups' && a.actorId === id)) {
      newAttendee(app, room, 'groups', id, id, USER);
      postSystem(app, room, actor, 'group_added', { group: { type: 'user-group', id, name: id, 'mention-id': `group/${id}` } });
    }
    addMembers(ctx, room, actor, groupMemberIds(app, id));
  } else if (source === 'circles') {
    const circle = findCircle(app, id);
    if (circle === null) throw new OcsError(404, '', { error: 'new-participant' });
    if (!room.attendees.some((a) => a.actorType === 'circles' && a.actorId === id)) {
      newAttendee(app, room, 'circles', id, circle.displayName, USER);
      postSystem(app, room, actor, 'circle_added', {
        circle: { type: 'circle', id, name: circle.displayName, link: '', 'mention-id': `team/${id}` },
      });
    }
    addMembers(ctx, room, actor, circle.members);
  } else {
    throw bad('source');
  }
  app.store.changed();
}

function addMembers(ctx: Ctx, room: TalkRoom, actor: Actor, uids: string[]): void {
  const sorted = [...uids].sort((a, b) => displayNameOf(a).localeCompare(displayNameOf(b)));
  for (const uid of sorted) {
    if (userAttendee(room, uid) !== undefined) continue;
    newAttendee(ctx.app, room, 'users', uid, displayNameOf(uid), USER);
    postSystem(ctx.app, room, actor, 'user_added', { user: userParam(uid) });
  }
}

function findOneToOne(ctx: Ctx, a: string, b: string): TalkRoom | undefined {
  return talkData(ctx.app).rooms.find(
    (r) => r.type === ROOM_ONE_TO_ONE && r.attendees.some((x) => x.actorId === a) && r.attendees.some((x) => x.actorId === b),
  );
}

function participantRow(ctx: Ctx, room: TalkRoom, a: TalkAttendee, includeStatus: boolean): Record<string, unknown> {
  const sessions = sessionsOf(ctx.app, room, a.id);
  const row: Record<string, unknown> = {
    roomToken: room.token,
    inCall: sessions.reduce((f, s) => f | s.inCall, 0),
    lastPing: sessions.reduce((p, s) => Math.max(p, s.lastPing), 0),
    sessionIds: sessions.map((s) => s.id),
    participantType: a.participantType,
    attendeeId: a.id,
    actorId: a.actorId,
    actorType: a.actorType,
    displayName: a.displayName,
    permissions: permissionsOf(room, a),
    attendeePermissions: a.permissions,
    attendeePin: '',
    phoneNumber: '',
    callId: '',
  };
  if (includeStatus && a.actorType === 'users') {
    const s = statusRow(ctx.app, a.actorId);
    row['status'] = s === null ? 'offline' : s.status === 'invisible' ? 'offline' : s.status;
    row['statusIcon'] = s?.icon ?? null;
    row['statusMessage'] = s?.message ?? null;
    row['statusClearAt'] = s?.clearAt ?? null;
  }
  return row;
}

function attendeeById(room: TalkRoom, params: Record<string, unknown>): TalkAttendee {
  const id = intParam(params, 'attendeeId');
  const target = room.attendees.find((a) => a.id === id);
  if (target === undefined) throw new OcsError(404, '', { error: 'participant' });
  return target;
}

/** A room endpoint that only moderators may use (403 for others, 404 for non-members). */
type Handler = (a: OcsArgs<AuthInfo>) => OcsResult;

function moderated(handler: (ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string) => OcsResult): Handler {
  return ({ ctx, p, auth }) => {
    const uid = auth.uid;
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', uid);
    requireModerator(attendee);
    return handler(ctx, room, attendee, uid);
  };
}

export function member(handler: (ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string) => OcsResult): Handler {
  return ({ ctx, p, auth }) => {
    const uid = auth.uid;
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', uid);
    return handler(ctx, room, attendee, uid);
  };
}

function setLobby(ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string): OcsResult {
  const state = intParam(ctx.params, 'state');
  if (state !== 0 && state !== 1) throw bad('value');
  if (room.type === ROOM_ONE_TO_ONE || room.type === ROOM_NOTE_TO_SELF) throw bad('type');
  const timer = intParam(ctx.params, 'timer') ?? 0;
  const changed = room.lobbyState !== state;
  room.lobbyState = state;
  room.lobbyTimer = state === 1 && timer > 0 ? timer : 0;
  if (changed) postSystem(ctx.app, room, userActor(uid), state === 1 ? 'lobby_non_moderators' : 'lobby_none');
  ctx.app.store.changed();
  return roomResult(ctx, room, a);
}

function permissionValue(ctx: Ctx): number {
  const perms = intParam(ctx.params, 'permissions');
  if (perms === undefined || perms < 0 || perms > 255) throw bad('value');
  return perms === 0 ? 0 : perms | 1;
}

export const roomRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: `${V4}/room`,
    handler: ({ ctx, auth }): OcsResult => {
      const since = intParam(ctx.params, 'modifiedSince') ?? 0;
      const includeLast = boolParam(ctx.params, 'includeLastMessage', true);
      const includeStatus = boolParam(ctx.params, 'includeStatus', false);
      const out: Record<string, unknown>[] = [];
      for (const room of talkData(ctx.app).rooms) {
        syncSourcedMembers(ctx.app, room);
        const a = userAttendee(room, auth.uid);
        if (a === undefined) continue;
        if (since > 0 && room.lastActivity < since && currentSession(ctx, room, a) === null) continue;
        const row = renderRoom(ctx, room, a, includeLast);
        if (includeStatus && room.type === ROOM_ONE_TO_ONE) {
          const partner = room.attendees.find((x) => x.actorType === 'users' && x.actorId !== auth.uid);
          const s = partner === undefined ? null : statusRow(ctx.app, partner.actorId);
          row['status'] = s === null || s.status === 'invisible' ? 'offline' : s.status;
          row['statusIcon'] = s?.icon ?? null;
          row['statusMessage'] = s?.message ?? null;
          row['statusClearAt'] = s?.clearAt ?? null;
        }
        out.push(row);
      }
      return {
        data: out,
        headers: { 'x-nextcloud-talk-hash': TALK_HASH, 'x-nextcloud-talk-modified-before': String(nowS(ctx.app)) },
      };
    },
  },
  {
    method: 'POST',
    path: `${V4}/room`,
    handler: ({ ctx, auth }): OcsResult => {
      const type = intParam(ctx.params, 'roomType') ?? ROOM_GROUP;
      const invite = str(ctx.params, 'invite') ?? '';
      const source = str(ctx.params, 'source') ?? 'users';
      const name = (str(ctx.params, 'roomName') ?? '').trim();
      const actor = userActor(auth.uid);
      if (type === ROOM_ONE_TO_ONE) {
        if (invite === auth.uid || !userExists(invite)) throw new OcsError(404, '', { error: 'invite' });
        const existing = findOneToOne(ctx, auth.uid, invite);
        if (existing !== undefined) {
          const a = userAttendee(existing, auth.uid);
          if (a !== undefined) return roomResult(ctx, existing, a, 200);
        }
        const room = createRoom(ctx, ROOM_ONE_TO_ONE, JSON.stringify([auth.uid, invite].sort()), auth.uid);
        const other = newAttendee(ctx.app, room, 'users', invite, displayNameOf(invite), OWNER);
        other.lastReadMessage = lastMessageId(ctx.app, room);
        const me = userAttendee(room, auth.uid);
        if (me === undefined) throw new OcsError(500);
        return roomResult(ctx, room, me, 201);
      }
      if (type !== ROOM_GROUP && type !== ROOM_PUBLIC) throw bad('type');
      if (name === '' || name.length > 255) throw bad('name');
      if (invite !== '' && source === 'groups' && !groupExists(invite)) throw new OcsError(404, '', { error: 'invite' });
      if (invite !== '' && source === 'circles' && findCircle(ctx.app, invite) === null) throw new OcsError(404, '', { error: 'invite' });
      const room = createRoom(ctx, type, name, auth.uid);
      const objectType = str(ctx.params, 'objectType');
      const objectId = str(ctx.params, 'objectId');
      if (objectType !== undefined && objectId !== undefined) {
        room.objectType = objectType;
        room.objectId = objectId;
      }
      const description = str(ctx.params, 'description');
      if (description !== undefined && description !== '') room.description = description;
      if (invite !== '') addParticipant(ctx, room, actor, source, invite);
      const me = userAttendee(room, auth.uid);
      if (me === undefined) throw new OcsError(500);
      return roomResult(ctx, room, me, 201);
    },
  },
  {
    method: 'GET',
    path: `${V4}/room/note-to-self`,
    handler: ({ ctx, auth }): OcsResult => {
      let room = talkData(ctx.app).rooms.find((r) => r.type === ROOM_NOTE_TO_SELF && r.objectId === auth.uid);
      if (room === undefined) {
        room = createRoom(ctx, ROOM_NOTE_TO_SELF, 'Note to self', auth.uid);
        room.objectType = 'note_to_self';
        room.objectId = auth.uid;
        room.description = 'A place for your private notes, thoughts and ideas';
        const me = userAttendee(room, auth.uid);
        if (me !== undefined) me.isFavorite = true;
      }
      const a = userAttendee(room, auth.uid);
      if (a === undefined) throw new OcsError(404);
      return roomResult(ctx, room, a);
    },
  },
  {
    method: 'GET',
    path: `${V4}/room/{token}`,
    handler: member((ctx, room, a) => roomResult(ctx, room, a, 200, { 'x-nextcloud-talk-hash': TALK_HASH })),
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}`,
    handler: moderated((ctx, room, a, uid) => {
      const name = (str(ctx.params, 'roomName') ?? '').trim();
      if (room.type === ROOM_ONE_TO_ONE) throw bad('type');
      if (name === '' || name.length > 255) throw bad('value');
      if (name !== room.name) {
        const old = room.name;
        room.name = name;
        postSystem(ctx.app, room, userActor(uid), 'conversation_renamed', {}, { old, new: name });
      }
      return roomResult(ctx, room, a);
    }),
  },
  {
    method: 'DELETE',
    path: `${V4}/room/{token}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', auth.uid);
      if (room.type !== ROOM_ONE_TO_ONE) requireModerator(attendee);
      const t = talkData(ctx.app);
      t.rooms = t.rooms.filter((r) => r !== room && r.parentToken !== room.token);
      t.sessions = t.sessions.filter((s) => s.token !== room.token);
      t.messages = Object.fromEntries(Object.entries(t.messages).filter(([k]) => k !== room.token));
      ctx.app.store.changed();
      return { data: null };
    },
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}/description`,
    handler: moderated((ctx, room, a, uid) => {
      const description = str(ctx.params, 'description') ?? '';
      if (description.length > 2000) throw bad('value');
      if (description !== room.description) {
        room.description = description;
        postSystem(ctx.app, room, userActor(uid), description === '' ? 'description_removed' : 'description_set');
      }
      return roomResult(ctx, room, a);
    }),
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}/read-only`,
    handler: moderated((ctx, room, a, uid) => {
      const state = intParam(ctx.params, 'state');
      if (state !== 0 && state !== 1) throw bad('value');
      if (room.readOnly !== state) {
        room.readOnly = state;
        postSystem(ctx.app, room, userActor(uid), state === 1 ? 'read_only' : 'read_only_off');
      }
      return roomResult(ctx, room, a);
    }),
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}/listable`,
    handler: moderated((ctx, room, a, uid) => {
      const scope = intParam(ctx.params, 'scope');
      if (scope !== 0 && scope !== 1 && scope !== 2) throw bad('value');
      if (room.type === ROOM_ONE_TO_ONE) throw bad('type');
      if (room.listable !== scope) {
        room.listable = scope;
        postSystem(ctx.app, room, userActor(uid), scope === 0 ? 'listable_none' : 'listable_users');
      }
      return roomResult(ctx, room, a);
    }),
  },
  { method: 'PUT', path: `${V4}/room/{token}/webinar/lobby`, handler: moderated(setLobby) },
  ...(['POST', 'DELETE'] as const).map(
    (method): OcsRoute => ({
      method,
      path: `${V4}/room/{token}/public`,
      handler: moderated((ctx, room, a, uid) => {
        if (room.type !== ROOM_GROUP && room.type !== ROOM_PUBLIC) throw bad('type');
        if (room.parentToken !== null) throw bad('breakout-room');
        const type = method === 'POST' ? ROOM_PUBLIC : ROOM_GROUP;
        if (room.type !== type) {
          room.type = type;
          postSystem(ctx.app, room, userActor(uid), type === ROOM_PUBLIC ? 'guests_allowed' : 'guests_disallowed');
        }
        return roomResult(ctx, room, a);
      }),
    }),
  ),
  {
    method: 'PUT',
    path: `${V4}/room/{token}/permissions/{mode}`,
    handler: ({ ctx, p, auth }): OcsResult => {
      const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', auth.uid);
      requireModerator(attendee);
      const mode = p['mode'];
      if (mode !== 'default' && mode !== 'call') throw bad('mode');
      if (room.type === ROOM_ONE_TO_ONE) throw bad('type');
      const value = permissionValue(ctx);
      if (mode === 'default') room.defaultPermissions = value;
      else room.callPermissions = value;
      // Talk resets the attendees' own permissions when the conversation's default changes.
      for (const x of room.attendees) if (!isModerator(x)) x.permissions = 0;
      ctx.app.store.changed();
      return roomResult(ctx, room, attendee);
    },
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}/attendees/permissions`,
    handler: moderated((ctx, room) => {
      const target = attendeeById(room, ctx.params);
      if (isModerator(target)) throw new OcsError(400, '', { error: 'moderator' });
      const method = str(ctx.params, 'method') ?? 'set';
      const perms = intParam(ctx.params, 'permissions') ?? 0;
      if (perms < 0 || perms > 255) throw bad('value');
      const current = permissionsOf(room, target);
      if (method === 'set') target.permissions = perms | 1;
      else if (method === 'add') target.permissions = current | perms | 1;
      else if (method === 'remove') target.permissions = (current & ~perms) | 1;
      else throw new OcsError(400, '', { error: 'method' });
      ctx.app.store.changed();
      return { data: room.attendees.map((x) => participantRow(ctx, room, x, false)) };
    }),
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}/attendees/permissions/all`,
    handler: moderated((ctx, room, a) => {
      const method = str(ctx.params, 'method') ?? 'set';
      const perms = intParam(ctx.params, 'permissions') ?? 0;
      for (const x of room.attendees) {
        if (isModerator(x)) continue;
        const current = permissionsOf(room, x);
        x.permissions = method === 'add' ? current | perms | 1 : method === 'remove' ? (current & ~perms) | 1 : perms | 1;
      }
      ctx.app.store.changed();
      return roomResult(ctx, room, a);
    }),
  },
  {
    method: 'PUT',
    path: `${V4}/room/{token}/mention-permissions`,
    handler: moderated((ctx, room, a) => {
      const v = intParam(ctx.params, 'mentionPermissions');
      if (v !== 0 && v !== 1) throw bad('value');
      room.mentionPermissions = v;
      ctx.app.store.changed();
      return roomResult(ctx, room, a);
    }),
  },
  {
    method: 'GET',
    path: `${V4}/room/{token}/participants`,
    handler: member((ctx, room, a) => {
      requireNoLobby(ctx.app, room, a);
      const includeStatus = boolParam(ctx.params, 'includeStatus', false);
      const rows = room.attendees.map((x) => participantRow(ctx, room, x, includeStatus));
      const headers: Record<string, string> = includeStatus ? { 'x-nextcloud-has-user-statuses': '1' } : {};
      return { data: rows, headers };
    }),
  },
  {
    method: 'POST',
    path: `${V4}/room/{token}/participants`,
    handler: moderated((ctx, room, _a, uid) => {
      const id = str(ctx.params, 'newParticipant') ?? '';
      const source = str(ctx.params, 'source') ?? 'users';
      if (room.type === ROOM_ONE_TO_ONE || room.type === ROOM_NOTE_TO_SELF) throw bad('room-type');
      if (id === '') throw new OcsError(404, '', { error: 'new-participant' });
      addParticipant(ctx, room, userActor(uid), source, id);
      return { data: [] };
    }),
  },
  {
    method: 'DELETE',
    path: `${V4}/room/{token}/attendees`,
    handler: moderated((ctx, room, a, uid) => {
      const target = attendeeById(room, ctx.params);
      if (target.participantType === OWNER && a.participantType !== OWNER) throw new OcsError(403, '', { error: 'owner' });
      if (target.id === a.id) throw new OcsError(400, '', { error: 'last-moderator' });
      removeAttendee(ctx, room, target, userActor(uid));
      return { data: null };
    }),
  },
  {
    method: 'DELETE',
    path: `${V4}/room/{token}/participants/self`,
    handler: member((ctx, room, a, uid) => {
      const moderators = room.attendees.filter((x) => x.actorType === 'users' && isModerator(x));
      const others = room.attendees.filter((x) => x.actorType === 'users' && x.id !== a.id);
      if (room.type !== ROOM_ONE_TO_ONE && isModerator(a) && moderators.length === 1 && others.length > 0) {
        throw new OcsError(400, '', { error: 'last-moderator' });
      }
      removeAttendee(ctx, room, a, userActor(uid));
      return { data: null };
    }),
  },
  {
    method: 'POST',
    path: `${V4}/room/{token}/moderators`,
    handler: moderated((ctx, room, _a, uid) => {
      const target = attendeeById(room, ctx.params);
      if (target.actorType !== 'users') throw new OcsError(400);
      if (target.participantType === OWNER) throw new OcsError(403);
      if (target.participantType !== MODERATOR) {
        target.participantType = MODERATOR;
        postSystem(ctx.app, room, userActor(uid), 'moderator_promoted', { user: userParam(target.actorId) });
      }
      return { data: null };
    }),
  },
  {
    method: 'DELETE',
    path: `${V4}/room/{token}/moderators`,
    handler: moderated((ctx, room, _a, uid) => {
      const target = attendeeById(room, ctx.params);
      if (target.actorType !== 'users') throw new OcsError(400);
      if (target.participantType === OWNER) throw new OcsError(403);
      if (target.participantType === MODERATOR) {
        target.participantType = USER;
        postSystem(ctx.app, room, userActor(uid), 'moderator_demoted', { user: userParam(target.actorId) });
      }
      return { data: null };
    }),
  },
  ...flagRoutes(),
];

export function endSession(ctx: Ctx, room: TalkRoom, a: TalkAttendee, sessionId: string): void {
  const t = talkData(ctx.app);
  const session = t.sessions.find((s) => s.id === sessionId);
  if (session === undefined) return;
  if (session.inCall !== 0) leaveCall(ctx.app, room, a, session);
  t.sessions = t.sessions.filter((s) => s.id !== sessionId);
  for (const [cookie, map] of Object.entries(t.phpSessions)) {
    if (map[room.token] === sessionId) t.phpSessions[cookie] = Object.fromEntries(Object.entries(map).filter(([k]) => k !== room.token));
  }
  ctx.app.store.changed();
}

function removeAttendee(ctx: Ctx, room: TalkRoom, target: TalkAttendee, actor: Actor): void {
  for (const s of sessionsOf(ctx.app, room, target.id)) endSession(ctx, room, target, s.id);
  room.attendees = room.attendees.filter((x) => x.id !== target.id);
  if (target.actorType === 'users') postSystem(ctx.app, room, actor, 'user_removed', { user: userParam(target.actorId) });
  if (target.actorType === 'groups') {
    postSystem(ctx.app, room, actor, 'group_removed', { group: { type: 'user-group', id: target.actorId, name: target.displayName } });
  }
  if (target.actorType === 'circles') {
    postSystem(ctx.app, room, actor, 'circle_removed', { circle: { type: 'circle', id: target.actorId, name: target.displayName } });
  }
  if (target.actorType === 'groups' || target.actorType === 'circles') {
    // Like Talk: the group's (team's) plain users leave with it, unless another group or team keeps them in.
    const members = target.actorType === 'groups' ? groupMemberIds(ctx.app, target.actorId) : (findCircle(ctx.app, target.actorId)?.members ?? []);
    const kept = new Set(sourcedUsers(ctx.app, room));
    for (const uid of members) {
      const a = userAttendee(room, uid);
      if (a === undefined || a.participantType !== USER || kept.has(uid)) continue;
      removeAttendee(ctx, room, a, actor);
    }
  }
  ctx.app.store.changed();
}

/** favorite, important, archive, notification levels: per-attendee flags answering the room. */
function flagRoutes(): OcsRoute[] {
  const flag = (path: string, method: string, apply: (a: TalkAttendee, ctx: Ctx) => void): OcsRoute => ({
    method,
    path: `${V4}/room/{token}/${path}`,
    handler: member((ctx, room, a) => {
      apply(a, ctx);
      ctx.app.store.changed();
      return roomResult(ctx, room, a);
    }),
  });
  return [
    flag('favorite', 'POST', (a) => (a.isFavorite = true)),
    flag('favorite', 'DELETE', (a) => (a.isFavorite = false)),
    flag('important', 'POST', (a) => (a.isImportant = true)),
    flag('important', 'DELETE', (a) => (a.isImportant = false)),
    flag('archive', 'POST', (a) => (a.isArchived = true)),
    flag('archive', 'DELETE', (a) => (a.isArchived = false)),
    flag('notify', 'POST', (a, ctx) => {
      const level = intParam(ctx.params, 'level');
      if (level === undefined || level < 0 || level > 3) throw bad('level');
      a.notificationLevel = level;
    }),
    flag('notify-calls', 'POST', (a, ctx) => {
      const level = intParam(ctx.params, 'level');
      if (level !== 0 && level !== 1) throw bad('level');
      a.notificationCalls = level;
    }),
  ];
}
