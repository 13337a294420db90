/** Talk's call API (/api/v4/call/{token}) and signaling settings (/api/v3/signaling/settings). */
import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthInfo } from '../auth/auth.js';
import type { App } from '../context.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs, OcsRoute } from '../router.js';
import { boolParam, currentSession, FLAG_IN_CALL, FLAG_WITH_AUDIO, FLAG_WITH_PHONE, FLAG_WITH_VIDEO, intParam, isModerator, nowS, PERM_CALL_JOIN, PERM_CALL_START, PERM_PUBLISH_AUDIO, PERM_PUBLISH_VIDEO, permissionsOf, roomForUser, sessionsOf, talkData } from './core.js';
import { callTypeOf, postSystem, userActor, type Actor } from './messages.js';
import { requireNoLobby } from './lobby.js';
import { displayNameOf } from './membership.js';
import { addNotification } from '../core/notifications.js';
import { revertCallStatus, setCallStatus } from '../core/user-status.js';
import type { TalkAttendee, TalkRoom, TalkSession } from './types.js';

const V4 = '/apps/spreed/api/v4';

export interface SignalingServerOption {
  url: string;
  secret: string;
}

interface TalkConfig {
  signalingServer: SignalingServerOption | null;
  /** The key pair Talk generates for hello v2 tokens (ES256). */
  keys: { privateKey: KeyObject; publicKeyPem: string };
  internalSecret: string;
}

const configs = new WeakMap<App, TalkConfig>();

export function configureTalk(app: App, opts: { signalingServer?: SignalingServerOption | undefined }): void {
  configs.set(app, { ...talkConfig(app), signalingServer: opts.signalingServer ?? null });
}

function talkConfig(app: App): TalkConfig {
  let c = configs.get(app);
  if (c === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    c = {
      signalingServer: null,
      keys: { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      internalSecret: randomBytes(32).toString('hex'),
    };
    configs.set(app, c);
  }
  return c;
}

/** The public key the signaling server verifies hello v2 tokens with (Talk's `hello-v2-token-key` capability). */
export function helloV2PublicKey(app: App): string {
  return talkConfig(app).keys.publicKeyPem;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Hello v1 ticket: `random:time:userid:hmac` with the signaling secret. */
function ticketV1(app: App, uid: string, secret: string): string {
  const random = randomBytes(12).toString('base64url').slice(0, 16);
  const data = `${random}:${String(nowS(app))}:${uid}`;
  return `${data}:${createHmac('sha256', secret).update(data).digest('hex')}`;
}

/** Hello v2 token: an ES256 JWT (iss = the Nextcloud URL, 60 s, sub = user id, userdata.displayname). */
function tokenV2(app: App, uid: string): string {
  const iat = nowS(app);
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256' }));
  const payload = base64url(JSON.stringify({ iss: `${app.publicUrl}/`, iat, exp: iat + 60, sub: uid, userdata: { displayname: displayNameOf(uid) } }));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: talkConfig(app).keys.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${base64url(signature)}`;
}

/** "A call started" notifications for everyone in the room who wants call notifications, as Talk sends them. */
function notifyCall(app: App, room: TalkRoom, starter: string): void {
  const starterParam = { type: 'user', id: starter, name: displayNameOf(starter) };
  const call = { type: 'call', id: room.token, name: room.name, 'call-type': callTypeOf(room) };
  const oneToOne = room.type === 1;
  const subjectRich = oneToOne ? '{user} wants to talk with you' : 'A group call has started in {call}';
  for (const x of room.attendees) {
    if (x.actorType !== 'users' || x.actorId === starter || x.notificationCalls === 0) continue;
    addNotification(app, {
      user: x.actorId,
      app: 'spreed',
      objectType: 'call',
      objectId: room.token,
      subject: oneToOne ? `${starterParam.name} wants to talk with you` : `A group call has started in ${room.name}`,
      message: '',
      subjectRich,
      subjectRichParameters: oneToOne ? { user: starterParam } : { call },
      messageRich: '',
      messageRichParameters: {},
      link: `${app.publicUrl}/index.php/call/${room.token}`,
      icon: `${app.publicUrl}/apps/spreed/img/app-dark.svg`,
    });
  }
}

export function leaveCall(app: App, room: TalkRoom, a: TalkAttendee, session: TalkSession): void {
  if (session.inCall === 0) return;
  session.inCall = 0;
  if (a.actorType === 'users') revertCallStatus(app, a.actorId);
  const actor = userActor(a.actorId);
  const stillIn = sessionsOf(app, room).filter((s) => s.inCall !== 0);
  if (stillIn.length === 0 && room.callStartTime > 0) {
    const duration = nowS(app) - room.callStartTime;
    room.callStartTime = 0;
    room.callStartedBy = 0;
    postSystem(app, room, actor, 'call_ended', {}, { duration: formatDuration(duration) });
  } else {
    postSystem(app, room, actor, 'call_left');
  }
  app.store.changed();
}

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${String(h)}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

function endForEveryone(app: App, room: TalkRoom, actor: Actor): void {
  for (const s of sessionsOf(app, room)) {
    if (s.inCall === 0) continue;
    s.inCall = 0;
    const attendee = room.attendees.find((x) => x.id === s.attendeeId);
    if (attendee?.actorType === 'users') revertCallStatus(app, attendee.actorId);
  }
  const duration = room.callStartTime > 0 ? nowS(app) - room.callStartTime : 0;
  room.callStartTime = 0;
  room.callStartedBy = 0;
  postSystem(app, room, actor, 'call_ended_everyone', {}, { duration: formatDuration(duration) });
  app.store.changed();
}

function allowedFlags(room: TalkRoom, a: TalkAttendee, flags: number): number {
  const perms = permissionsOf(room, a);
  let out = FLAG_IN_CALL;
  if ((flags & FLAG_WITH_AUDIO) !== 0 && (perms & PERM_PUBLISH_AUDIO) !== 0) out |= FLAG_WITH_AUDIO;
  if ((flags & FLAG_WITH_VIDEO) !== 0 && (perms & PERM_PUBLISH_VIDEO) !== 0) out |= FLAG_WITH_VIDEO;
  if ((flags & FLAG_WITH_PHONE) !== 0) out |= FLAG_WITH_PHONE;
  return out;
}

type Handler = (a: OcsArgs<AuthInfo>) => OcsResult;

/** `lobby`: 'checked' answers 412 while the lobby holds the user back (Talk's RequireModeratorOrNoLobby). */
function inRoomWithSession(
  handler: (args: OcsArgs<AuthInfo>, room: TalkRoom, a: TalkAttendee, session: TalkSession | null) => OcsResult,
  lobby: 'checked' | 'ignored' = 'checked',
): Handler {
  return (args) => {
    const { room, attendee } = roomForUser(args.ctx.app, args.p['token'] ?? '', args.auth.uid);
    if (lobby === 'checked') requireNoLobby(args.ctx.app, room, attendee);
    return handler(args, room, attendee, currentSession(args.ctx, room, attendee));
  };
}

export const callRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: `${V4}/call/{token}`,
    handler: inRoomWithSession(({ ctx }, room) => {
      const peers = sessionsOf(ctx.app, room)
        .filter((s) => s.inCall !== 0)
        .map((s) => {
          const a = room.attendees.find((x) => x.id === s.attendeeId);
          return { actorType: a?.actorType ?? 'users', actorId: a?.actorId ?? '', displayName: a?.displayName ?? '', token: room.token, lastPing: s.lastPing, sessionId: s.id };
        });
      return { data: peers };
    }),
  },
  {
    method: 'POST',
    path: `${V4}/call/{token}`,
    handler: inRoomWithSession(({ ctx }, room, a, session) => {
      if (session === null) throw new OcsError(404, '', null);
      const perms = permissionsOf(room, a);
      if (room.callStartTime === 0 && (perms & PERM_CALL_START) === 0) throw new OcsError(403);
      if ((perms & PERM_CALL_JOIN) === 0) throw new OcsError(403);
      const flags = allowedFlags(room, a, intParam(ctx.params, 'flags') ?? FLAG_IN_CALL | FLAG_WITH_AUDIO | FLAG_WITH_VIDEO);
      const wasIn = session.inCall !== 0;
      session.inCall = flags;
      if (!wasIn && a.actorType === 'users') setCallStatus(ctx.app, a.actorId);
      session.lastPing = nowS(ctx.app);
      if (room.callStartTime === 0) {
        room.callStartTime = nowS(ctx.app);
        room.callStartedBy = a.id;
        postSystem(ctx.app, room, userActor(a.actorId), 'call_started');
        if (!boolParam(ctx.params, 'silent', false)) notifyCall(ctx.app, room, a.actorId);
      } else if (!wasIn) {
        postSystem(ctx.app, room, userActor(a.actorId), 'call_joined');
      }
      ctx.app.store.changed();
      return { data: null };
    }),
  },
  {
    method: 'PUT',
    path: `${V4}/call/{token}`,
    handler: inRoomWithSession(({ ctx }, room, a, session) => {
      if (session === null || session.inCall === 0) throw new OcsError(404, '', null);
      const flags = intParam(ctx.params, 'flags');
      if (flags === undefined || (flags & FLAG_IN_CALL) === 0) throw new OcsError(400, '', null);
      session.inCall = allowedFlags(room, a, flags);
      ctx.app.store.changed();
      return { data: null };
    }),
  },
  {
    method: 'DELETE',
    path: `${V4}/call/{token}`,
    handler: inRoomWithSession(({ ctx }, room, a, session) => {
      if (session === null) throw new OcsError(404, '', null);
      if (boolParam(ctx.params, 'all', false) && isModerator(a) && room.callStartTime > 0) {
        endForEveryone(ctx.app, room, userActor(a.actorId));
        return { data: null };
      }
      leaveCall(ctx.app, room, a, session);
      return { data: null };
      // Leaving is always possible (Talk's leaveCall only requires a participant), also once the lobby closed.
    }, 'ignored'),
  },
  {
    method: 'GET',
    path: '/apps/spreed/api/v3/signaling/settings',
    handler: ({ ctx, auth }): OcsResult => {
      const token = ctx.query.get('token') ?? '';
      if (token !== '') roomForUser(ctx.app, token, auth.uid);
      const config = talkConfig(ctx.app);
      const external = config.signalingServer;
      const ticket = ticketV1(ctx.app, auth.uid, external?.secret ?? config.internalSecret);
      return {
        data: {
          signalingMode: external === null ? 'internal' : 'external',
          userId: auth.uid,
          hideWarning: external !== null,
          server: external?.url ?? '',
          ticket,
          helloAuthParams: { '1.0': { userid: auth.uid, ticket }, '2.0': { token: tokenV2(ctx.app, auth.uid) } },
          federation: null,
          stunservers: [{ urls: ['stun:stun.nextcloud.com:443'] }],
          turnservers: [],
          sipDialinInfo: '',
        },
      };
    },
  },
];

export function activeCallers(app: App, room: TalkRoom): number {
  return talkData(app).sessions.filter((s) => s.token === room.token && s.inCall !== 0).length;
}

/** Puts this server's hello v2 public key into the capabilities (spreed.config.signaling), so an HPB can verify the tokens. */
export function withTalkCapabilities(app: App, caps: Record<string, unknown>): Record<string, unknown> {
  const spreed = (caps['capabilities'] as Record<string, unknown> | undefined)?.['spreed'] as Record<string, unknown> | undefined;
  const signaling = (spreed?.['config'] as Record<string, unknown> | undefined)?.['signaling'] as Record<string, unknown> | undefined;
  if (signaling !== undefined) signaling['hello-v2-token-key'] = helloV2PublicKey(app);
  return caps;
}
