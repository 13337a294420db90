/**
 * Shared screens over the HPB: our own as the 'screen' stream (the signaling server checks Talk's publish-screen
 * permission), announced to the room and to newcomers; others' as their own subscriptions, shown apart from the
 * camera.
 */
import { CallTransportError } from './call-transport';
import type { HpbPublisher } from './hpb-publisher';
import { remoteView, type HpbState, type Peer, type Remote } from './hpb-state';
import { SCREEN_MESSAGE, type PeerData, type Recipient } from '../../../api/signaling/signaling-messages';

type ScreenAnnouncement = Extract<PeerData, { type: typeof SCREEN_MESSAGE | 'unshareScreen' }>;

export class HpbScreen {
  /** Our shared screen's publisher (roomType 'screen'), while sharing. */
  private screenPublisher: (Peer & { stream: MediaStream }) | null = null;

  constructor(
    private readonly state: HpbState,
    private readonly publisher: HpbPublisher,
  ) {}

  /** Our screen's publisher connection, while sharing (Janus answers it). */
  ownPeer(): Peer | null {
    return this.screenPublisher;
  }

  async setScreenShare(on: boolean): Promise<void> {
    if (!on) {
      this.stop();
      return;
    }
    if (this.screenPublisher !== null) return;
    const own = this.state.ownSession();
    if (this.state.signaling === null || own === null) throw new CallTransportError('connection-failed');
    if (!this.state.local.mayPublishScreen) throw new CallTransportError('not-allowed');
    const stream = await this.captureScreen();
    const track = stream.getVideoTracks()[0];
    if (track === undefined) throw new CallTransportError('media-denied');
    // The browser's own "stop sharing" ends the track.
    track.addEventListener('ended', () => {
      if (this.screenPublisher?.stream === stream) this.stop();
    });
    const sid = `screen-${String(Date.now())}`;
    const pc = this.state.newPeer();
    this.screenPublisher = { pc, sid, stream };
    pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    this.state.sendCandidates(pc, own, sid, 'screen');
    try {
      await this.publisher.sendOffer(pc, own, sid, 'screen');
    } catch (err) {
      this.screenPublisher = null;
      pc.close();
      for (const t of stream.getTracks()) t.stop();
      throw err;
    }
    this.state.local = { ...this.state.local, screenSharing: true };
    this.state.emitLocal();
    this.sendState({ type: 'room' });
  }

  private async captureScreen(): Promise<MediaStream> {
    try {
      return await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 10, max: 15 } }, audio: false });
    } catch (err) {
      throw new CallTransportError('media-denied', err instanceof Error ? err.message : String(err));
    }
  }

  /** Tells the room (or a newcomer) whether we share a screen. */
  sendState(recipient: Recipient): void {
    const sharing = this.screenPublisher !== null;
    this.state.sendPeer(recipient, { type: sharing ? SCREEN_MESSAGE : 'unshareScreen', roomType: 'screen', payload: { state: sharing } });
  }

  /** Ends our share (if any) and tells the room. */
  stop(): void {
    const sp = this.screenPublisher;
    if (sp === null) return;
    this.screenPublisher = null;
    sp.pc.close();
    for (const t of sp.stream.getTracks()) t.stop();
    this.publisher.forgetScreenOffer();
    this.state.local = { ...this.state.local, screenSharing: false };
    this.state.emitLocal();
    this.sendState({ type: 'room' });
  }

  /** A participant started or ended a share: ask for their screen, or drop it. */
  onAnnouncement(r: Remote, data: ScreenAnnouncement): void {
    const sharing = data.type === SCREEN_MESSAGE && data.payload.state;
    r.sharingScreen = sharing;
    if (sharing && r.screenSubscriber === null) this.request(r);
    if (!sharing) this.drop(r);
    this.state.events.emit('participantChanged', remoteView(r));
  }

  private request(r: Remote): void {
    this.state.sendPeer({ type: 'session', sessionid: r.id }, { type: 'requestoffer', roomType: 'screen' });
  }

  drop(r: Remote): void {
    r.screenSubscriber?.pc.close();
    r.screenSubscriber = null;
    r.screenStream = null;
  }

  /** A participant's shared screen: its own subscription, shown apart from the camera. */
  async onPeerMessage(r: Remote, data: PeerData): Promise<void> {
    if (data.type === 'offer') {
      this.drop(r);
      const pc = this.state.newPeer();
      r.screenSubscriber = { pc, sid: data.sid };
      const stream = new MediaStream();
      pc.ontrack = (ev) => {
        stream.addTrack(ev.track);
        r.screenStream = stream;
        this.state.events.emit('participantChanged', remoteView(r));
      };
      this.state.sendCandidates(pc, r.id, data.sid, 'screen');
      await pc.setRemoteDescription({ type: 'offer', sdp: data.payload.sdp });
      await this.state.sendAnswer(pc, r.id, data.sid, 'screen');
    } else if (data.type === 'candidate' && r.screenSubscriber !== null) {
      await this.state.addCandidate(r.screenSubscriber.pc, data.payload.candidate);
    }
  }
}
