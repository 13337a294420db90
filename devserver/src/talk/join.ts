/**
 * Joining and leaving a conversation (`POST/DELETE /room/{token}/participants/active`) and room passwords,
 * as docs/talk/participant.md and conversation.md describe Talk 22:
 * - a join creates a room session bound to the client's PHP session (cookie); joining again from the same
 *   PHP session replaces that session, unless `force=false`: then 409 with the existing session
 *   (`sessionId`, `inCall`, `lastPing`) so the client can ask before taking it over;
 * - public conversations (type 3) can be joined by guests (no account) and by users who are not
 *   attendees (they join as "self joined", type 5); when the room has a password both must give it,
 *   otherwise 403 `{"error": "password"}` (a brute-force attempt); invited attendees need no password;
 * - a guest that leaves is removed from the conversation.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthInfo } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { registerBruteforceAttempt } from '../auth/throttle.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs, OcsRoute } from '../router.js';
import { boolParam, currentSession, findRoom, newAttendee, newSessionId, nowS, phpSession, requireModerator, ROOM_PUBLIC, roomForUser, syncSourcedMembers, talkData, userAttendee } from './core.js';
import { renderRoom } from './room-view.js';
import { displayNameOf } from './membership.js';
import { endSession } from './participants.js';
import type { TalkAttendee, TalkRoom, TalkSession } from './types.js';

const V4 = '/apps/spreed/api/v4';
const GUEST = 4;
const USER_SELF_JOINED = 5;

function hashPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `${salt}$${createHash('sha256').update(`${salt}:${password}`).digest('hex')}`;
}

export function roomPasswordMatches(room: TalkRoom, password: string): boolean {
  if (room.passwordHash === undefined) return true;
  const [salt = ''] = room.passwordHash.split('$');
  return hashPassword(password, salt) === room.passwordHash;
}

/** The session this PHP session (cookie) holds in the room, with its attendee. */
function sessionOfCookie(ctx: Ctx, phpId: string, room: TalkRoom): { session: TalkSession; attendee: TalkAttendee } | null {
  const sid = talkData(ctx.app).phpSessions[phpId]?.[room.token];
  const session = sid === undefined ? undefined : talkData(ctx.app).sessions.find((s) => s.id === sid && s.token === room.token);
  const attendee = session === undefined ? undefined : room.attendees.find((a) => a.id === session.attendeeId);
  return session === undefined || attendee === undefined ? null : { session, attendee };
}

function requirePassword(ctx: Ctx, room: TalkRoom): void {
  if (roomPasswordMatches(room, str(ctx.params, 'password') ?? '')) return;
  registerBruteforceAttempt(ctx.app, ctx.clientIp, 'talkRoomPassword');
  throw new OcsError(403, '', { error: 'password' });
}

function join({ ctx, p, auth }: OcsArgs<AuthInfo | null>): OcsResult {
  const app = ctx.app;
  const room = findRoom(app, p['token'] ?? '');
  if (room === undefined) throw new OcsError(404, '', null);
  syncSourcedMembers(app, room);
  const php = phpSession(ctx);
  const previous = sessionOfCookie(ctx, php.id, room);

  let attendee: TalkAttendee | undefined;
  if (auth !== null) {
    attendee = userAttendee(room, auth.uid);
    if (attendee === undefined || attendee.participantType === USER_SELF_JOINED) {
      if (room.type !== ROOM_PUBLIC) throw new OcsError(404, '', null);
      requirePassword(ctx, room);
      attendee ??= newAttendee(app, room, 'users', auth.uid, displayNameOf(auth.uid), USER_SELF_JOINED);
    }
  } else {
    if (room.type !== ROOM_PUBLIC) throw new OcsError(404, '', null);
    if (previous?.attendee.actorType === 'guests') attendee = previous.attendee;
    else {
      requirePassword(ctx, room);
      attendee = newAttendee(app, room, 'guests', createHash('sha1').update(randomBytes(32)).digest('hex'), '', GUEST);
    }
  }

  if (previous !== null && previous.attendee.id === attendee.id) {
    if (!boolParam(ctx.params, 'force', true)) {
      return { data: { sessionId: previous.session.id, inCall: previous.session.inCall, lastPing: previous.session.lastPing }, status: 409, headers: php.headers };
    }
    endSession(ctx, room, attendee, previous.session.id);
  }

  const t = talkData(app);
  const map = t.phpSessions[php.id] ?? {};
  t.phpSessions[php.id] = map;
  const session: TalkSession = { id: newSessionId(), token: room.token, attendeeId: attendee.id, inCall: 0, lastPing: nowS(app) };
  t.sessions.push(session);
  map[room.token] = session.id;
  app.store.changed();
  // The cookie of this request may be new: render with the session we just created.
  const data = renderRoom(ctx, room, attendee);
  data['sessionId'] = session.id;
  data['lastPing'] = session.lastPing;
  return { data, headers: php.headers };
}

function leave({ ctx, p, auth }: OcsArgs<AuthInfo | null>): OcsResult {
  const room = findRoom(ctx.app, p['token'] ?? '');
  if (room === undefined) throw new OcsError(404, '', null);
  if (auth !== null) {
    const a = userAttendee(room, auth.uid);
    const session = a === undefined ? null : currentSession(ctx, room, a);
    if (a !== undefined && session !== null) endSession(ctx, room, a, session.id);
    return { data: null };
  }
  const mine = sessionOfCookie(ctx, phpSession(ctx).id, room);
  if (mine === null || mine.attendee.actorType !== 'guests') throw new OcsError(404, '', null);
  endSession(ctx, room, mine.attendee, mine.session.id);
  room.attendees = room.attendees.filter((a) => a.id !== mine.attendee.id);
  ctx.app.store.changed();
  return { data: null };
}

function setPassword({ ctx, p, auth }: OcsArgs<AuthInfo>): OcsResult {
  const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', auth.uid);
  requireModerator(attendee);
  if (room.parentToken !== null) throw new OcsError(400, '', { error: 'breakout-room' });
  if (room.type !== ROOM_PUBLIC) throw new OcsError(400, '', { error: 'type' });
  const password = str(ctx.params, 'password') ?? '';
  if (password === '') delete room.passwordHash;
  else room.passwordHash = hashPassword(password);
  ctx.app.store.changed();
  return { data: renderRoom(ctx, room, attendee) };
}

export const joinRoutes: OcsRoute[] = [
  { method: 'POST', path: `${V4}/room/{token}/participants/active`, public: true, handler: join },
  { method: 'DELETE', path: `${V4}/room/{token}/participants/active`, public: true, handler: leave },
  { method: 'PUT', path: `${V4}/room/{token}/password`, handler: setPassword },
];
