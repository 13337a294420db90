import { ConnectionQuality, DisconnectReason, PublishTrackError, RoomEvent, Track, VideoPresets, type RoomOptions } from 'livekit-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error';
import type { LiveKitJoin } from '../../../api/livekit/livekit';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { CallTransportError, type CallTransportEvents } from './call-transport';
import { LiveKitTransport } from './livekit-transport';
import {
  HAND_TOPIC,
  type LiveKitLocalParticipantLike,
  type LiveKitParticipantLike,
  type LiveKitPermissions,
  type LiveKitPublicationLike,
  type LiveKitRoomEvents,
  type LiveKitRoomLike,
  type LiveKitTrackLike,
} from './livekit-room';

// The transport is driven by a stand-in Room that emits livekit-client's own RoomEvent values with the argument
// shapes livekit-client passes (RoomEventCallbacks). No LiveKit server runs here (see docs/testing.md).

// livekit's protocol TrackSource numbers, as they arrive in ParticipantPermission.canPublishSources.
const CAMERA = 1;
const MICROPHONE = 2;

class FakeMediaStream {
  private readonly tracks: MediaStreamTrack[];
  constructor(tracks: MediaStreamTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks(): MediaStreamTrack[] {
    return [...this.tracks];
  }
  getVideoTracks(): MediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  getAudioTracks(): MediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
}

function mediaTrack(kind: 'audio' | 'video', id: string): MediaStreamTrack {
  // jsdom has no MediaStreamTrack; the transport only passes these on.
  return { kind, id } as MediaStreamTrack;
}

function lkTrack(kind: 'audio' | 'video', id: string): LiveKitTrackLike & { attached: HTMLMediaElement[] } {
  const attached: HTMLMediaElement[] = [];
  return {
    kind: kind === 'audio' ? Track.Kind.Audio : Track.Kind.Video,
    mediaStreamTrack: mediaTrack(kind, id),
    attached,
    attach: (el) => {
      attached.push(el);
      return el;
    },
    detach: (el) => {
      attached.splice(attached.indexOf(el), 1);
      return el;
    },
  };
}

function publication(source: Track.Source, track?: LiveKitTrackLike, isMuted = false): LiveKitPublicationLike {
  return { source, kind: source === Track.Source.Microphone ? Track.Kind.Audio : Track.Kind.Video, isMuted, track };
}

function permissions(...sources: number[]): LiveKitPermissions {
  return { canPublish: sources.length > 0, canPublishSources: sources };
}

interface FakeParticipant extends LiveKitParticipantLike {
  trackPublications: Map<string, LiveKitPublicationLike>;
  permissions: LiveKitPermissions | undefined;
}

function remote(identity: string, name: string, extra: Partial<FakeParticipant> = {}): FakeParticipant {
  return {
    identity,
    name,
    metadata: JSON.stringify({ role: 'student' }),
    isSpeaking: false,
    connectionQuality: ConnectionQuality.Good,
    permissions: permissions(CAMERA),
    trackPublications: new Map(),
    ...extra,
  };
}

class FakeLocal implements LiveKitLocalParticipantLike {
  readonly identity: string;
  readonly name = '';
  readonly isSpeaking = false;
  readonly connectionQuality = ConnectionQuality.Excellent;
  permissions: LiveKitPermissions | undefined;
  readonly trackPublications = new Map<string, LiveKitPublicationLike>();
  readonly sent: { data: unknown; topic: string | undefined; to: string[] | undefined }[] = [];
  /** Set to make the SFU refuse the next publish (as livekit-client does without permission). */
  refuse: Error | null = null;
  readonly setMicrophoneEnabled = vi.fn((on: boolean) => this.enable(Track.Source.Microphone, on));
  readonly setCameraEnabled = vi.fn((on: boolean) => this.enable(Track.Source.Camera, on));
  readonly setScreenShareEnabled = vi.fn((on: boolean, _options?: unknown) => this.enable(Track.Source.ScreenShare, on));

  constructor(identity: string, perms: LiveKitPermissions) {
    this.identity = identity;
    this.permissions = perms;
  }

  private enable(source: Track.Source, on: boolean): Promise<unknown> {
    if (on && this.refuse !== null) return Promise.reject(this.refuse);
    const existing = this.trackPublications.get(source);
    const track = existing?.track ?? lkTrack(source === Track.Source.Microphone ? 'audio' : 'video', `local-${source}`);
    this.trackPublications.set(source, publication(source, track, !on));
    return Promise.resolve(this.trackPublications.get(source));
  }

  publishData(data: Uint8Array, options: { topic?: string; destinationIdentities?: string[] } = {}): Promise<void> {
    this.sent.push({ data: JSON.parse(new TextDecoder().decode(data)) as unknown, topic: options.topic, to: options.destinationIdentities });
    return Promise.resolve();
  }
}

class FakeRoom implements LiveKitRoomLike {
  readonly remoteParticipants = new Map<string, FakeParticipant>();
  readonly connect = vi.fn((_url: string, _token: string) => Promise.resolve());
  readonly disconnect = vi.fn(() => {
    this.emit(RoomEvent.Disconnected, DisconnectReason.CLIENT_INITIATED);
    return Promise.resolve();
  });
  private readonly listeners = new Map<keyof LiveKitRoomEvents, ((...args: never[]) => void)[]>();

  constructor(
    readonly options: RoomOptions,
    readonly localParticipant: FakeLocal,
  ) {}

  on<E extends keyof LiveKitRoomEvents>(event: E, listener: (...args: LiveKitRoomEvents[E]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener as (...args: never[]) => void]);
    return this;
  }

  emit<E extends keyof LiveKitRoomEvents>(event: E, ...args: LiveKitRoomEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: LiveKitRoomEvents[E]) => void)(...args);
  }
}

function join(role: 'teacher' | 'student', sources: string[] = role === 'teacher' ? ['camera', 'microphone'] : ['camera']): LiveKitJoin {
  return {
    token: `jwt-${role}`,
    url: 'wss://livekit.schule.example',
    room: 'kr-0123456789ab-k7a',
    grant: { roomAdmin: role === 'teacher', canPublish: sources.length > 0, canPublishSources: sources },
  };
}

interface Harness {
  transport: LiveKitTransport;
  room: () => FakeRoom;
  local: FakeLocal;
  log: { event: keyof CallTransportEvents; payload: unknown }[];
  fetchToken: ReturnType<typeof vi.fn<(talkToken: string) => Promise<LiveKitJoin>>>;
  setSpeaking: ReturnType<typeof vi.fn<(attendeeId: number, speak: boolean) => Promise<void>>>;
  syncGrants: ReturnType<typeof vi.fn<() => Promise<void>>>;
}

function harness(opts: { join?: LiveKitJoin | Error; local?: LiveKitPermissions; existing?: FakeParticipant[] } = {}): Harness {
  const local = new FakeLocal('s7a1', opts.local ?? permissions(CAMERA));
  let created: FakeRoom | null = null;
  const fetchToken = vi.fn((_talkToken: string) => (opts.join instanceof Error ? Promise.reject(opts.join) : Promise.resolve(opts.join ?? join('student'))));
  const setSpeaking = vi.fn((_attendeeId: number, _speak: boolean) => Promise.resolve());
  const syncGrants = vi.fn(() => Promise.resolve());
  const transport = new LiveKitTransport({
    token: 'k7a',
    fetchToken,
    setSpeaking,
    syncGrants,
    createRoom: (options) => {
      created = new FakeRoom(options, local);
      for (const p of opts.existing ?? []) created.remoteParticipants.set(p.identity, p);
      return created;
    },
  });
  const log: Harness['log'] = [];
  const events: (keyof CallTransportEvents)[] = ['state', 'participantJoined', 'participantLeft', 'participantChanged', 'trackAdded', 'trackRemoved', 'speaking', 'quality', 'local', 'reconnecting', 'reconnected', 'error'];
  for (const e of events) transport.on(e, (payload) => log.push({ event: e, payload }));
  return {
    transport,
    local,
    log,
    fetchToken,
    setSpeaking,
    syncGrants,
    room: () => {
      if (created === null) throw new Error('no room yet');
      return created;
    },
  };
}

const MEDIA = { audio: true, video: true };

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('LiveKitTransport: joining', () => {
  it('joins the room the gateway names with its token; a student in lesson mode publishes the camera only', async () => {
    const h = harness({ existing: [remote('schmidt', 'Frau Schmidt', { metadata: JSON.stringify({ role: 'teacher' }) })] });
    await h.transport.connect(MEDIA);

    expect(h.fetchToken).toHaveBeenCalledWith('k7a');
    expect(h.room().connect).toHaveBeenCalledWith('wss://livekit.schule.example', 'jwt-student');
    expect(h.transport.state).toBe('connected');
    expect(h.transport.local).toMatchObject({ mayPublishAudio: false, mayPublishVideo: true, audioOn: false, videoOn: true });
    expect(h.local.setMicrophoneEnabled).not.toHaveBeenCalled();
    expect(h.local.setCameraEnabled).toHaveBeenCalledWith(true);
    expect(h.transport.local.stream?.getVideoTracks().map((t) => t.id)).toEqual([`local-${Track.Source.Camera}`]);
    expect(h.transport.participants()).toEqual([expect.objectContaining({ id: 'schmidt', displayName: 'Frau Schmidt', quality: 'good', mayPublishAudio: false })]);
    expect(h.log.filter((l) => l.event === 'state').map((l) => l.payload)).toEqual(['connecting', 'connected']);
  });

  it('sizes video for a classroom: adaptive stream and dynacast; teachers 720p over 180p/360p layers, students 360p over 180p', async () => {
    const student = harness();
    await student.transport.connect({ ...MEDIA, videoDeviceId: 'cam-2' });
    expect(student.room().options).toMatchObject({
      adaptiveStream: true,
      dynacast: true,
      videoCaptureDefaults: { resolution: VideoPresets.h360.resolution, deviceId: 'cam-2' },
      publishDefaults: { simulcast: true, videoEncoding: VideoPresets.h360.encoding, videoSimulcastLayers: [VideoPresets.h180] },
    });

    const teacher = harness({ join: join('teacher'), local: { canPublish: true, canPublishSources: [] } });
    await teacher.transport.connect(MEDIA);
    expect(teacher.room().options).toMatchObject({
      adaptiveStream: true,
      dynacast: true,
      videoCaptureDefaults: { resolution: VideoPresets.h720.resolution },
      publishDefaults: { simulcast: true, videoEncoding: VideoPresets.h720.encoding, videoSimulcastLayers: [VideoPresets.h180, VideoPresets.h360] },
    });
    // canPublish with no source list: everything (a teacher's grant).
    expect(teacher.transport.local).toMatchObject({ mayPublishAudio: true, mayPublishVideo: true, audioOn: true, videoOn: true });
    // A teacher's join brings students who joined earlier into lesson mode on the SFU; a student's does nothing.
    expect(teacher.syncGrants).toHaveBeenCalledTimes(1);
    expect(student.syncGrants).not.toHaveBeenCalled();
  });

  it('data saver: the camera at 180p in one layer, also for a teacher', async () => {
    const teacher = harness({ join: join('teacher'), local: { canPublish: true, canPublishSources: [] } });
    await teacher.transport.connect({ ...MEDIA, dataSaver: true, videoDeviceId: 'cam-2' });
    expect(teacher.room().options).toMatchObject({
      adaptiveStream: true,
      videoCaptureDefaults: { resolution: VideoPresets.h180.resolution, deviceId: 'cam-2' },
      publishDefaults: { simulcast: false, videoEncoding: VideoPresets.h180.encoding, videoSimulcastLayers: [] },
    });
  });

  it("turns the gateway's refusals into the transport's errors: 403 = may not join yet, others = connection failed", async () => {
    const lobby = harness({ join: new ApiError({ kind: 'forbidden', status: 403, serverMessage: 'lobby' }) });
    await expect(lobby.transport.connect(MEDIA)).rejects.toMatchObject({ code: 'cannot-start' });
    expect(lobby.transport.state).toBe('disconnected');

    const other = harness({ join: new ApiError({ kind: 'not-found', status: 404, serverMessage: 'not_a_member' }) });
    await expect(other.transport.connect(MEDIA)).rejects.toMatchObject({ code: 'connection-failed' });
  });

  it('reports a refused camera as media-denied', async () => {
    const h = harness();
    h.local.refuse = new DOMException('Permission denied', 'NotAllowedError');
    await expect(h.transport.connect(MEDIA)).rejects.toMatchObject({ code: 'media-denied' });
  });
});

describe('LiveKitTransport: room events', () => {
  it('maps participants, subscribed tracks, speakers and connection quality to the transport events', async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    const room = h.room();
    const ben = remote('s7a2', 'Ben Schulz');

    room.emit(RoomEvent.ParticipantConnected, ben);
    expect(h.log.at(-1)).toMatchObject({ event: 'participantJoined', payload: { id: 's7a2', displayName: 'Ben Schulz', stream: null } });

    const video = lkTrack('video', 'ben-cam');
    ben.trackPublications.set('TR_v', publication(Track.Source.Camera, video));
    room.emit(RoomEvent.TrackSubscribed, video, publication(Track.Source.Camera, video), ben);
    expect(h.log).toContainEqual({ event: 'trackAdded', payload: { participantId: 's7a2', track: video.mediaStreamTrack } });
    const afterTrack = h.transport.participants()[0];
    expect(afterTrack?.videoPublished).toBe(true);
    expect(afterTrack?.stream?.getTracks()).toEqual([video.mediaStreamTrack]);

    room.emit(RoomEvent.ActiveSpeakersChanged, [ben]);
    expect(h.log).toContainEqual({ event: 'speaking', payload: { participantId: 's7a2', speaking: true } });
    room.emit(RoomEvent.ActiveSpeakersChanged, []);
    expect(h.log.filter((l) => l.event === 'speaking').at(-1)?.payload).toEqual({ participantId: 's7a2', speaking: false });

    room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Poor, ben);
    expect(h.log).toContainEqual({ event: 'quality', payload: { participantId: 's7a2', quality: 'poor' } });
    room.emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Lost, ben);
    expect(h.transport.participants()[0]?.quality).toBe('lost');

    ben.trackPublications.set('TR_v', publication(Track.Source.Camera, video, true));
    room.emit(RoomEvent.TrackMuted, publication(Track.Source.Camera, video, true), ben);
    expect(h.transport.participants()[0]?.videoPublished).toBe(false);

    room.emit(RoomEvent.TrackUnsubscribed, video, publication(Track.Source.Camera, video), ben);
    expect(h.log).toContainEqual({ event: 'trackRemoved', payload: { participantId: 's7a2', track: video.mediaStreamTrack } });
    expect(h.transport.participants()[0]?.stream).toBeNull();

    room.emit(RoomEvent.ParticipantDisconnected, ben);
    expect(h.log.at(-1)).toEqual({ event: 'participantLeft', payload: { id: 's7a2' } });
    expect(h.transport.participants()).toEqual([]);
  });

  it('plays remote media through livekit-client on the tile element (adaptive stream sees the tile)', async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    const ben = remote('s7a2', 'Ben Schulz');
    const video = lkTrack('video', 'ben-cam');
    const audio = lkTrack('audio', 'ben-mic');
    h.room().emit(RoomEvent.TrackSubscribed, video, publication(Track.Source.Camera, video), ben);
    h.room().emit(RoomEvent.TrackSubscribed, audio, publication(Track.Source.Microphone, audio), ben);
    const el = document.createElement('video');
    const detach = h.transport.attachMedia('s7a2', el);
    expect(video.attached).toEqual([el]);
    expect(audio.attached).toEqual([el]);
    detach();
    expect(video.attached).toEqual([]);
    expect(audio.attached).toEqual([]);
  });

  it('reports Reconnecting / SignalReconnecting once as reconnecting, Reconnected as reconnected', async () => {
    const h = harness({ existing: [remote('schmidt', 'Frau Schmidt')] });
    await h.transport.connect(MEDIA);
    h.log.length = 0;
    h.room().emit(RoomEvent.SignalReconnecting);
    h.room().emit(RoomEvent.Reconnecting);
    expect(h.transport.state).toBe('reconnecting');
    expect(h.log.map((l) => l.event)).toEqual(['state', 'reconnecting']);
    // Participants stay while the connection heals.
    expect(h.transport.participants()).toHaveLength(1);

    h.room().emit(RoomEvent.Reconnected);
    expect(h.transport.state).toBe('connected');
    expect(h.log.map((l) => l.event)).toEqual(['state', 'reconnecting', 'state', 'reconnected']);
  });

  it('reports a disconnect by the server as an error and clears the participants; leaving ourselves does not', async () => {
    const h = harness({ existing: [remote('schmidt', 'Frau Schmidt')] });
    await h.transport.connect(MEDIA);
    h.room().emit(RoomEvent.Disconnected, DisconnectReason.PARTICIPANT_REMOVED);
    expect(h.transport.state).toBe('disconnected');
    expect(h.transport.participants()).toEqual([]);
    const err = h.log.find((l) => l.event === 'error')?.payload;
    expect(err).toBeInstanceOf(CallTransportError);
    expect(err).toMatchObject({ code: 'connection-failed' });

    const own = harness();
    await own.transport.connect(MEDIA);
    await own.transport.disconnect();
    expect(own.room().disconnect).toHaveBeenCalled();
    expect(own.log.some((l) => l.event === 'error')).toBe(false);
    expect(own.transport.state).toBe('disconnected');
  });
});

describe('LiveKitTransport: publishing follows the grants', () => {
  it('refuses to unmute without the microphone grant, then unmutes once the teacher grants it', async () => {
    const h = harness();
    await h.transport.connect(MEDIA);

    await expect(h.transport.setAudio(true)).rejects.toMatchObject({ code: 'not-allowed' });
    expect(h.local.setMicrophoneEnabled).not.toHaveBeenCalled();

    h.local.permissions = permissions(CAMERA, MICROPHONE);
    h.room().emit(RoomEvent.ParticipantPermissionsChanged, permissions(CAMERA), h.local);
    expect(h.transport.local.mayPublishAudio).toBe(true);
    await h.transport.setAudio(true);
    expect(h.local.setMicrophoneEnabled).toHaveBeenCalledWith(true);
    expect(h.transport.local.audioOn).toBe(true);

    // The word is taken back: the SFU says so, the microphone goes off.
    h.local.permissions = permissions(CAMERA);
    h.room().emit(RoomEvent.ParticipantPermissionsChanged, permissions(CAMERA, MICROPHONE), h.local);
    expect(h.transport.local.mayPublishAudio).toBe(false);
    expect(h.local.setMicrophoneEnabled).toHaveBeenLastCalledWith(false);
  });

  it("reports the SFU's refusal to publish (livekit-client's PublishTrackError 403) as not-allowed", async () => {
    const h = harness({ local: permissions(CAMERA, MICROPHONE), join: join('student', ['camera', 'microphone']) });
    await h.transport.connect({ audio: false, video: false });
    h.local.refuse = new PublishTrackError('failed to publish track, insufficient permissions', 403);
    const err = await h.transport.setAudio(true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallTransportError);
    expect(err).toMatchObject({ code: 'not-allowed' });
    expect(h.transport.local.audioOn).toBe(false);
  });

  it("shows another participant's grant", async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    const ben = remote('s7a2', 'Ben Schulz');
    h.room().emit(RoomEvent.ParticipantConnected, ben);
    ben.permissions = permissions(CAMERA, MICROPHONE);
    h.room().emit(RoomEvent.ParticipantPermissionsChanged, permissions(CAMERA), ben);
    expect(h.log.at(-1)).toMatchObject({ event: 'participantChanged', payload: { id: 's7a2', mayPublishAudio: true } });
  });
});

describe('LiveKitTransport: hands and moderation', () => {
  it('raises the hand as a reliable data message, tells newcomers, and shows the hands of others', async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    vi.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000);
    await h.transport.raiseHand(true);
    expect(h.transport.local.handRaised).toBe(true);
    expect(h.local.sent).toEqual([{ data: { raised: true, at: 1_800_000_000_000 }, topic: HAND_TOPIC, to: undefined }]);

    const ben = remote('s7a2', 'Ben Schulz');
    h.room().emit(RoomEvent.ParticipantConnected, ben);
    await Promise.resolve();
    expect(h.local.sent.at(-1)).toEqual({ data: { raised: true, at: 1_800_000_000_000 }, topic: HAND_TOPIC, to: ['s7a2'] });

    h.room().emit(RoomEvent.DataReceived, new TextEncoder().encode(JSON.stringify({ raised: true, at: 42 })), ben, undefined, HAND_TOPIC);
    expect(h.transport.participants()[0]?.handRaisedAt).toBe(42);
    // Other topics and malformed messages change nothing.
    h.room().emit(RoomEvent.DataReceived, new TextEncoder().encode('{"raised":false,"at":1}'), ben, undefined, 'chat');
    h.room().emit(RoomEvent.DataReceived, new TextEncoder().encode('not json'), ben, undefined, HAND_TOPIC);
    expect(h.transport.participants()[0]?.handRaisedAt).toBe(42);
    vi.restoreAllMocks();
  });

  it('gives the word through the gateway with the Talk attendee of the participant', async () => {
    const gateway = createFakeGateway({
      'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants': jsonResponse(200, {
        ocs: {
          meta: { status: 'ok', statuscode: 200, message: 'OK' },
          data: [
            { attendeeId: 5, actorType: 'users', actorId: 'schmidt', displayName: 'Frau Schmidt', participantType: 1, inCall: 7 },
            { attendeeId: 12, actorType: 'users', actorId: 's7a2', displayName: 'Ben Schulz', participantType: 3, inCall: 7 },
          ],
        },
      }),
    });
    vi.stubGlobal('fetch', vi.fn(gateway.fetch));
    const h = harness({ join: join('teacher'), local: permissions() });
    await h.transport.connect(MEDIA);
    h.room().emit(RoomEvent.ParticipantConnected, remote('s7a2', 'Ben Schulz'));
    await h.transport.allowSpeaking('s7a2', true);
    expect(h.setSpeaking).toHaveBeenCalledWith(12, true);

    h.setSpeaking.mockRejectedValueOnce(new ApiError({ kind: 'forbidden', status: 403, serverMessage: 'forbidden' }));
    await expect(h.transport.allowSpeaking('s7a2', false)).rejects.toMatchObject({ code: 'not-allowed' });
  });

  it('removes a participant through the gateway (Talk and the LiveKit room) by their Talk attendee', async () => {
    const gateway = createFakeGateway({
      'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a/participants': jsonResponse(200, {
        ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data: [{ attendeeId: 12, actorType: 'users', actorId: 's7a2', displayName: 'Ben Schulz', participantType: 3, inCall: 7 }] },
      }),
      'POST /api/livekit/remove': jsonResponse(200, { removed: true }),
    });
    const fetchMock = vi.fn(gateway.fetch);
    vi.stubGlobal('fetch', fetchMock);
    const h = harness({ join: join('teacher'), local: permissions(CAMERA, MICROPHONE) });
    await h.transport.connect(MEDIA);
    await h.transport.removeParticipant('s7a2');
    const sent = gateway.requestsTo('POST', '/api/livekit/remove');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.get('X-Requested-With')).toBe('klassenraum');
    const body = fetchMock.mock.calls.find(([url]) => url === '/api/livekit/remove')?.[1]?.body;
    expect(typeof body === 'string' ? JSON.parse(body) : body).toEqual({ room: 'k7a', attendeeId: 12 });
  });
});

describe('LiveKitTransport: screen share, video cap, own quality', () => {
  it('shares the screen when the grant allows it, refuses without, and stops a withdrawn share', async () => {
    const student = harness();
    await student.transport.connect(MEDIA);
    expect(student.transport.local.mayPublishScreen).toBe(false);
    await expect(student.transport.setScreenShare(true)).rejects.toMatchObject({ code: 'not-allowed' });
    expect(student.local.setScreenShareEnabled).not.toHaveBeenCalled();

    const teacher = harness({ join: join('teacher'), local: { canPublish: true, canPublishSources: [] } });
    await teacher.transport.connect(MEDIA);
    expect(teacher.transport.local.mayPublishScreen).toBe(true);
    await teacher.transport.setScreenShare(true);
    expect(teacher.local.setScreenShareEnabled).toHaveBeenCalledWith(true, { audio: false });
    expect(teacher.transport.local.screenSharing).toBe(true);
    // The camera picture stays the own tile's stream.
    expect(teacher.transport.local.stream?.getVideoTracks().map((t) => t.id)).toEqual([`local-${Track.Source.Camera}`]);

    teacher.local.permissions = permissions(CAMERA, MICROPHONE);
    teacher.room().emit(RoomEvent.ParticipantPermissionsChanged, undefined, teacher.local);
    expect(teacher.transport.local.mayPublishScreen).toBe(false);
    expect(teacher.local.setScreenShareEnabled).toHaveBeenLastCalledWith(false);
  });

  it('reports a cancelled screen picker as media-denied', async () => {
    const h = harness({ join: join('teacher'), local: { canPublish: true, canPublishSources: [] } });
    await h.transport.connect(MEDIA);
    h.local.refuse = new DOMException('Permission denied by user', 'NotAllowedError');
    await expect(h.transport.setScreenShare(true)).rejects.toMatchObject({ code: 'media-denied' });
    expect(h.transport.local.screenSharing).toBe(false);
  });

  it("keeps a participant's shared screen apart from the camera and plays it on its own element", async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    const schmidt = remote('schmidt', 'Frau Schmidt', { metadata: JSON.stringify({ role: 'teacher' }) });
    const cam = lkTrack('video', 'cam');
    const scr = lkTrack('video', 'screen');
    h.room().emit(RoomEvent.TrackSubscribed, cam, publication(Track.Source.Camera, cam), schmidt);
    h.room().emit(RoomEvent.TrackSubscribed, scr, publication(Track.Source.ScreenShare, scr), schmidt);
    const p = h.transport.participants()[0];
    expect(p?.moderator).toBe(true);
    expect(p?.stream?.getTracks()).toEqual([cam.mediaStreamTrack]);
    expect(p?.screenStream?.getTracks()).toEqual([scr.mediaStreamTrack]);

    const el = document.createElement('video');
    h.transport.attachMedia('schmidt', el, 'screen');
    expect(scr.attached).toEqual([el]);
    expect(cam.attached).toEqual([]);

    h.room().emit(RoomEvent.TrackUnsubscribed, scr, publication(Track.Source.ScreenShare, scr), schmidt);
    expect(h.transport.participants()[0]?.screenStream).toBeNull();
  });

  it('stops receiving the camera of a participant the UI does not show, also for a camera switched on later', async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    const ben = remote('s7a2', 'Ben Schulz');
    const cam = { ...publication(Track.Source.Camera, lkTrack('video', 'cam')), setSubscribed: vi.fn() };
    const mic = { ...publication(Track.Source.Microphone, lkTrack('audio', 'mic')), setSubscribed: vi.fn() };
    ben.trackPublications.set('TR_v', cam);
    ben.trackPublications.set('TR_a', mic);
    h.room().emit(RoomEvent.ParticipantConnected, ben);

    h.transport.setRemoteVideoWanted('s7a2', false);
    expect(cam.setSubscribed).toHaveBeenCalledWith(false);
    expect(mic.setSubscribed).not.toHaveBeenCalled();

    const later = { ...publication(Track.Source.Camera, lkTrack('video', 'cam2')), setSubscribed: vi.fn() };
    ben.trackPublications.set('TR_v2', later);
    h.room().emit(RoomEvent.TrackPublished, later, ben);
    expect(later.setSubscribed).toHaveBeenCalledWith(false);

    h.transport.setRemoteVideoWanted('s7a2', true);
    expect(cam.setSubscribed).toHaveBeenLastCalledWith(true);
    expect(later.setSubscribed).toHaveBeenLastCalledWith(true);
  });

  it("reports the own connection's quality", async () => {
    const h = harness();
    await h.transport.connect(MEDIA);
    h.room().emit(RoomEvent.ConnectionQualityChanged, ConnectionQuality.Poor, h.local);
    expect(h.transport.local.quality).toBe('poor');
    expect(h.log.at(-1)).toMatchObject({ event: 'local', payload: { quality: 'poor' } });
  });
});
