/**
 * One interface for the media of a video lesson, whatever carries it: Talk's high-performance backend
 * (standalone signaling + Janus) now, LiveKit later (`GET /api/config` → `callTransport`). The UI reads
 * everything (participants, tracks, mute state) from the transport, never from its own copies.
 */

export type ConnectionQuality = 'good' | 'poor' | 'lost';

export interface RemoteParticipant {
  /** The transport's id of this participant's connection (signaling session id / LiveKit identity). */
  id: string;
  userId: string | null;
  displayName: string;
  /** The remote media, once subscribed (null before). */
  stream: MediaStream | null;
  audioPublished: boolean;
  videoPublished: boolean;
  speaking: boolean;
  quality: ConnectionQuality;
  /** When this participant raised the hand (ms since epoch, the sender's clock), null when the hand is down. */
  handRaisedAt: number | null;
  /** The server lets this participant publish audio (e.g. a student the teacher gave the word to). */
  mayPublishAudio: boolean;
  /**
   * This participant's shared screen, once subscribed (null when not sharing or not received yet). Kept apart
   * from `stream` (camera and microphone) so the UI can show both: the screen large, the camera in a tile.
   */
  screenStream: MediaStream | null;
  /**
   * Optional: the participant is a moderator of the conversation (a teacher), when the transport knows it. The
   * speaker view shows a teacher large while nobody speaks.
   */
  moderator?: boolean;
}

/** A participant as first seen: nothing published or received yet, not speaking, no hand up, no word given. */
export function newRemoteParticipant(id: string, userId: string | null, displayName: string): RemoteParticipant {
  return {
    id,
    userId,
    displayName,
    stream: null,
    audioPublished: false,
    videoPublished: false,
    speaking: false,
    quality: 'good',
    handRaisedAt: null,
    mayPublishAudio: false,
    screenStream: null,
  };
}

export interface LocalMedia {
  audio: boolean;
  video: boolean;
  audioDeviceId?: string | undefined;
  videoDeviceId?: string | undefined;
  /**
   * Data saver: the own camera at low resolution and frame rate (about 320×180 at 10-15 fps, see
   * `cameraConstraints` in `../lib/media-constraints.ts`), for phones on mobile data and weak school Wi-Fi.
   * Transports that do not know it send the camera as usual.
   */
  dataSaver?: boolean | undefined;
}

export interface LocalState {
  stream: MediaStream | null;
  /** Audio is being sent (published and not muted). */
  audioOn: boolean;
  videoOn: boolean;
  /** What the server allows this participant to publish. */
  mayPublishAudio: boolean;
  mayPublishVideo: boolean;
  /** The own hand is raised (see CallTransport.raiseHand). */
  handRaised: boolean;
  /** The own screen is being shared (see CallTransport.setScreenShare). */
  screenSharing: boolean;
  /** The server lets this participant share the screen (moderators; students only when granted). */
  mayPublishScreen: boolean;
  /** Optional: the quality of the own connection, when the transport measures it (else the UI derives it from `state`). */
  quality?: ConnectionQuality;
}

export type TransportState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface CallTransportEvents {
  state: TransportState;
  participantJoined: RemoteParticipant;
  participantLeft: { id: string };
  participantChanged: RemoteParticipant;
  trackAdded: { participantId: string; track: MediaStreamTrack };
  trackRemoved: { participantId: string; track: MediaStreamTrack };
  speaking: { participantId: string; speaking: boolean };
  quality: { participantId: string; quality: ConnectionQuality };
  local: LocalState;
  reconnecting: undefined;
  reconnected: undefined;
  error: CallTransportError;
  /**
   * The server moves this participant to another conversation (Talk breakout rooms: started, stopped, or a
   * moderator switching rooms). The transport does not follow by itself: the UI disconnects and connects to
   * `token` (the Talk conversation token), so it can show where the participant is going.
   */
  switchTo: { token: string };
}

export type CallTransportErrorCode =
  /** The server refused to let this participant publish (Talk permissions). */
  | 'not-allowed'
  /** No call running and this participant may not start one (Talk answers 403). */
  | 'cannot-start'
  | 'media-denied'
  | 'connection-failed'
  /**
   * The server has no video backend at all (Talk on internal signaling, no high-performance backend, no LiveKit):
   * nothing to queue for; an admin must set one up.
   */
  | 'not-configured';

export class CallTransportError extends Error {
  constructor(
    readonly code: CallTransportErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'CallTransportError';
  }
}

export interface CallTransport {
  readonly state: TransportState;
  readonly local: LocalState;
  participants(): RemoteParticipant[];
  /** Joins the lesson's room and call and publishes `media` (what the server allows of it). */
  connect(media: LocalMedia): Promise<void>;
  disconnect(): Promise<void>;
  /** Turns the microphone on or off; rejects with CallTransportError('not-allowed') when the server refuses. */
  setAudio(on: boolean): Promise<void>;
  setVideo(on: boolean): Promise<void>;
  /** Raises or lowers the own hand; everyone in the call sees it (RemoteParticipant.handRaisedAt, 'participantChanged'). */
  raiseHand(raised: boolean): Promise<void>;
  /**
   * Moderators only (the server refuses others): lets a participant publish audio, or takes that back (and their
   * microphone goes off). Enforced by the server, not only by the UI.
   */
  allowSpeaking(participantId: string, allowed: boolean): Promise<void>;
  /** Moderators only: every non-moderator's microphone off and publishing audio no longer allowed. */
  muteAll(): Promise<void>;
  /**
   * Optional, moderators only: whether students may send their camera (Talk's publish-video permission of every
   * attendee; the server then stops the camera of everyone who may no longer send it, and a student's "Kamera an"
   * is refused until it is allowed again). Enforced by the server, not only by the UI.
   */
  setStudentCameras?(allowed: boolean): Promise<void>;
  /** Moderators only: removes the participant from the lesson (and its room). */
  removeParticipant(participantId: string): Promise<void>;
  /**
   * Optional: plays a remote participant's media in `element` through the transport itself and returns the detach
   * (LiveKit's adaptive stream sizes and pauses video by the element it plays in). Without it the UI sets
   * `srcObject` to `RemoteParticipant.stream`. `what`: 'media' (default) is the camera and microphone, 'screen' the
   * participant's shared screen (without it the UI sets `srcObject` to `RemoteParticipant.screenStream`).
   */
  attachMedia?(participantId: string, element: HTMLMediaElement, what?: 'media' | 'screen'): () => void;
  /**
   * Optional: starts or stops sharing the own screen (the browser asks which screen/window). The UI shows the
   * button only when the transport has this method and `local.mayPublishScreen` is true. Rejects with
   * CallTransportError('not-allowed') when the server refuses and 'media-denied' when the user cancels the
   * browser's picker or it is unavailable. Updates `local.screenSharing` (a 'local' event), also when the
   * browser's own "stop sharing" ends it. Remote participants get the screen as `RemoteParticipant.screenStream`
   * ('participantChanged').
   */
  setScreenShare?(on: boolean): Promise<void>;
  /**
   * Optional: whether this client wants to receive a remote participant's camera video (the UI caps how many
   * videos it decodes at once and says false for those it shows without video; true again when they come
   * into view). Audio and a shared screen are not affected. Without it, all videos are received. Default: wanted.
   */
  setRemoteVideoWanted?(participantId: string, wanted: boolean): void;
  on<K extends keyof CallTransportEvents>(event: K, listener: (payload: CallTransportEvents[K]) => void): () => void;
}

/** A tiny typed event emitter the implementations share. */
export class Emitter<E extends object> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    for (const fn of this.listeners.get(event) ?? []) (fn as (p: E[K]) => void)(payload);
  }
}
