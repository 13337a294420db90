/**
 * The LiveKit transport's remote participants: their tracks (camera and microphone apart from the shared screen),
 * speaking, quality and raised hands, and how they look to the UI (RemoteParticipant).
 */
import { Track, type ConnectionQuality as LkQuality } from 'livekit-client';
import type { CallTransportEvents, ConnectionQuality, Emitter, RemoteParticipant } from './call-transport';
import {
  handSchema,
  isScreen,
  isTeacher,
  mayPublish,
  newStream,
  qualityOf,
  safeJson,
  SOURCE_MICROPHONE,
  type LiveKitParticipantLike,
  type LiveKitPublicationLike,
  type LiveKitTrackLike,
} from './livekit-room';

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

export class LiveKitRemotes {
  private readonly remotes = new Map<string, Remote>();

  constructor(private readonly events: Emitter<CallTransportEvents>) {}

  participants(): RemoteParticipant[] {
    return [...this.remotes.values()].map((r) => this.view(r));
  }

  /** The tracks to play for a participant: camera and microphone, or the shared screen. */
  tracksOf(participantId: string, what: 'media' | 'screen'): LiveKitTrackLike[] {
    const r = this.remotes.get(participantId);
    return [...((what === 'screen' ? r?.screenTracks : r?.tracks) ?? [])];
  }

  /** The participants the SFU lets speak who are not teachers (mute all takes their word). */
  speakingStudents(): LiveKitParticipantLike[] {
    return [...this.remotes.values()].map((r) => r.participant).filter((p) => !isTeacher(p) && mayPublish(p.permissions, SOURCE_MICROPHONE));
  }

  videoWanted(identity: string): boolean | undefined {
    return this.remotes.get(identity)?.videoWanted;
  }

  add(p: LiveKitParticipantLike): Remote {
    const existing = this.remotes.get(p.identity);
    if (existing !== undefined) return existing;
    const r: Remote = { participant: p, handRaisedAt: null, tracks: [], stream: null, screenTracks: [], screenStream: null, videoWanted: true, speaking: p.isSpeaking, quality: qualityOf(p.connectionQuality) };
    this.remotes.set(p.identity, r);
    this.events.emit('participantJoined', this.view(r));
    return r;
  }

  drop(id: string): void {
    if (!this.remotes.delete(id)) return;
    this.events.emit('participantLeft', { id });
  }

  clear(): void {
    for (const id of [...this.remotes.keys()]) this.drop(id);
  }

  /** Something about a participant changed that the view reads from the participant itself. */
  changed(p: LiveKitParticipantLike): void {
    this.events.emit('participantChanged', this.view(this.remotes.get(p.identity) ?? this.add(p)));
  }

  /** Like changed, for participants already known only (permissions). */
  changedIfKnown(p: LiveKitParticipantLike): void {
    const r = this.remotes.get(p.identity);
    if (r !== undefined) this.events.emit('participantChanged', this.view(r));
  }

  /** Unsubscribes from (or subscribes again to) a participant's camera; cameras published later follow the wish. */
  setVideoWanted(participantId: string, wanted: boolean): void {
    const r = this.remotes.get(participantId);
    if (r === undefined || r.videoWanted === wanted) return;
    r.videoWanted = wanted;
    for (const pub of r.participant.trackPublications.values()) if (pub.source === Track.Source.Camera) pub.setSubscribed?.(wanted);
  }

  trackSubscribed(track: LiveKitTrackLike, pub: LiveKitPublicationLike, p: LiveKitParticipantLike): void {
    const r = this.remotes.get(p.identity) ?? this.add(p);
    if (isScreen(pub.source)) {
      if (!r.screenTracks.includes(track)) r.screenTracks = [...r.screenTracks, track];
      r.screenStream = newStream(r.screenTracks.map((t) => t.mediaStreamTrack));
    } else {
      if (!r.tracks.includes(track)) r.tracks = [...r.tracks, track];
      r.stream = newStream(r.tracks.map((t) => t.mediaStreamTrack));
    }
    this.events.emit('trackAdded', { participantId: p.identity, track: track.mediaStreamTrack });
    this.events.emit('participantChanged', this.view(r));
  }

  trackUnsubscribed(track: LiveKitTrackLike, p: LiveKitParticipantLike): void {
    const r = this.remotes.get(p.identity);
    if (r === undefined) return;
    r.tracks = r.tracks.filter((t) => t !== track);
    r.stream = newStream(r.tracks.map((t) => t.mediaStreamTrack));
    r.screenTracks = r.screenTracks.filter((t) => t !== track);
    r.screenStream = newStream(r.screenTracks.map((t) => t.mediaStreamTrack));
    this.events.emit('trackRemoved', { participantId: p.identity, track: track.mediaStreamTrack });
    this.events.emit('participantChanged', this.view(r));
  }

  /** A raised-hand data message (HAND_TOPIC) from a participant; unreadable ones are ignored. */
  hand(payload: Uint8Array, p: LiveKitParticipantLike): void {
    const r = this.remotes.get(p.identity);
    const msg = handSchema.safeParse(safeJson(payload));
    if (r === undefined || !msg.success) return;
    r.handRaisedAt = msg.data.raised ? msg.data.at : null;
    this.events.emit('participantChanged', this.view(r));
  }

  activeSpeakers(speakers: LiveKitParticipantLike[]): void {
    const now = new Set(speakers.map((s) => s.identity));
    for (const r of this.remotes.values()) {
      const speaking = now.has(r.participant.identity);
      if (speaking === r.speaking) continue;
      r.speaking = speaking;
      this.events.emit('speaking', { participantId: r.participant.identity, speaking });
      this.events.emit('participantChanged', this.view(r));
    }
  }

  quality(q: LkQuality, p: LiveKitParticipantLike): void {
    const r = this.remotes.get(p.identity);
    if (r === undefined) return;
    const quality = qualityOf(q);
    if (quality === r.quality) return;
    r.quality = quality;
    this.events.emit('quality', { participantId: p.identity, quality });
    this.events.emit('participantChanged', this.view(r));
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
