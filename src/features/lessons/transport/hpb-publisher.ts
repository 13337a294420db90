/**
 * The HPB transport's own camera and microphone: one publisher connection to Janus (an offer to the own signaling
 * session), renegotiated to add a track, published afresh when the server took a permission back. The shared
 * screen's publisher (hpb-screen.ts) sends its offers through sendOffer here too.
 */
import { CallTransportError } from './call-transport';
import { cameraConstraints, microphoneConstraints } from '../lib/media-constraints';
import type { HpbSession } from './hpb-session';
import type { HpbState, Peer } from './hpb-state';
import type { PeerData, StreamType } from '../../../api/signaling/signaling-messages';

interface PendingAnswer {
  id: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

function mediaDenied(err: unknown): CallTransportError {
  return new CallTransportError('media-denied', err instanceof Error ? err.message : String(err));
}

export class HpbPublisher {
  private publisher: Peer | null = null;
  /** The own offer of each stream type that Janus has not answered yet (by the message id the server echoes). */
  private readonly pendingAnswers = new Map<StreamType, PendingAnswer>();

  constructor(
    private readonly state: HpbState,
    private readonly session: HpbSession,
  ) {}

  /** Camera and microphone as chosen and allowed, before joining (the call flags say what we provide). */
  async acquireMedia(): Promise<void> {
    const { media, local } = this.state;
    const wantAudio = media.audio && local.mayPublishAudio;
    const wantVideo = media.video && local.mayPublishVideo;
    if (!wantAudio && !wantVideo) return;
    try {
      const stream = await this.state.getUserMedia({
        audio: wantAudio ? microphoneConstraints(media.audioDeviceId) : false,
        video: wantVideo ? cameraConstraints(media.videoDeviceId, media.dataSaver === true) : false,
      });
      this.state.local = { ...this.state.local, stream, audioOn: wantAudio, videoOn: wantVideo };
      this.state.emitLocal();
    } catch (err) {
      throw mediaDenied(err);
    }
  }

  stopMedia(): void {
    for (const t of this.state.local.stream?.getTracks() ?? []) t.stop();
    this.state.local = { ...this.state.local, stream: null, audioOn: false, videoOn: false };
  }

  /** Closes the publisher (its signaling session is gone, or we leave). */
  close(): void {
    this.publisher?.pc.close();
    this.publisher = null;
  }

  async publish(): Promise<void> {
    const own = this.state.ownSession();
    const stream = this.state.local.stream;
    if (this.state.signaling === null || own === null || stream === null || stream.getTracks().length === 0) return;
    const sid = String(Date.now());
    const pc = this.state.newPeer();
    this.publisher = { pc, sid };
    for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });
    this.state.sendCandidates(pc, own, sid);
    await this.sendOffer(pc, own, sid);
  }

  /** Sends the publisher's (re)offer; resolves when Janus answered, rejects with not-allowed when refused. */
  async sendOffer(pc: RTCPeerConnection, own: string, sid: string, roomType: StreamType = 'video'): Promise<void> {
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (this.state.signaling === null) return;
    const id = `offer-${sid}-${String(Date.now())}`;
    const answer = new Promise<void>((resolve, reject) => {
      this.pendingAnswers.set(roomType, { id, resolve, reject });
    });
    try {
      this.state.sendPeer({ type: 'session', sessionid: own }, { to: own, type: 'offer', sid, roomType, payload: { type: 'offer', sdp: offer.sdp ?? '', nick: this.state.displayName } }, id);
    } catch (err) {
      this.pendingAnswers.delete(roomType);
      throw err;
    }
    await answer;
  }

  /** An error answering one of our offers (by id): that offer is refused. False when the error answers something else. */
  refuseOffer(id: string | undefined, code: string, message: string): boolean {
    for (const [roomType, pending] of this.pendingAnswers) {
      if (id !== pending.id) continue;
      pending.reject(new CallTransportError(code === 'not_allowed' ? 'not-allowed' : 'connection-failed', message));
      this.pendingAnswers.delete(roomType);
      return true;
    }
    return false;
  }

  /** The screen share ended: its offer waits for no answer any more. */
  forgetScreenOffer(): void {
    this.pendingAnswers.delete('screen');
  }

  /** Janus answering one of our publishers: the camera/microphone one ('video') or the shared screen. */
  async onOwnMessage(data: PeerData, screen: Peer | null): Promise<void> {
    const pub = data.roomType === 'screen' ? screen : this.publisher;
    if (pub === null) return;
    if (data.type === 'answer' && pub.pc.signalingState === 'have-local-offer') {
      await pub.pc.setRemoteDescription({ type: 'answer', sdp: data.payload.sdp });
      this.pendingAnswers.get(data.roomType)?.resolve();
      this.pendingAnswers.delete(data.roomType);
    } else if (data.type === 'candidate') {
      await this.state.addCandidate(pub.pc, data.payload.candidate);
    }
  }

  async setAudio(on: boolean): Promise<void> {
    const track = this.state.local.stream?.getAudioTracks()[0];
    // Without the word there is no microphone track (dropDisallowedMedia removes it): unmuting then needs a new
    // offer, which the signaling server checks against Talk's permissions.
    if (track !== undefined) {
      track.enabled = on;
      this.state.local = { ...this.state.local, audioOn: on };
      this.state.emitLocal();
      return;
    }
    if (on) await this.addMedia('audio');
  }

  async setVideo(on: boolean): Promise<void> {
    const track = this.state.local.stream?.getVideoTracks()[0];
    if (track === undefined) {
      // The camera was taken back (or never sent): sending it again is a new offer the server checks.
      if (on) await this.addMedia('video');
      return;
    }
    track.enabled = on;
    this.state.local = { ...this.state.local, videoOn: on };
    this.state.emitLocal();
  }

  private async captureTrack(kind: 'audio' | 'video'): Promise<MediaStreamTrack> {
    const { media } = this.state;
    const constraints: MediaStreamConstraints =
      kind === 'audio' ? { audio: microphoneConstraints(media.audioDeviceId) } : { video: cameraConstraints(media.videoDeviceId, media.dataSaver === true) };
    let track: MediaStreamTrack | undefined;
    try {
      track = (await this.state.getUserMedia(constraints)).getTracks()[0];
    } catch (err) {
      throw mediaDenied(err);
    }
    if (track === undefined) throw new CallTransportError('media-denied');
    return track;
  }

  /** Adds a microphone or camera to the publisher (renegotiated); the signaling server checks Talk's permissions. */
  private async addMedia(kind: 'audio' | 'video'): Promise<void> {
    const own = this.state.ownSession();
    if (own === null) throw new CallTransportError('connection-failed');
    const track = await this.captureTrack(kind);
    const stream = this.state.local.stream ?? new MediaStream();
    const pub = this.publisher;
    if (pub === null) {
      // Nothing published yet (e.g. a student without camera and microphone): a first publisher with this track.
      if (!(kind === 'audio' ? this.state.local.mayPublishAudio : this.state.local.mayPublishVideo)) {
        track.stop();
        throw new CallTransportError('not-allowed');
      }
      await this.firstPublish(stream, track);
      this.showTrack(stream, track, kind);
      await this.session.updateCallFlags();
      return;
    }
    await this.renegotiateWith(pub, own, track, kind, stream);
    this.showTrack(stream, track, kind);
    await this.session.updateCallFlags();
  }

  /**
   * A first publisher with `track` (publish() sends what the local stream holds). Refused, nothing of it stays: a
   * microphone left in the stream would be shown as on and go out with the next publish (a reconnect, a camera
   * switched on) without the student switching it on.
   */
  private async firstPublish(stream: MediaStream, track: MediaStreamTrack): Promise<void> {
    stream.addTrack(track);
    this.state.local = { ...this.state.local, stream };
    try {
      await this.publish();
    } catch (err) {
      track.stop();
      stream.removeTrack(track);
      this.close();
      this.state.local = { ...this.state.local, stream: stream.getTracks().length > 0 ? stream : null };
      throw err;
    }
  }

  private showTrack(stream: MediaStream, track: MediaStreamTrack, kind: 'audio' | 'video'): void {
    if (!stream.getTracks().includes(track)) stream.addTrack(track);
    this.state.local = { ...this.state.local, stream, ...(kind === 'audio' ? { audioOn: true } : { videoOn: true }) };
    this.state.emitLocal();
  }

  /** A new offer with the track; refused, the track stops and its transceiver stays for the next attempt. */
  private async renegotiateWith(pub: Peer, own: string, track: MediaStreamTrack, kind: 'audio' | 'video', stream: MediaStream): Promise<void> {
    // A track refused before left its transceiver here (rollback keeps transceivers the page added): use it again.
    // A stopped one would stay in every later offer as a dead section, and Janus then forwarded none of the
    // microphone granted later (e2e/lessons/speaking.spec.ts).
    const spare = pub.pc.getTransceivers().find((t) => t.direction !== 'stopped' && t.sender.track === null && t.receiver.track.kind === kind);
    let transceiver: RTCRtpTransceiver;
    if (spare === undefined) {
      transceiver = pub.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    } else {
      transceiver = spare;
      await transceiver.sender.replaceTrack(track);
      transceiver.sender.setStreams(stream);
      transceiver.direction = 'sendonly';
    }
    try {
      await this.sendOffer(pub.pc, own, pub.sid);
    } catch (err) {
      track.stop();
      if (pub.pc.signalingState === 'have-local-offer') await pub.pc.setLocalDescription({ type: 'rollback' });
      // Kept, empty and inactive, for the next attempt (see above); the next offer is only made once allowed.
      await transceiver.sender.replaceTrack(null);
      transceiver.direction = 'inactive';
      throw err;
    }
  }

  /**
   * The server took a permission back (the word: hand lowered, mute all; the camera: the teacher switched students'
   * cameras off): that track leaves. The signaling server closes a publisher holding media no longer allowed, video
   * and all (it applies Talk's permissions to what was offered), so publish afresh with what remains, then tell
   * Talk: the others see our flags lose that media and subscribe to the new publisher.
   */
  dropDisallowedMedia(): void {
    const { local } = this.state;
    const stream = local.stream;
    if (stream === null) return;
    const gone = [...(local.mayPublishAudio ? [] : stream.getAudioTracks()), ...(local.mayPublishVideo ? [] : stream.getVideoTracks())];
    if (gone.length === 0) return;
    for (const track of gone) {
      track.stop();
      stream.removeTrack(track);
    }
    this.state.local = {
      ...local,
      audioOn: stream.getAudioTracks().length > 0 && local.audioOn,
      videoOn: stream.getVideoTracks().length > 0 && local.videoOn,
    };
    this.republish()
      .then(() => this.session.updateCallFlags())
      .catch((err: unknown) => {
        console.warn('lessons: publishing again after a permission was taken back', err);
      });
  }

  /**
   * A fresh publisher connection with what the local stream holds now. Tried again while it does not connect:
   * the server drops the old publisher shortly after it applied the permissions, and an offer that reaches the
   * old one in between is answered by a publisher about to close.
   */
  private async republish(attempt = 0): Promise<void> {
    this.close();
    this.pendingAnswers.get('video')?.reject(new CallTransportError('connection-failed', 'publisher replaced'));
    this.pendingAnswers.delete('video');
    await new Promise((resolve) => setTimeout(resolve, 300 + attempt * 1000));
    if (this.state.signaling === null || !this.session.callJoined) return;
    try {
      await this.publish();
    } catch (err) {
      if (attempt >= 4) throw err;
      await this.republish(attempt + 1);
      return;
    }
    const pub = this.currentPublisher();
    if (pub === null) return;
    const connected = await connectsWithin(pub.pc, 8000);
    if (!connected && this.currentPublisher() === pub && attempt < 4) await this.republish(attempt + 1);
  }

  /** Read afresh after an await (publish() replaces it). */
  private currentPublisher(): Peer | null {
    return this.publisher;
  }
}

/** Resolves true once the connection is connected, false when it fails, closes or the time is up. */
function connectsWithin(pc: RTCPeerConnection, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      resolve(ok);
    };
    const check = () => {
      if (pc.connectionState === 'connected') done(true);
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') done(false);
    };
    const timer = setTimeout(() => done(false), ms);
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}
