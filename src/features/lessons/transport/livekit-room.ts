/**
 * What the LiveKit transport reads of livekit-client (the parts of its classes, the RoomEvents it handles), the
 * real Room seen through that, and the small mappings from LiveKit's terms to the transport's. Unit tests drive
 * the transport with a stand-in of these shapes that emits livekit-client's own RoomEvent values.
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
import { z } from 'zod';
import { CallTransportError, type ConnectionQuality, type LocalMedia } from './call-transport';

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
export const handSchema = z.object({ raised: z.boolean(), at: z.number() });

// livekit's protocol TrackSource numbers, as they arrive in ParticipantPermission.canPublishSources.
export const SOURCE_CAMERA = 1;
export const SOURCE_MICROPHONE = 2;
export const SOURCE_SCREEN_SHARE = 3;

export function isScreen(source: Track.Source): boolean {
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

export function mayPublish(permissions: LiveKitPermissions | undefined, source: number): boolean {
  if (permissions?.canPublish !== true) return false;
  const sources = permissions.canPublishSources;
  return sources.length === 0 || sources.includes(source);
}

export function qualityOf(q: LkQuality): ConnectionQuality {
  if (q === LkQuality.Poor) return 'poor';
  if (q === LkQuality.Lost) return 'lost';
  return 'good';
}

export function isTeacher(p: LiveKitParticipantLike): boolean {
  return p.metadata?.includes('"role":"teacher"') === true;
}

export function safeJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(payload)) as unknown;
  } catch (err) {
    console.warn('lessons: unreadable data message', err);
    return null;
  }
}

export function newStream(tracks: MediaStreamTrack[]): MediaStream | null {
  if (tracks.length === 0 || typeof MediaStream === 'undefined') return null;
  return new MediaStream(tracks);
}

export function toTransportError(err: unknown, fallback: 'connection-failed' | 'media-denied'): CallTransportError {
  if (err instanceof CallTransportError) return err;
  if (err instanceof PublishTrackError && err.status === 403) return new CallTransportError('not-allowed', err.message);
  if (err instanceof DOMException && (err.name === 'NotAllowedError' || err.name === 'NotFoundError' || err.name === 'NotReadableError')) {
    return new CallTransportError('media-denied', err.message);
  }
  return new CallTransportError(fallback, err instanceof Error ? err.message : String(err));
}
