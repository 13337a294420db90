import { createHash } from 'node:crypto';
import { AccessToken, RoomServiceClient, ServerError, TrackSource } from 'livekit-server-sdk';
import { z, ZodError } from 'zod';
import { urlFor, type GatewayConfig } from './config.js';
import { authorizationHeader } from './nextcloud-auth.js';
import { UpstreamError, type NextcloudClient } from './nextcloud-client.js';
import type { SessionAuth } from './session-store.js';
import { isModeratorType, PERMISSION } from '../../src/api/talk/constants.js';

export interface LiveKitSettings {
  /** wss:// URL the browser connects to. */
  url: string;
  apiKey: string;
  apiSecret: string;
  tokenTtlSeconds: number;
}

const ROOM_TOKEN = /^[a-z0-9]{4,32}$/i;

const talkRoom = z.object({
  ocs: z.object({
    data: z.object({
      token: z.string(),
      displayName: z.string(),
      participantType: z.number().int(),
      permissions: z.number().int(),
      lobbyState: z.number().int(),
    }),
  }),
});

const talkParticipants = z.object({
  ocs: z.object({
    data: z.array(
      z.object({
        attendeeId: z.number().int(),
        actorType: z.string(),
        actorId: z.string(),
        participantType: z.number().int(),
        permissions: z.number().int(),
        attendeePermissions: z.number().int().optional(),
      }),
    ),
  }),
});

export type TalkRoomView = z.infer<typeof talkRoom>['ocs']['data'];

export interface LiveKitGrant {
  roomAdmin: boolean;
  canPublish: boolean;
  canPublishSources: TrackSource[];
}

/** What a participant may publish in LiveKit follows from their effective Talk permissions, so lesson
 * mode is enforced by Nextcloud (the source of truth) and mirrored by the SFU. */
export function grantFromTalk(participantType: number, permissions: number): LiveKitGrant {
  const moderator = isModeratorType(participantType);
  const sources: TrackSource[] = [];
  if (moderator || permissions & PERMISSION.publishAudio) sources.push(TrackSource.MICROPHONE);
  if (moderator || permissions & PERMISSION.publishVideo) sources.push(TrackSource.CAMERA);
  if (moderator || permissions & PERMISSION.publishScreen) sources.push(TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO);
  return { roomAdmin: moderator, canPublish: sources.length > 0, canPublishSources: sources };
}

type TalkParticipant = z.infer<typeof talkParticipants>['ocs']['data'][number];

/** `detail` goes into the JSON answer next to `error`, e.g. what became of a half-made change. */
export class LiveKitError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: Record<string, string> = {},
  ) {
    super(code);
  }
}

function isNotConnected(err: unknown): boolean {
  return /not.?found|not_found/i.test(err instanceof Error ? err.message : String(err));
}

/** Why a step failed, as the answer names it. */
function failureCode(err: unknown): string {
  if (err instanceof LiveKitError) return err.code;
  if (err instanceof ZodError) return 'nextcloud_error';
  if (err instanceof ServerError) return 'livekit_error';
  return 'livekit_unreachable';
}

/** LiveKit for class lessons: tokens only for members of the class's Talk conversation, grants by role,
 * and permission changes mirrored to the SFU when a teacher grants or withdraws speaking. */
export class LiveKitBridge {
  private readonly rooms: RoomServiceClient;
  private readonly roomPrefix: string;

  constructor(
    config: GatewayConfig,
    private readonly client: NextcloudClient,
    readonly settings: LiveKitSettings,
  ) {
    this.rooms = new RoomServiceClient(settings.url.replace(/^ws/, 'http'), settings.apiKey, settings.apiSecret);
    // Several schools may share one LiveKit: the room name carries which Nextcloud it belongs to.
    // With several schools on one gateway the school's id comes first: schools sharing one Nextcloud (UCS@school)
    // never meet either (docs/adr/0015-tenants-by-host.md).
    const nextcloud = createHash('sha256').update(urlFor(config.nextcloudUrl, '')).digest('hex').slice(0, 12);
    this.roomPrefix = config.tenantId === undefined ? `kr-${nextcloud}` : `kr-${config.tenantId}-${nextcloud}`;
  }

  /** The LiveKit room of a class, derived from its Talk conversation: never chosen by the client. */
  roomName(talkToken: string): string {
    return `${this.roomPrefix}-${talkToken}`;
  }

  private async ocs(auth: SessionAuth, clientIp: string, path: string, method = 'GET', body?: unknown): Promise<unknown> {
    try {
      return await this.ocsOnce(auth, clientIp, path, method, body);
    } catch (err) {
      if (err instanceof UpstreamError) throw new LiveKitError(502, 'nextcloud_unreachable');
      throw err;
    }
  }

  private async ocsOnce(auth: SessionAuth, clientIp: string, path: string, method: string, body: unknown): Promise<unknown> {
    const res = await this.client.call(`/ocs/v2.php/apps/spreed${path}`, {
      method,
      headers: {
        authorization: authorizationHeader(auth),
        'ocs-apirequest': 'true',
        accept: 'application/json',
        'x-forwarded-for': clientIp,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status === 401) throw new LiveKitError(401, 'unauthenticated');
    if (res.status === 404) throw new LiveKitError(404, 'not_a_member');
    if (res.status === 403) throw new LiveKitError(403, 'forbidden');
    if (res.status >= 400) throw new LiveKitError(502, 'nextcloud_error');
    return JSON.parse(res.body.toString('utf8')) as unknown;
  }

  private async room(auth: SessionAuth, clientIp: string, talkToken: string): Promise<TalkRoomView> {
    if (!ROOM_TOKEN.test(talkToken)) throw new LiveKitError(400, 'bad_room');
    return talkRoom.parse(await this.ocs(auth, clientIp, `/api/v4/room/${talkToken}`)).ocs.data;
  }

  /** A short-lived join token for the user's class lesson. */
  async token(auth: SessionAuth, user: { id: string; displayName: string }, clientIp: string, talkToken: string): Promise<{ token: string; url: string; room: string; grant: LiveKitGrant }> {
    const room = await this.room(auth, clientIp, talkToken);
    const moderator = isModeratorType(room.participantType);
    if (!moderator && room.lobbyState !== 0 && !(room.permissions & PERMISSION.ignoreLobby)) throw new LiveKitError(403, 'lobby');
    if (!moderator && !(room.permissions & PERMISSION.joinCall)) throw new LiveKitError(403, 'no_call_permission');
    const grant = grantFromTalk(room.participantType, room.permissions);
    const name = this.roomName(room.token);
    const at = new AccessToken(this.settings.apiKey, this.settings.apiSecret, {
      identity: user.id,
      name: user.displayName,
      ttl: this.settings.tokenTtlSeconds,
      metadata: JSON.stringify({ role: moderator ? 'teacher' : 'student' }),
    });
    at.addGrant({
      room: name,
      roomJoin: true,
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
      roomAdmin: grant.roomAdmin,
      canPublish: grant.canPublish,
      canPublishSources: grant.canPublishSources,
    });
    return { token: await at.toJwt(), url: this.settings.url, room: name, grant };
  }

  /** A teacher (re)starts the lesson: every connected participant's LiveKit grant is set to what Talk says now
   * (lesson mode changes Talk's default permissions, which LiveKit does not hear of by itself). */
  async syncGrants(auth: SessionAuth, clientIp: string, talkToken: string): Promise<number> {
    const room = await this.room(auth, clientIp, talkToken);
    if (!isModeratorType(room.participantType)) throw new LiveKitError(403, 'forbidden');
    const participants = talkParticipants.parse(await this.ocs(auth, clientIp, `/api/v4/room/${room.token}/participants`)).ocs.data;
    let updated = 0;
    for (const p of participants) {
      if (p.actorType !== 'users') continue;
      const grant = grantFromTalk(p.participantType, p.permissions);
      try {
        await this.rooms.updateParticipant(this.roomName(room.token), p.actorId, undefined, {
          canSubscribe: true,
          canPublishData: true,
          canPublish: grant.canPublish,
          canPublishSources: grant.canPublishSources,
        });
        updated++;
      } catch (err) {
        // Not in the lesson right now: their next token carries Talk's permissions anyway.
        if (!isNotConnected(err)) throw err;
      }
    }
    return updated;
  }

  /** A teacher removes a participant: out of the class's Talk conversation (so no new token), then out of the
   * LiveKit room (their current connection ends). Talk refuses non-moderators; so do we, before anything. */
  async removeParticipant(auth: SessionAuth, clientIp: string, talkToken: string, attendeeId: number): Promise<void> {
    const room = await this.room(auth, clientIp, talkToken);
    if (!isModeratorType(room.participantType)) throw new LiveKitError(403, 'forbidden');
    const participants = talkParticipants.parse(await this.ocs(auth, clientIp, `/api/v4/room/${room.token}/participants`)).ocs.data;
    const target = participants.find((p) => p.attendeeId === attendeeId);
    if (target === undefined) throw new LiveKitError(404, 'no_such_attendee');
    await this.ocs(auth, clientIp, `/api/v4/room/${room.token}/attendees?attendeeId=${attendeeId}`, 'DELETE');
    if (target.actorType !== 'users') return;
    try {
      await this.rooms.removeParticipant(this.roomName(room.token), target.actorId);
    } catch (err) {
      // Not connected to the lesson right now: the Talk removal already keeps them out.
      if (!isNotConnected(err)) throw err;
    }
  }

  private async userAttendee(auth: SessionAuth, clientIp: string, talkToken: string, attendeeId: number): Promise<TalkParticipant> {
    const participants = talkParticipants.parse(await this.ocs(auth, clientIp, `/api/v4/room/${talkToken}/participants`)).ocs.data;
    const target = participants.find((p) => p.attendeeId === attendeeId);
    if (target?.actorType !== 'users') throw new LiveKitError(404, 'no_such_attendee');
    return target;
  }

  private async mirrorGrant(talkToken: string, identity: string, grant: LiveKitGrant): Promise<void> {
    try {
      await this.rooms.updateParticipant(this.roomName(talkToken), identity, undefined, {
        canSubscribe: true,
        canPublishData: true,
        canPublish: grant.canPublish,
        canPublishSources: grant.canPublishSources,
      });
    } catch (err) {
      // The student may simply not be connected yet; their next token carries the new grant.
      if (!isNotConnected(err)) throw err;
    }
  }

  /** Puts the attendee's own Talk permissions back as they were (`set`: exact, including "default"). */
  private async restorePermissions(auth: SessionAuth, clientIp: string, talkToken: string, before: TalkParticipant, speak: boolean): Promise<boolean> {
    const body =
      before.attendeePermissions === undefined
        ? { attendeeId: before.attendeeId, method: speak ? 'remove' : 'add', permissions: PERMISSION.publishAudio }
        : { attendeeId: before.attendeeId, method: 'set', permissions: before.attendeePermissions };
    try {
      await this.ocs(auth, clientIp, `/api/v4/room/${talkToken}/attendees/permissions`, 'PUT', body);
      return true;
    } catch {
      return false;
    }
  }

  /** A teacher grants or withdraws speaking (audio) for one attendee: Talk's permissions change first
   * (Talk refuses non-moderators), then the SFU mirrors what Talk now says. Both change or neither: when
   * reading Talk back or updating LiveKit fails, Talk's change is undone, and the error says whether
   * that worked (`talkPermissions`: "unchanged", or "changed" when even the undo failed). */
  async setSpeaking(auth: SessionAuth, clientIp: string, talkToken: string, attendeeId: number, speak: boolean): Promise<LiveKitGrant> {
    const room = await this.room(auth, clientIp, talkToken);
    if (!isModeratorType(room.participantType)) throw new LiveKitError(403, 'forbidden');
    const before = await this.userAttendee(auth, clientIp, room.token, attendeeId);
    await this.ocs(auth, clientIp, `/api/v4/room/${room.token}/attendees/permissions`, 'PUT', {
      attendeeId,
      method: speak ? 'add' : 'remove',
      permissions: PERMISSION.publishAudio,
    });
    try {
      const after = await this.userAttendee(auth, clientIp, room.token, attendeeId);
      // A co-teacher (moderator) keeps publishing whatever their attendee permissions say, as in Talk.
      const grant = grantFromTalk(after.participantType, after.permissions);
      await this.mirrorGrant(room.token, after.actorId, grant);
      return grant;
    } catch (err) {
      const restored = await this.restorePermissions(auth, clientIp, room.token, before, speak);
      throw new LiveKitError(502, failureCode(err), { talkPermissions: restored ? 'unchanged' : 'changed' });
    }
  }
}
