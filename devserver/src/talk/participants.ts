/** Talk's participant API: adding users, groups and teams, listing, removing, leaving, moderators, ending sessions. */
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { talkStatusFields } from '../core/user-status.js';
import { languageOf } from '../core/language.js';
import { boolParam, intParam, isModerator, MODERATOR, newAttendee, OWNER, permissionsOf, ROOM_NOTE_TO_SELF, ROOM_ONE_TO_ONE, sessionsOf, sourcedUsers, talkData, USER, userAttendee } from './core.js';
import { postSystem, userActor, userParam, type Actor } from './messages.js';
import { requireNoLobby } from './lobby.js';
import { leaveCall } from './call.js';
import { displayNameOf, findCircle, groupExists, groupMemberIds, userExists } from './membership.js';
import type { TalkAttendee, TalkRoom } from './types.js';
import { V4, bad, moderated, member } from './room-access.js';

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
export function participantRow(ctx: Ctx, room: TalkRoom, a: TalkAttendee, includeStatus: boolean): Record<string, unknown> {
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
    Object.assign(row, talkStatusFields(ctx.app, a.actorId, languageOf(ctx, ctx.user ?? '')));
  }
  return row;
}

export function attendeeById(room: TalkRoom, params: Record<string, unknown>): TalkAttendee {
  const id = intParam(params, 'attendeeId');
  const target = room.attendees.find((a) => a.id === id);
  if (target === undefined) throw new OcsError(404, '', { error: 'participant' });
  return target;
}

/** Participants: list, add, remove, leave, moderators. */
export const participantRoutes: OcsRoute[] = [
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
