/** Talk's room API (/ocs/v2.php/apps/spreed/api/v4/room...): conversations, participants, moderation, sessions. */
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { statusRow, talkStatusFields } from '../core/user-status.js';
import { languageOf } from '../core/language.js';
import { boolParam, currentSession, intParam, isModerator, lastMessageId, newAttendee, newRoomToken, nowS, OWNER, permissionsOf, requireModerator, ROOM_GROUP, ROOM_NOTE_TO_SELF, ROOM_ONE_TO_ONE, ROOM_PUBLIC, roomForUser, syncSourcedMembers, talkData, userAttendee } from './core.js';
import { postSystem, userActor } from './messages.js';
import { renderRoom, TALK_HASH } from './room-view.js';
import { displayNameOf, findCircle, groupExists, userExists } from './membership.js';
import type { TalkAttendee, TalkRoom } from './types.js';
import { V4, bad, roomResult, moderated, member } from './room-access.js';
import { addParticipant, participantRow, attendeeById, participantRoutes } from './participants.js';

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

function findOneToOne(ctx: Ctx, a: string, b: string): TalkRoom | undefined {
  return talkData(ctx.app).rooms.find(
    (r) => r.type === ROOM_ONE_TO_ONE && r.attendees.some((x) => x.actorId === a) && r.attendees.some((x) => x.actorId === b),
  );
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
          if (partner !== undefined && statusRow(ctx.app, partner.actorId) !== null) Object.assign(row, talkStatusFields(ctx.app, partner.actorId, languageOf(ctx, auth.uid)));
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
        // Talk answers a new one-to-one with the partner's status when she has one (recorded in talk-live.json).
        const created = roomResult(ctx, room, me, 201);
        if (statusRow(ctx.app, invite) !== null) Object.assign(created.data as Record<string, unknown>, talkStatusFields(ctx.app, invite, languageOf(ctx, auth.uid)));
        return created;
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
      // `call` is a no-op since Talk 20 (conversation.md): nothing changes, the room is answered as it is.
      if (mode === 'call') return roomResult(ctx, room, attendee);
      room.defaultPermissions = value;
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
    // Deprecated, no-op since Talk 20 (participant.md): Talk 22 changes nothing and answers 400.
    handler: moderated(() => {
      throw new OcsError(400, '', null);
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
  ...participantRoutes,
  ...flagRoutes(),
];

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
