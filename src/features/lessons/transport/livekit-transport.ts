/**
 * CallTransport over LiveKit (issue 8): the gateway mints a short-lived join token after checking the class's
 * Talk membership (room, identity and grants are the gateway's, never ours), livekit-client carries the media.
 * Lesson mode stays in Talk: the gateway derives the grants from Talk's permissions and mirrors a teacher's
 * "may speak" to the SFU, which tells us through ParticipantPermissionsChanged.
 *
 * The Room is created by a factory so unit tests drive this class with a stand-in that emits livekit-client's
 * own RoomEvent values with objects of the shapes below (the parts of livekit-client's classes we read).
 */
import {
  ConnectionQuality as LkQuality,
  DisconnectReason,
  PublishTrackError,
  Room,
  RoomEvent,
  Track,
  VideoPresets,
  type AudioCaptureOptions,
  type DataPublishOptions,
  type RoomEventCallbacks,
  type RoomConnectOptions,
  type RoomOptions,
  type ScreenShareCaptureOptions,
  type VideoCaptureOptions,
} from 'livekit-client';
import { isApiError } from '../../../api/api-error';
import { getLiveKitToken, removeLiveKitParticipant, setLiveKitSpeaking, syncLiveKitGrants, type LiveKitJoin } from '../../../api/livekit/livekit';
import { ocsRequest } from '../../../api/ocs';
import { listParticipants } from '../../../api/talk/rooms';
import { z } from 'zod';
import {
  CallTransportError,
  Emitter,
  type CallTransport,
  type CallTransportEvents,
  type ConnectionQuality,
  type LocalMedia,
  type LocalState,
  type RemoteParticipant,
  type TransportState,
} from './call-transport';

/** What we read of a LiveKit track (RemoteTrack / LocalTrack). */
export interface LiveKitTrackLike {
  readonly kind: Track.Kind;
  readonly mediaStreamTrack: MediaStreamTrack;
  attach(element: HTMLMediaElement): HTMLMediaElement;
  detach(element: HTMLMediaElement): HTMLMediaElement;
}

/** What we read of a TrackPublication. */
export interface LiveKitPublicationLike {
  readonly source: Track.Source;
  readonly kind: Track.Kind;
  readonly isMuted: boolean;
  readonly track?: LiveKitTrackLike | undefined;
  /** RemoteTrackPublication: subscribe or not (works with adaptive stream, unlike setEnabled). */
  setSubscribed?(subscribed: boolean): void;
}

/** What we read of a participant's ParticipantPermission (sources are livekit's protocol TrackSource numbers). */
export interface LiveKitPermissions {
  readonly canPublish: boolean;
  readonly canPublishSources: readonly number[];
}

/** What we read of a Participant. */
export interface LiveKitParticipantLike {
  readonly identity: string;
  readonly name?: string | undefined;
  /** Set by the gateway's token: `{"role":"teacher"|"student"}`. */
  readonly metadata?: string | undefined;
  readonly isSpeaking: boolean;
  readonly connectionQuality: LkQuality;
  readonly permissions?: LiveKitPermissions | undefined;
  readonly trackPublications: ReadonlyMap<string, LiveKitPublicationLike>;
}

export interface LiveKitLocalParticipantLike extends LiveKitParticipantLike {
  setMicrophoneEnabled(enabled: boolean, options?: AudioCaptureOptions): Promise<unknown>;
  setCameraEnabled(enabled: boolean, options?: VideoCaptureOptions): Promise<unknown>;
  setScreenShareEnabled(enabled: boolean, options?: ScreenShareCaptureOptions): Promise<unknown>;
  publishData(data: Uint8Array<ArrayBuffer>, options?: DataPublishOptions): Promise<void>;
}

/** The RoomEvents this transport handles, with the arguments livekit-client passes (see RoomEventCallbacks). */
export interface LiveKitRoomEvents {
  [RoomEvent.ParticipantConnected]: [participant: LiveKitParticipantLike];
  [RoomEvent.ParticipantDisconnected]: [participant: LiveKitParticipantLike];
  [RoomEvent.TrackSubscribed]: [track: LiveKitTrackLike, publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.TrackUnsubscribed]: [track: LiveKitTrackLike, publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.TrackPublished]: [publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.TrackUnpublished]: [publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.TrackMuted]: [publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.TrackUnmuted]: [publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.LocalTrackPublished]: [publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.LocalTrackUnpublished]: [publication: LiveKitPublicationLike, participant: LiveKitParticipantLike];
  [RoomEvent.ActiveSpeakersChanged]: [speakers: LiveKitParticipantLike[]];
  [RoomEvent.ConnectionQualityChanged]: [quality: LkQuality, participant: LiveKitParticipantLike];
  [RoomEvent.ParticipantPermissionsChanged]: [previous: LiveKitPermissions | undefined, participant: LiveKitParticipantLike];
  [RoomEvent.Reconnecting]: [];
  [RoomEvent.SignalReconnecting]: [];
  [RoomEvent.Reconnected]: [];
  [RoomEvent.Disconnected]: [reason?: DisconnectReason];
  [RoomEvent.MediaDevicesError]: [error: Error];
  [RoomEvent.DataReceived]: [payload: Uint8Array, participant?: LiveKitParticipantLike, kind?: unknown, topic?: string];
}

export interface LiveKitRoomLike {
  readonly localParticipant: LiveKitLocalParticipantLike;
  readonly remoteParticipants: ReadonlyMap<string, LiveKitParticipantLike>;
  connect(url: string, token: string, options?: RoomConnectOptions): Promise<void>;
  disconnect(stopTracks?: boolean): Promise<void>;
  on<E extends keyof LiveKitRoomEvents>(event: E, listener: (...args: LiveKitRoomEvents[E]) => void): unknown;
}

export interface LiveKitTransportOptions {
  /** The class's Talk conversation token: the gateway derives the LiveKit room from it. */
  token: string;
  /** Fetches the join token from the gateway (replaceable in tests). */
  fetchToken?: (talkToken: string) => Promise<LiveKitJoin>;
  /** Creates the Room (replaceable in tests). */
  createRoom?: (options: RoomOptions) => LiveKitRoomLike;
  /** Lets a student speak or not: the gateway changes Talk's permission, then LiveKit's grant (replaceable in tests). */
  setSpeaking?: (attendeeId: number, speak: boolean) => Promise<void>;
  /** A teacher's join: the gateway sets everyone's LiveKit grant to Talk's permissions (replaceable in tests). */
  syncGrants?: () => Promise<void>;
  /** Removes a participant from the class and the lesson through the gateway (replaceable in tests). */
  removeParticipant?: (attendeeId: number) => Promise<void>;
}

/** The real Room seen through LiveKitRoomLike (its event map is a superset of ours, with the same arguments). */
export function wrapRoom(room: Room): LiveKitRoomLike {
  return {
    get localParticipant() {
      return room.localParticipant;
    },
    get remoteParticipants() {
      return room.remoteParticipants;
    },
    connect: (url, token, options) => room.connect(url, token, options),
    disconnect: (stopTracks) => room.disconnect(stopTracks),
    on: (event, listener) => room.on(event, listener as unknown as RoomEventCallbacks[typeof event]),
  };
}

/** Topic of the raised-hand data messages (reliable, JSON `{ raised, at }`). */
export const HAND_TOPIC = 'klassenraum.hand';
const handSchema = z.object({ raised: z.boolean(), at: z.number() });
const SPREED = '/ocs/v2.php/apps/spreed/api/v4';
const PERM_PUBLISH_AUDIO = 16;
const PERM_PUBLISH_VIDEO = 32;

// livekit's protocol TrackSource numbers, as they arrive in ParticipantPermission.canPublishSources.
const SOURCE_CAMERA = 1;
const SOURCE_MICROPHONE = 2;
const SOURCE_SCREEN_SHARE = 3;

function isScreen(source: Track.Source): boolean {
  return source === Track.Source.ScreenShare || source === Track.Source.ScreenShareAudio;
}

/**
 * Room options for a class: adaptive stream (subscribers receive the layer their tile needs, nothing for hidden
 * tiles) and dynacast (publishers stop encoding layers nobody watches). A class grid shows 20–30 small tiles and
 * one large teacher picture, so teachers send up to 720p with 180p/360p layers, students 360p with a 180p layer.
 */
export function roomOptionsFor(role: 'teacher' | 'student', media: LocalMedia): RoomOptions {
  // Data saver: 180p at most, one layer (see LocalMedia.dataSaver).
  if (media.dataSaver === true) {
    const options = roomOptionsFor(role, { ...media, dataSaver: false });
    return {
      ...options,
      videoCaptureDefaults: { ...options.videoCaptureDefaults, resolution: VideoPresets.h180.resolution },
      publishDefaults: { ...options.publishDefaults, simulcast: false, videoEncoding: VideoPresets.h180.encoding, videoSimulcastLayers: [] },
    };
  }
  const top = role === 'teacher' ? VideoPresets.h720 : VideoPresets.h360;
  return {
    adaptiveStream: true,
    dynacast: true,
    videoCaptureDefaults: { resolution: top.resolution, ...(media.videoDeviceId === undefined ? {} : { deviceId: media.videoDeviceId }) },
    audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, ...(media.audioDeviceId === undefined ? {} : { deviceId: media.audioDeviceId }) },
    publishDefaults: {
      simulcast: true,
      videoEncoding: top.encoding,
      videoSimulcastLayers: role === 'teacher' ? [VideoPresets.h180, VideoPresets.h360] : [VideoPresets.h180],
      dtx: true,
      red: true,
    },
  };
}

function mayPublish(permissions: LiveKitPermissions | undefined, source: number): boolean {
  if (permissions?.canPublish !== true) return false;
  const sources = permissions.canPublishSources;
  return sources.length === 0 || sources.includes(source);
}

function qualityOf(q: LkQuality): ConnectionQuality {
  if (q === LkQuality.Poor) return 'poor';
  if (q === LkQuality.Lost) return 'lost';
  return 'good';
}

function isTeacher(p: LiveKitParticipantLike): boolean {
  return p.metadata?.includes('"role":"teacher"') === true;
}

function safeJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(payload)) as unknown;
  } catch (err) {
    console.warn('lessons: unreadable data message', err);
    return null;
  }
}

function newStream(tracks: MediaStreamTrack[]): MediaStream | null {
  if (tracks.length === 0 || typeof MediaStream === 'undefined') return null;
  return new MediaStream(tracks);
}

function toTransportError(err: unknown, fallback: 'connection-failed' | 'media-denied'): CallTransportError {
  if (err instanceof CallTransportError) return err;
  if (err instanceof PublishTrackError && err.status === 403) return new CallTransportError('not-allowed', err.message);
  if (err instanceof DOMException && (err.name === 'NotAllowedError' || err.name === 'NotFoundError' || err.name === 'NotReadableError')) {
    return new CallTransportError('media-denied', err.message);
  }
  return new CallTransportError(fallback, err instanceof Error ? err.message : String(err));
}

interface Remote {
  participant: LiveKitParticipantLike;
  handRaisedAt: number | null;
  /** Camera and microphone. */
  tracks: LiveKitTrackLike[];
  stream: MediaStream | null;
  /** The shared screen (video and its sound), kept apart so the UI shows it in its own tile. */
  screenTracks: LiveKitTrackLike[];
  screenStream: MediaStream | null;
  /** The UI wants this participant's camera video (setRemoteVideoWanted). */
  videoWanted: boolean;
  speaking: boolean;
  quality: ConnectionQuality;
}

export class LiveKitTransport implements CallTransport {
  state: TransportState = 'idle';
  local: LocalState = { stream: null, audioOn: false, videoOn: false, mayPublishAudio: false, mayPublishVideo: false, handRaised: false, screenSharing: false, mayPublishScreen: false };
  private handRaisedAt: number | null = null;
  private readonly events = new Emitter<CallTransportEvents>();
  private readonly remotes = new Map<string, Remote>();
  private room: LiveKitRoomLike | null = null;
  private leaving = false;

  constructor(private readonly opts: LiveKitTransportOptions) {}

  on<K extends keyof CallTransportEvents>(event: K, listener: (payload: CallTransportEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  participants(): RemoteParticipant[] {
    return [...this.remotes.values()].map((r) => this.view(r));
  }

  /** Plays a participant's media (or shared screen) in `element` through livekit-client, so adaptive stream sees the tile's size and visibility. */
  attachMedia(participantId: string, element: HTMLMediaElement, what: 'media' | 'screen' = 'media'): () => void {
    const r = this.remotes.get(participantId);
    const tracks = [...((what === 'screen' ? r?.screenTracks : r?.tracks) ?? [])];
    for (const t of tracks) t.attach(element);
    return () => {
      for (const t of tracks) t.detach(element);
    };
  }

  async connect(media: LocalMedia): Promise<void> {
    this.leaving = false;
    this.setState('connecting');
    let join: LiveKitJoin;
    try {
      join = await (this.opts.fetchToken ?? ((talkToken: string) => getLiveKitToken({ talkToken })))(this.opts.token);
    } catch (err) {
      this.setState('disconnected');
      if (isApiError(err) && err.status === 403) throw new CallTransportError('cannot-start', err.message);
      throw toTransportError(err, 'connection-failed');
    }
    const role = join.grant.roomAdmin ? 'teacher' : 'student';
    const room = (this.opts.createRoom ?? ((o: RoomOptions) => wrapRoom(new Room(o))))(roomOptionsFor(role, media));
    this.room = room;
    this.listen(room);
    try {
      await room.connect(join.url, join.token);
    } catch (err) {
      this.room = null;
      this.setState('disconnected');
      throw toTransportError(err, 'connection-failed');
    }
    this.applyPermissions(room.localParticipant.permissions);
    for (const p of room.remoteParticipants.values()) this.addRemote(p);
    this.setState('connected');
    if (role === 'teacher') {
      // Lesson mode changed Talk's defaults; students who joined before keep their old grant until the SFU hears.
      (this.opts.syncGrants ?? (() => syncLiveKitGrants({ talkToken: this.opts.token })))().catch((err: unknown) => {
        console.warn('lessons: could not apply lesson mode to LiveKit', err);
      });
    }
    const lp = room.localParticipant;
    try {
      if (media.video && this.local.mayPublishVideo) await lp.setCameraEnabled(true);
      if (media.audio && this.local.mayPublishAudio) await lp.setMicrophoneEnabled(true);
    } catch (err) {
      throw toTransportError(err, 'media-denied');
    } finally {
      this.refreshLocal();
    }
  }

  async disconnect(): Promise<void> {
    this.leaving = true;
    const room = this.room;
    this.room = null;
    if (room !== null) {
      try {
        await room.disconnect(true);
      } catch (err) {
        console.warn('lessons: leaving the LiveKit room failed', err);
      }
    }
    this.clearRemotes();
    this.local = { ...this.local, stream: null, audioOn: false, videoOn: false, screenSharing: false };
    this.setState('disconnected');
  }

  async setAudio(on: boolean): Promise<void> {
    const room = this.requireRoom();
    if (on && !this.local.mayPublishAudio) throw new CallTransportError('not-allowed');
    try {
      await room.localParticipant.setMicrophoneEnabled(on);
    } catch (err) {
      throw toTransportError(err, 'media-denied');
    } finally {
      this.refreshLocal();
    }
  }

  async setVideo(on: boolean): Promise<void> {
    const room = this.requireRoom();
    if (on && !this.local.mayPublishVideo) throw new CallTransportError('not-allowed');
    try {
      await room.localParticipant.setCameraEnabled(on);
    } catch (err) {
      throw toTransportError(err, 'media-denied');
    } finally {
      this.refreshLocal();
    }
  }

  /** Shares the screen (livekit-client asks the browser which one); the SFU refuses it without the grant. */
  async setScreenShare(on: boolean): Promise<void> {
    const room = this.requireRoom();
    if (on && !this.local.mayPublishScreen) throw new CallTransportError('not-allowed');
    try {
      await room.localParticipant.setScreenShareEnabled(on, { audio: false });
    } catch (err) {
      throw toTransportError(err, 'media-denied');
    } finally {
      this.refreshLocal();
    }
  }

  /** Unsubscribes from (or subscribes again to) a participant's camera; cameras published later follow the wish. */
  setRemoteVideoWanted(participantId: string, wanted: boolean): void {
    const r = this.remotes.get(participantId);
    if (r === undefined || r.videoWanted === wanted) return;
    r.videoWanted = wanted;
    for (const pub of r.participant.trackPublications.values()) if (pub.source === Track.Source.Camera) pub.setSubscribed?.(wanted);
  }

  async raiseHand(raised: boolean): Promise<void> {
    this.requireRoom();
    this.handRaisedAt = raised ? Date.now() : null;
    this.local = { ...this.local, handRaised: raised };
    this.events.emit('local', this.local);
    await this.sendHand(undefined);
  }

  private async sendHand(to: string[] | undefined): Promise<void> {
    const lp = this.room?.localParticipant;
    if (lp === undefined) return;
    const data = new TextEncoder().encode(JSON.stringify({ raised: this.handRaisedAt !== null, at: this.handRaisedAt ?? Date.now() }));
    try {
      await lp.publishData(data, { reliable: true, topic: HAND_TOPIC, ...(to === undefined ? {} : { destinationIdentities: to }) });
    } catch (err) {
      throw toTransportError(err, 'connection-failed');
    }
  }

  /** The Talk attendee behind a participant (the LiveKit identity is the Nextcloud user id). */
  private async attendeeOf(participantId: string): Promise<number> {
    const list = await listParticipants({ token: this.opts.token });
    const a = list.find((x) => x.actorType === 'users' && x.actorId === participantId);
    if (a === undefined) throw new CallTransportError('connection-failed', 'participant left the room');
    return a.attendeeId;
  }

  private async moderate(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      if (isApiError(err) && (err.status === 403 || err.status === 401)) throw new CallTransportError('not-allowed', err.message);
      throw err;
    }
  }

  private speak(attendeeId: number, speak: boolean): Promise<void> {
    if (this.opts.setSpeaking !== undefined) return this.opts.setSpeaking(attendeeId, speak);
    return setLiveKitSpeaking({ talkToken: this.opts.token, attendeeId, speak }).then(() => undefined);
  }

  /** Talk's permission changes first (through the gateway), then LiveKit's grant; the SFU then reports the new permissions. */
  async allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    await this.moderate(() => this.speak(attendeeId, allowed));
  }

  /** Talk's default for everyone, then each connected student's LiveKit grant (teachers keep theirs). */
  async muteAll(): Promise<void> {
    await this.moderate(() =>
      ocsRequest(`${SPREED}/room/${encodeURIComponent(this.opts.token)}/attendees/permissions/all`, z.unknown(), {
        method: 'PUT',
        json: { method: 'remove', permissions: PERM_PUBLISH_AUDIO },
      }),
    );
    const speakers = [...this.remotes.values()].filter((r) => !isTeacher(r.participant) && mayPublish(r.participant.permissions, SOURCE_MICROPHONE));
    if (speakers.length === 0) return;
    const list = await listParticipants({ token: this.opts.token });
    for (const r of speakers) {
      const a = list.find((x) => x.actorType === 'users' && x.actorId === r.participant.identity);
      if (a !== undefined) await this.moderate(() => this.speak(a.attendeeId, false));
    }
  }

  /** Talk's publish-video permission of every attendee, then the SFU's grants follow Talk (through the gateway). */
  async setStudentCameras(allowed: boolean): Promise<void> {
    await this.moderate(() =>
      ocsRequest(`${SPREED}/room/${encodeURIComponent(this.opts.token)}/attendees/permissions/all`, z.unknown(), {
        method: 'PUT',
        json: { method: allowed ? 'add' : 'remove', permissions: PERM_PUBLISH_VIDEO },
      }),
    );
    await this.moderate(() => (this.opts.syncGrants ?? (() => syncLiveKitGrants({ talkToken: this.opts.token })))());
  }

  /** Through the gateway: out of the class's Talk conversation (no new token), then out of the LiveKit room. */
  async removeParticipant(participantId: string): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    const remove = this.opts.removeParticipant ?? ((id: number) => removeLiveKitParticipant({ talkToken: this.opts.token, attendeeId: id }));
    await this.moderate(() => remove(attendeeId));
  }

  private requireRoom(): LiveKitRoomLike {
    if (this.room === null) throw new CallTransportError('connection-failed', 'not connected');
    return this.room;
  }

  private isLocal(p: LiveKitParticipantLike): boolean {
    return this.room !== null && p.identity === this.room.localParticipant.identity;
  }

  private listen(room: LiveKitRoomLike): void {
    room.on(RoomEvent.ParticipantConnected, (p) => {
      this.addRemote(p);
      // Newcomers learn a raised hand from us directly.
      if (this.handRaisedAt !== null) {
        this.sendHand([p.identity]).catch((err: unknown) => {
          console.warn('lessons: could not tell a newcomer about the raised hand', err);
        });
      }
    });
    room.on(RoomEvent.DataReceived, (payload, p, _kind, topic) => {
      if (topic !== HAND_TOPIC || p === undefined) return;
      const r = this.remotes.get(p.identity);
      const msg = handSchema.safeParse(safeJson(payload));
      if (r === undefined || !msg.success) return;
      r.handRaisedAt = msg.data.raised ? msg.data.at : null;
      this.events.emit('participantChanged', this.view(r));
    });
    room.on(RoomEvent.ParticipantDisconnected, (p) => {
      this.dropRemote(p.identity);
    });
    room.on(RoomEvent.TrackSubscribed, (track, pub, p) => {
      const r = this.remoteOf(p);
      if (isScreen(pub.source)) {
        if (!r.screenTracks.includes(track)) r.screenTracks = [...r.screenTracks, track];
        r.screenStream = newStream(r.screenTracks.map((t) => t.mediaStreamTrack));
      } else {
        if (!r.tracks.includes(track)) r.tracks = [...r.tracks, track];
        r.stream = newStream(r.tracks.map((t) => t.mediaStreamTrack));
      }
      this.events.emit('trackAdded', { participantId: p.identity, track: track.mediaStreamTrack });
      this.events.emit('participantChanged', this.view(r));
    });
    room.on(RoomEvent.TrackUnsubscribed, (track, _pub, p) => {
      const r = this.remotes.get(p.identity);
      if (r === undefined) return;
      r.tracks = r.tracks.filter((t) => t !== track);
      r.stream = newStream(r.tracks.map((t) => t.mediaStreamTrack));
      r.screenTracks = r.screenTracks.filter((t) => t !== track);
      r.screenStream = newStream(r.screenTracks.map((t) => t.mediaStreamTrack));
      this.events.emit('trackRemoved', { participantId: p.identity, track: track.mediaStreamTrack });
      this.events.emit('participantChanged', this.view(r));
    });
    const changed = (_pub: LiveKitPublicationLike, p: LiveKitParticipantLike): void => {
      if (this.isLocal(p)) {
        this.refreshLocal();
        return;
      }
      this.events.emit('participantChanged', this.view(this.remoteOf(p)));
    };
    room.on(RoomEvent.TrackPublished, (pub, p) => {
      // A camera switched on by a participant beyond the UI's video cap is not received (autosubscribe would).
      if (!this.isLocal(p) && pub.source === Track.Source.Camera && this.remotes.get(p.identity)?.videoWanted === false) pub.setSubscribed?.(false);
      changed(pub, p);
    });
    room.on(RoomEvent.TrackUnpublished, changed);
    room.on(RoomEvent.TrackMuted, changed);
    room.on(RoomEvent.TrackUnmuted, changed);
    room.on(RoomEvent.LocalTrackPublished, changed);
    room.on(RoomEvent.LocalTrackUnpublished, changed);
    room.on(RoomEvent.ActiveSpeakersChanged, (speakers) => {
      const now = new Set(speakers.map((s) => s.identity));
      for (const r of this.remotes.values()) {
        const speaking = now.has(r.participant.identity);
        if (speaking === r.speaking) continue;
        r.speaking = speaking;
        this.events.emit('speaking', { participantId: r.participant.identity, speaking });
        this.events.emit('participantChanged', this.view(r));
      }
    });
    room.on(RoomEvent.ConnectionQualityChanged, (q, p) => {
      if (this.isLocal(p)) {
        this.local = { ...this.local, quality: qualityOf(q) };
        this.events.emit('local', this.local);
        return;
      }
      const r = this.remotes.get(p.identity);
      if (r === undefined) return;
      const quality = qualityOf(q);
      if (quality === r.quality) return;
      r.quality = quality;
      this.events.emit('quality', { participantId: p.identity, quality });
      this.events.emit('participantChanged', this.view(r));
    });
    room.on(RoomEvent.ParticipantPermissionsChanged, (_prev, p) => {
      if (!this.isLocal(p)) {
        const r = this.remotes.get(p.identity);
        if (r !== undefined) this.events.emit('participantChanged', this.view(r));
        return;
      }
      this.applyPermissions(p.permissions);
      this.refreshLocal();
    });
    const reconnecting = (): void => {
      if (this.state !== 'connected') return;
      this.setState('reconnecting');
      this.events.emit('reconnecting', undefined);
    };
    room.on(RoomEvent.Reconnecting, reconnecting);
    room.on(RoomEvent.SignalReconnecting, reconnecting);
    room.on(RoomEvent.Reconnected, () => {
      if (this.state !== 'reconnecting') return;
      this.setState('connected');
      this.events.emit('reconnected', undefined);
    });
    room.on(RoomEvent.Disconnected, (reason) => {
      if (this.leaving || this.room !== room) return;
      this.room = null;
      this.clearRemotes();
      this.local = { ...this.local, stream: null, audioOn: false, videoOn: false, screenSharing: false };
      this.events.emit('local', this.local);
      this.setState('disconnected');
      this.events.emit('error', new CallTransportError('connection-failed', `disconnected by LiveKit (${DisconnectReason[reason ?? DisconnectReason.UNKNOWN_REASON]})`));
    });
    room.on(RoomEvent.MediaDevicesError, (err) => {
      this.events.emit('error', new CallTransportError('media-denied', err.message));
    });
  }

  /** Follows what the SFU allows us to publish; a withdrawn microphone is switched off here too. */
  private applyPermissions(permissions: LiveKitPermissions | undefined): void {
    const mayPublishAudio = mayPublish(permissions, SOURCE_MICROPHONE);
    const mayPublishVideo = mayPublish(permissions, SOURCE_CAMERA);
    const mayPublishScreen = mayPublish(permissions, SOURCE_SCREEN_SHARE);
    this.local = { ...this.local, mayPublishAudio, mayPublishVideo, mayPublishScreen };
    const lp = this.room?.localParticipant;
    if (lp === undefined) return;
    if (!mayPublishAudio && this.local.audioOn) {
      lp.setMicrophoneEnabled(false).catch((err: unknown) => {
        console.warn('lessons: could not stop the withdrawn microphone', err);
      });
    }
    if (!mayPublishVideo && this.local.videoOn) {
      lp.setCameraEnabled(false).catch((err: unknown) => {
        console.warn('lessons: could not stop the withdrawn camera', err);
      });
    }
    if (!mayPublishScreen && this.local.screenSharing) {
      lp.setScreenShareEnabled(false).catch((err: unknown) => {
        console.warn('lessons: could not stop the withdrawn screen share', err);
      });
    }
  }

  /** Local state from the local participant's publications (what is really sent). */
  private refreshLocal(): void {
    const lp = this.room?.localParticipant;
    let audioOn = false;
    let videoOn = false;
    let screenSharing = false;
    const tracks: MediaStreamTrack[] = [];
    for (const pub of lp?.trackPublications.values() ?? []) {
      if (pub.track === undefined || pub.isMuted) continue;
      if (pub.source === Track.Source.Microphone) audioOn = true;
      if (pub.source === Track.Source.ScreenShare) screenSharing = true;
      if (pub.source === Track.Source.Camera) {
        videoOn = true;
        tracks.push(pub.track.mediaStreamTrack);
      }
    }
    const previous = this.local.stream;
    const same = previous !== null && previous.getTracks().length === tracks.length && tracks.every((t) => previous.getTracks().includes(t));
    const stream = same ? previous : newStream(tracks);
    this.local = { ...this.local, stream, audioOn, videoOn, screenSharing };
    this.events.emit('local', this.local);
  }

  private remoteOf(p: LiveKitParticipantLike): Remote {
    return this.remotes.get(p.identity) ?? this.addRemote(p);
  }

  private addRemote(p: LiveKitParticipantLike): Remote {
    const existing = this.remotes.get(p.identity);
    if (existing !== undefined) return existing;
    const r: Remote = { participant: p, handRaisedAt: null, tracks: [], stream: null, screenTracks: [], screenStream: null, videoWanted: true, speaking: p.isSpeaking, quality: qualityOf(p.connectionQuality) };
    this.remotes.set(p.identity, r);
    this.events.emit('participantJoined', this.view(r));
    return r;
  }

  private dropRemote(id: string): void {
    if (!this.remotes.delete(id)) return;
    this.events.emit('participantLeft', { id });
  }

  private clearRemotes(): void {
    for (const id of [...this.remotes.keys()]) this.dropRemote(id);
  }

  private setState(s: TransportState): void {
    if (this.state === s) return;
    this.state = s;
    this.events.emit('state', s);
  }

  private view(r: Remote): RemoteParticipant {
    const p = r.participant;
    const published = (source: Track.Source): boolean => [...p.trackPublications.values()].some((pub) => pub.source === source && !pub.isMuted);
    return {
      id: p.identity,
      userId: p.identity,
      displayName: p.name !== undefined && p.name !== '' ? p.name : p.identity,
      stream: r.stream,
      audioPublished: published(Track.Source.Microphone),
      videoPublished: published(Track.Source.Camera),
      speaking: r.speaking,
      quality: r.quality,
      handRaisedAt: r.handRaisedAt,
      mayPublishAudio: mayPublish(p.permissions, SOURCE_MICROPHONE),
      screenStream: r.screenStream,
      moderator: isTeacher(p),
    };
  }
}
