/**
 * CallTransport over LiveKit (issue 8): the gateway mints a short-lived join token after checking the class's
 * Talk membership (room, identity and grants are the gateway's, never ours), livekit-client carries the media.
 * Lesson mode stays in Talk: the gateway derives the grants from Talk's permissions and mirrors a teacher's
 * "may speak" to the SFU, which tells us through ParticipantPermissionsChanged (see livekit-moderation.ts).
 *
 * The Room is created by a factory so unit tests drive this class with a stand-in that emits livekit-client's
 * own RoomEvent values with objects of the shapes in livekit-room.ts (the parts of livekit-client's classes we read).
 */
import { DisconnectReason, Room, RoomEvent, Track, type RoomOptions } from 'livekit-client';
import { isApiError } from '../../../api/api-error';
import { getLiveKitToken, type LiveKitJoin } from '../../../api/livekit/livekit';
import {
  CallTransportError,
  Emitter,
  type CallTransport,
  type CallTransportEvents,
  type LocalMedia,
  type LocalState,
  type RemoteParticipant,
  type TransportState,
} from './call-transport';
import { LiveKitModeration, type LiveKitModerationOptions } from './livekit-moderation';
import { LiveKitRemotes } from './livekit-remotes';
import {
  HAND_TOPIC,
  mayPublish,
  newStream,
  qualityOf,
  roomOptionsFor,
  SOURCE_CAMERA,
  SOURCE_MICROPHONE,
  SOURCE_SCREEN_SHARE,
  toTransportError,
  wrapRoom,
  type LiveKitParticipantLike,
  type LiveKitPermissions,
  type LiveKitPublicationLike,
  type LiveKitRoomLike,
} from './livekit-room';

export interface LiveKitTransportOptions extends LiveKitModerationOptions {
  /** The class's Talk conversation token: the gateway derives the LiveKit room from it. */
  token: string;
  /** Fetches the join token from the gateway (replaceable in tests). */
  fetchToken?: (talkToken: string) => Promise<LiveKitJoin>;
  /** Creates the Room (replaceable in tests). */
  createRoom?: (options: RoomOptions) => LiveKitRoomLike;
}

export class LiveKitTransport implements CallTransport {
  state: TransportState = 'idle';
  local: LocalState = { stream: null, audioOn: false, videoOn: false, mayPublishAudio: false, mayPublishVideo: false, handRaised: false, screenSharing: false, mayPublishScreen: false };
  private handRaisedAt: number | null = null;
  private readonly events = new Emitter<CallTransportEvents>();
  private readonly remotes = new LiveKitRemotes(this.events);
  private readonly moderation: LiveKitModeration;
  private room: LiveKitRoomLike | null = null;
  private leaving = false;

  constructor(private readonly opts: LiveKitTransportOptions) {
    this.moderation = new LiveKitModeration(opts);
  }

  on<K extends keyof CallTransportEvents>(event: K, listener: (payload: CallTransportEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  participants(): RemoteParticipant[] {
    return this.remotes.participants();
  }

  /** Plays a participant's media (or shared screen) in `element` through livekit-client, so adaptive stream sees the tile's size and visibility. */
  attachMedia(participantId: string, element: HTMLMediaElement, what: 'media' | 'screen' = 'media'): () => void {
    const tracks = this.remotes.tracksOf(participantId, what);
    for (const t of tracks) t.attach(element);
    return () => {
      for (const t of tracks) t.detach(element);
    };
  }

  async connect(media: LocalMedia): Promise<void> {
    this.leaving = false;
    this.setState('connecting');
    const join = await this.fetchJoin();
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
    for (const p of room.remoteParticipants.values()) this.remotes.add(p);
    this.setState('connected');
    if (role === 'teacher') {
      // Lesson mode changed Talk's defaults; students who joined before keep their old grant until the SFU hears.
      this.moderation.syncGrants().catch((err: unknown) => {
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

  private async fetchJoin(): Promise<LiveKitJoin> {
    try {
      return await (this.opts.fetchToken ?? ((talkToken: string) => getLiveKitToken({ talkToken })))(this.opts.token);
    } catch (err) {
      this.setState('disconnected');
      if (isApiError(err) && err.status === 403) throw new CallTransportError('cannot-start', err.message);
      throw toTransportError(err, 'connection-failed');
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
    this.remotes.clear();
    this.local = { ...this.local, stream: null, audioOn: false, videoOn: false, screenSharing: false };
    this.setState('disconnected');
  }

  async setAudio(on: boolean): Promise<void> {
    const room = this.requireRoom();
    if (on && !this.local.mayPublishAudio) throw new CallTransportError('not-allowed');
    await this.publishing(() => room.localParticipant.setMicrophoneEnabled(on));
  }

  async setVideo(on: boolean): Promise<void> {
    const room = this.requireRoom();
    if (on && !this.local.mayPublishVideo) throw new CallTransportError('not-allowed');
    await this.publishing(() => room.localParticipant.setCameraEnabled(on));
  }

  /** Shares the screen (livekit-client asks the browser which one); the SFU refuses it without the grant. */
  async setScreenShare(on: boolean): Promise<void> {
    const room = this.requireRoom();
    if (on && !this.local.mayPublishScreen) throw new CallTransportError('not-allowed');
    await this.publishing(() => room.localParticipant.setScreenShareEnabled(on, { audio: false }));
  }

  /** Runs a change of what we publish; the local state then shows what is really sent, whatever happened. */
  private async publishing(change: () => Promise<unknown>): Promise<void> {
    try {
      await change();
    } catch (err) {
      throw toTransportError(err, 'media-denied');
    } finally {
      this.refreshLocal();
    }
  }

  /** Unsubscribes from (or subscribes again to) a participant's camera; cameras published later follow the wish. */
  setRemoteVideoWanted(participantId: string, wanted: boolean): void {
    this.remotes.setVideoWanted(participantId, wanted);
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

  allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    return this.moderation.allowSpeaking(participantId, allowed);
  }

  muteAll(): Promise<void> {
    return this.moderation.muteAll(this.remotes.speakingStudents());
  }

  setStudentCameras(allowed: boolean): Promise<void> {
    return this.moderation.setStudentCameras(allowed);
  }

  removeParticipant(participantId: string): Promise<void> {
    return this.moderation.removeParticipant(participantId);
  }

  private requireRoom(): LiveKitRoomLike {
    if (this.room === null) throw new CallTransportError('connection-failed', 'not connected');
    return this.room;
  }

  private isLocal(p: LiveKitParticipantLike): boolean {
    return this.room !== null && p.identity === this.room.localParticipant.identity;
  }

  private listen(room: LiveKitRoomLike): void {
    this.listenParticipants(room);
    this.listenTracks(room);
    this.listenConnection(room);
  }

  private listenParticipants(room: LiveKitRoomLike): void {
    room.on(RoomEvent.ParticipantConnected, (p) => {
      this.remotes.add(p);
      // Newcomers learn a raised hand from us directly.
      if (this.handRaisedAt !== null) {
        this.sendHand([p.identity]).catch((err: unknown) => {
          console.warn('lessons: could not tell a newcomer about the raised hand', err);
        });
      }
    });
    room.on(RoomEvent.DataReceived, (payload, p, _kind, topic) => {
      if (topic !== HAND_TOPIC || p === undefined) return;
      this.remotes.hand(payload, p);
    });
    room.on(RoomEvent.ParticipantDisconnected, (p) => {
      this.remotes.drop(p.identity);
    });
    room.on(RoomEvent.ActiveSpeakersChanged, (speakers) => {
      this.remotes.activeSpeakers(speakers);
    });
    room.on(RoomEvent.ConnectionQualityChanged, (q, p) => {
      if (this.isLocal(p)) {
        this.local = { ...this.local, quality: qualityOf(q) };
        this.events.emit('local', this.local);
        return;
      }
      this.remotes.quality(q, p);
    });
    room.on(RoomEvent.ParticipantPermissionsChanged, (_prev, p) => {
      if (!this.isLocal(p)) {
        this.remotes.changedIfKnown(p);
        return;
      }
      this.applyPermissions(p.permissions);
      this.refreshLocal();
    });
  }

  private listenTracks(room: LiveKitRoomLike): void {
    room.on(RoomEvent.TrackSubscribed, (track, pub, p) => {
      this.remotes.trackSubscribed(track, pub, p);
    });
    room.on(RoomEvent.TrackUnsubscribed, (track, _pub, p) => {
      this.remotes.trackUnsubscribed(track, p);
    });
    const changed = (_pub: LiveKitPublicationLike, p: LiveKitParticipantLike): void => {
      if (this.isLocal(p)) {
        this.refreshLocal();
        return;
      }
      this.remotes.changed(p);
    };
    room.on(RoomEvent.TrackPublished, (pub, p) => {
      // A camera switched on by a participant beyond the UI's video cap is not received (autosubscribe would).
      if (!this.isLocal(p) && pub.source === Track.Source.Camera && this.remotes.videoWanted(p.identity) === false) pub.setSubscribed?.(false);
      changed(pub, p);
    });
    room.on(RoomEvent.TrackUnpublished, changed);
    room.on(RoomEvent.TrackMuted, changed);
    room.on(RoomEvent.TrackUnmuted, changed);
    room.on(RoomEvent.LocalTrackPublished, changed);
    room.on(RoomEvent.LocalTrackUnpublished, changed);
  }

  private listenConnection(room: LiveKitRoomLike): void {
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
      this.remotes.clear();
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

  private setState(s: TransportState): void {
    if (this.state === s) return;
    this.state = s;
    this.events.emit('state', s);
  }
}
