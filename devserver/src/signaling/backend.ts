/**
 * Talk's signaling backend API (`/ocs/v2.php/apps/spreed/api/v3/signaling/backend`): what the standalone
 * signaling server (HPB) asks Nextcloud. Requests carry `Spreed-Signaling-Random` and `Spreed-Signaling-Checksum`
 * (HMAC-SHA256 of random + body with the shared secret); answers are OCS envelopes with status 200 always,
 * errors inside `data` as `{type: 'error', error: {code, message}}`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { App, Ctx } from '../context.js';
import type { OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { findRoom, isModerator, nowS, permissionsOf, PERM_PUBLISH_AUDIO, PERM_PUBLISH_SCREEN, PERM_PUBLISH_VIDEO, talkData } from '../talk/core.js';
import { displayNameOf, userExists } from '../talk/membership.js';
import { endSession } from '../talk/participants.js';
import type { TalkAttendee, TalkRoom } from '../talk/types.js';

export interface SignalingBackendConfig {
  /** Base URL of the signaling server (http(s)://host:port, its websocket is at /spreed). */
  url: string;
  secret: string;
}

const configs = new WeakMap<App, SignalingBackendConfig>();

export function configureSignalingBackend(app: App, config: SignalingBackendConfig | undefined): void {
  if (config === undefined) configs.delete(app);
  else configs.set(app, config);
}

export function signalingBackendConfig(app: App): SignalingBackendConfig | undefined {
  return configs.get(app);
}

/** HMAC-SHA256 over random + body, hex, as both Talk and the signaling server compute it. */
export function signalingChecksum(secret: string, random: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(random).update(body).digest('hex');
}

function validChecksum(secret: string, random: string | undefined, checksum: string | undefined, body: Buffer): boolean {
  if (random === undefined || checksum === undefined || random.length < 32) return false;
  const expected = Buffer.from(signalingChecksum(secret, random, body), 'utf8');
  const given = Buffer.from(checksum.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function error(code: string, message: string): OcsResult {
  return { data: { type: 'error', error: { code, message } } };
}

/** Talk's permission bits as the signaling server's permission names. */
export function signalingPermissions(room: TalkRoom, a: TalkAttendee): string[] {
  const perms = permissionsOf(room, a);
  const out: string[] = [];
  const audio = (perms & PERM_PUBLISH_AUDIO) !== 0;
  const video = (perms & PERM_PUBLISH_VIDEO) !== 0;
  if (audio && video) out.push('publish-media');
  if (audio) out.push('publish-audio');
  if (video) out.push('publish-video');
  if ((perms & PERM_PUBLISH_SCREEN) !== 0) out.push('publish-screen');
  if (isModerator(a)) out.push('control');
  return out;
}

/** The room properties Talk hands to the signaling server (join answer, update and invite messages). */
export function roomProperties(room: TalkRoom): Record<string, unknown> {
  return {
    name: room.name,
    type: room.type,
    'lobby-state': room.lobbyState,
    'lobby-timer': room.lobbyTimer,
    'read-only': room.readOnly,
    listable: room.listable,
    'active-since': room.callStartTime > 0 ? { date: new Date(room.callStartTime * 1000).toISOString(), timezone_type: 3, timezone: 'UTC' } : null,
    'sip-enabled': 0,
    description: room.description,
    'participant-list': 'refresh',
  };
}

/** Hello v1 ticket `random:time:userid:hmac` (HMAC-SHA256 of the first three parts with the secret). */
function validTicket(secret: string, userid: string, ticket: string): boolean {
  const parts = ticket.split(':');
  if (parts.length !== 4) return false;
  const [random = '', time = '', uid = '', mac = ''] = parts;
  if (uid !== userid) return false;
  const expected = createHmac('sha256', secret).update(`${random}:${time}:${uid}`).digest('hex');
  return expected.length === mac.length && timingSafeEqual(Buffer.from(expected), Buffer.from(mac));
}

function authRequest(secret: string, auth: Record<string, unknown>): OcsResult {
  const params = (auth['params'] ?? {}) as Record<string, unknown>;
  const userid = typeof params['userid'] === 'string' ? params['userid'] : '';
  const ticket = typeof params['ticket'] === 'string' ? params['ticket'] : '';
  if (userid === '') return error('invalid_ticket', 'The given ticket is not valid for this user.');
  if (!userExists(userid)) return error('no_such_user', 'The given user does not exist.');
  if (!validTicket(secret, userid, ticket)) return error('invalid_ticket', 'The given ticket is not valid for this user.');
  return { data: { type: 'auth', auth: { version: '1.0', userid, user: { displayname: displayNameOf(userid) } } } };
}

function roomRequest(ctx: Ctx, req: Record<string, unknown>): OcsResult {
  const app = ctx.app;
  const roomid = typeof req['roomid'] === 'string' ? req['roomid'] : '';
  const userid = typeof req['userid'] === 'string' ? req['userid'] : '';
  const sessionid = typeof req['sessionid'] === 'string' ? req['sessionid'] : '';
  const action = typeof req['action'] === 'string' ? req['action'] : 'join';
  const room = findRoom(app, roomid);
  if (room === undefined) return error('no_such_room', 'The user is not invited to this room.');
  const t = talkData(app);
  const session = t.sessions.find((s) => s.id === sessionid && s.token === room.token);
  const attendee = session === undefined ? undefined : room.attendees.find((a) => a.id === session.attendeeId);
  if (session === undefined || attendee === undefined || (userid !== '' && (attendee.actorType !== 'users' || attendee.actorId !== userid))) {
    return error('no_such_room', 'The user is not invited to this room.');
  }
  if (action === 'leave') {
    // The signaling session is gone: Talk ends the room session, and with it the participant's call.
    endSession(ctx, room, attendee, session.id);
    return { data: { type: 'room', room: { version: '1.0', roomid: room.token } } };
  }
  session.lastPing = nowS(app);
  return {
    data: {
      type: 'room',
      room: { version: '1.0', roomid: room.token, properties: roomProperties(room), permissions: signalingPermissions(room, attendee) },
    },
  };
}

function pingRequest(app: App, req: Record<string, unknown>): OcsResult {
  const roomid = typeof req['roomid'] === 'string' ? req['roomid'] : '';
  const room = findRoom(app, roomid);
  if (room === undefined) return error('no_such_room', 'No such room.');
  const entries = Array.isArray(req['entries']) ? (req['entries'] as unknown[]) : [];
  const ids = new Set(entries.map((e) => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>)['sessionid'] : undefined)).filter((x) => typeof x === 'string'));
  const now = nowS(app);
  for (const s of talkData(app).sessions) if (s.token === room.token && ids.has(s.id)) s.lastPing = now;
  return { data: { type: 'room', room: { version: '1.0', roomid: room.token } } };
}

export const signalingBackendRoutes: OcsRoute[] = [
  {
    method: 'POST',
    path: '/apps/spreed/api/{apiVersion}/signaling/backend',
    public: true,
    handler: ({ ctx, p }): OcsResult => {
      if (p['apiVersion'] !== 'v3') return error('invalid_request', 'The request could not be authenticated.');
      const config = configs.get(ctx.app);
      if (config === undefined) return error('invalid_request', 'No external signaling server configured.');
      if (!validChecksum(config.secret, ctx.header('spreed-signaling-random'), ctx.header('spreed-signaling-checksum'), ctx.body)) {
        return error('invalid_request', 'The request could not be authenticated.');
      }
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(ctx.body.toString('utf8')) as Record<string, unknown>;
      } catch (err) {
        return error('invalid_request', err instanceof Error ? err.message : 'The request body is not JSON.');
      }
      const type = message['type'];
      const body = (typeof type === 'string' ? message[type] : undefined) as Record<string, unknown> | undefined;
      if (body === undefined || typeof body !== 'object') return error('unknown_type', 'Unknown type.');
      if (type === 'auth') return authRequest(config.secret, body);
      if (type === 'room') return roomRequest(ctx, body);
      if (type === 'ping') return pingRequest(ctx.app, body);
      return error('unknown_type', `Unknown type "${String(type)}".`);
    },
  },
];
