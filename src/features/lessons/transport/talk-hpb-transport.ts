/**
 * CallTransport over Talk's high-performance backend: Talk's REST API (through the gateway) for the room
 * session and the call, the standalone signaling server for everything live, Janus behind it as the SFU.
 * Publishing: an offer to the own signaling session; subscribing: `requestoffer` to each publisher.
 *
 * This class joins and leaves and routes what the signaling server sends; the parts live apart: the sessions
 * (hpb-session.ts), the own camera and microphone (hpb-publisher.ts), the others' streams (hpb-subscribers.ts),
 * shared screens (hpb-screen.ts) and a teacher's moderation (hpb-moderation.ts).
 */
import { isApiError } from '../../../api/api-error';
import { PERMISSION } from '../../../api/talk/constants';
import { CallTransportError, type CallTransport, type CallTransportEvents, type LocalMedia, type LocalState, type RemoteParticipant, type TransportState } from './call-transport';
import { HpbModeration } from './hpb-moderation';
import { HpbPublisher } from './hpb-publisher';
import { HpbScreen } from './hpb-screen';
import { HpbSession } from './hpb-session';
import { HpbState } from './hpb-state';
import { HpbSubscribers, publishAllowed } from './hpb-subscribers';
import { SCREEN_MESSAGE, type ParticipantUpdate, type PeerData, type Recipient, type ServerMessage, type SignalingEvent } from '../../../api/signaling/signaling-messages';

export interface TalkHpbOptions {
  token: string;
  /** getUserMedia, replaceable in tests. */
  getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>;
}

export class TalkHpbTransport implements CallTransport {
  state: TransportState = 'idle';
  private handRaisedAt: number | null = null;
  private readonly shared: HpbState;
  private readonly session: HpbSession;
  private readonly publisher: HpbPublisher;
  private readonly screen: HpbScreen;
  private readonly subscribers: HpbSubscribers;
  private readonly moderation: HpbModeration;
  private peerMessages: Promise<void> = Promise.resolve();

  constructor(opts: TalkHpbOptions) {
    this.shared = new HpbState(opts.getUserMedia);
    this.session = new HpbSession(opts.token, this.shared, () => {
      this.subscribers.requestAll();
    });
    this.publisher = new HpbPublisher(this.shared, this.session);
    this.screen = new HpbScreen(this.shared, this.publisher);
    this.subscribers = new HpbSubscribers(this.shared, this.session, this.screen);
    this.moderation = new HpbModeration(opts.token, this.shared, this.subscribers);
  }

  get local(): LocalState {
    return this.shared.local;
  }

  on<K extends keyof CallTransportEvents>(event: K, listener: (payload: CallTransportEvents[K]) => void): () => void {
    return this.shared.events.on(event, listener);
  }

  participants(): RemoteParticipant[] {
    return this.subscribers.participants();
  }

  async connect(media: LocalMedia): Promise<void> {
    this.shared.media = media;
    this.setState('connecting');
    const room = await this.session.joinTalkRoom();
    const settings = await this.session.settings();
    this.shared.iceServers = settings.stunservers.filter((s) => !s.urls.some((u) => u.includes('stun.nextcloud.com')));
    this.applyPermissions(room.permissions);
    await this.publisher.acquireMedia();
    const signaling = this.session.openSignaling(settings, {
      onMessage: (m) => {
        this.onSignalingMessage(m);
      },
      onState: (s) => {
        if (s === 'reconnecting') {
          if (this.state === 'connected') this.shared.events.emit('reconnecting', undefined);
          this.setState('reconnecting');
        }
      },
      onSession: (info) => {
        if (!info.first) void this.afterReconnect(info.resumed);
      },
    });
    this.shared.signaling = signaling;
    await signaling.start();
    await this.session.joinSignalingRoom();
    // Join the call in Talk once in the signaling room, so everyone's in-call update names our signaling session.
    await this.joinCall();
    this.session.callAccepted();
    this.setState('connected');
    this.subscribers.startStats();
    await this.publisher.publish();
  }

  /** Joins Talk's call; refused (403: a student while no lesson runs), nothing of the join stays. */
  private async joinCall(): Promise<void> {
    try {
      await this.session.joinCall();
    } catch (err) {
      this.publisher.stopMedia();
      this.shared.signaling?.close();
      this.shared.signaling = null;
      this.session.inRoom = false;
      if (isApiError(err) && err.status === 403) throw new CallTransportError('cannot-start');
      throw err;
    }
  }

  private applyPermissions(perms: number): void {
    this.shared.local = {
      ...this.shared.local,
      mayPublishAudio: (perms & PERMISSION.publishAudio) !== 0,
      mayPublishVideo: (perms & PERMISSION.publishVideo) !== 0,
      mayPublishScreen: (perms & PERMISSION.publishScreen) !== 0,
    };
  }

  private async afterReconnect(resumed: boolean): Promise<void> {
    if (!resumed) {
      // A new signaling session: the old publisher and subscriptions died with the old one.
      this.publisher.close();
      // A shared screen's publisher died with the session too: the share ends (the button offers it again).
      this.screen.stop();
      this.subscribers.forgetAll();
      this.session.lostSession();
      try {
        await this.session.joinSignalingRoom();
        // A restarted signaling server does not know who is in the call. Talk tells it only when call flags
        // change, so announce the call again: in call without media, then with it.
        await this.session.announceInCallOnly();
        await this.session.updateCallFlags();
        this.session.callAccepted();
        await this.publisher.publish();
      } catch (err) {
        this.shared.events.emit('error', new CallTransportError('connection-failed', err instanceof Error ? err.message : String(err)));
        return;
      }
    }
    this.setState('connected');
    this.shared.events.emit('reconnected', undefined);
  }

  private onSignalingMessage(m: ServerMessage): void {
    if (m.type === 'error') {
      // Errors answer one message (by id): a refused requestoffer must not fail our own publishing.
      if (!this.publisher.refuseOffer(m.id, m.error.code, m.error.message)) this.subscribers.refused(m.id, m.error.code);
      return;
    }
    if (m.type === 'event') {
      if (m.event !== null) this.onEvent(m.event);
      return;
    }
    if (m.type === 'message') {
      const from = m.message.sender.sessionid;
      const data = m.message.data;
      if (data === null) return;
      // One at a time, in order: a candidate must not reach a connection before the offer it belongs to was applied
      // (addIceCandidate before setRemoteDescription fails, and the candidate would be lost).
      this.peerMessages = this.peerMessages
        .then(() => this.onPeerMessage(from, data))
        .catch((err: unknown) => {
          console.warn('lessons: peer message failed', err);
        });
    }
  }

  private onEvent(ev: SignalingEvent): void {
    if (ev.type === 'join') {
      this.subscribers.join(ev.join, (id) => {
        this.welcome({ type: 'session', sessionid: id });
      });
    } else if (ev.type === 'switchto') {
      // Breakout rooms: the signaling server tells us to follow Talk into another conversation.
      if (ev.switchto.roomid !== '') this.shared.events.emit('switchTo', { token: ev.switchto.roomid });
    } else if (ev.type === 'leave') {
      for (const id of ev.leave) this.subscribers.drop(id);
    } else if (ev.target === 'participants') {
      for (const u of ev.update.users) this.onParticipant(u);
    }
  }

  /** Newcomers learn a raised hand and a shared screen from us directly (Talk's clients do the same). */
  private welcome(newcomer: Recipient): void {
    if (this.handRaisedAt !== null) this.sendRaiseHand(newcomer);
    if (this.screen.ownPeer() !== null) this.screen.sendState(newcomer);
  }

  private onParticipant(u: ParticipantUpdate): void {
    if (u.sessionId !== this.shared.ownSession()) {
      this.subscribers.onParticipant(u);
      return;
    }
    // The server knows we are in the call (Talk told it): from now on it passes our requestoffers on.
    this.session.ownFlags(u.inCall);
    const mayPublishAudio = publishAllowed(u, 'audio');
    if (mayPublishAudio === null) return;
    const local = this.shared.local;
    const mayPublishVideo = publishAllowed(u, 'video') ?? local.mayPublishVideo;
    const mayPublishScreen = publishAllowed(u, 'screen') ?? local.mayPublishScreen;
    this.shared.local = { ...local, mayPublishAudio, mayPublishVideo, mayPublishScreen };
    if (!mayPublishScreen) this.screen.stop();
    this.publisher.dropDisallowedMedia();
    this.shared.emitLocal();
  }

  private async onPeerMessage(from: string, data: PeerData): Promise<void> {
    if (from === this.shared.ownSession()) {
      await this.publisher.onOwnMessage(data, this.screen.ownPeer());
      return;
    }
    const r = this.subscribers.get(from);
    if (r === undefined) return;
    if (data.type === SCREEN_MESSAGE || data.type === 'unshareScreen') this.screen.onAnnouncement(r, data);
    else if (data.roomType === 'screen') await this.screen.onPeerMessage(r, data);
    else if (data.type === 'raiseHand') this.subscribers.onHand(r, data);
    else await this.subscribers.onPeerMessage(r, data);
  }

  setAudio(on: boolean): Promise<void> {
    return this.publisher.setAudio(on);
  }

  setVideo(on: boolean): Promise<void> {
    return this.publisher.setVideo(on);
  }

  /** Publishes the own screen as the 'screen' stream (the signaling server checks Talk's publish-screen permission). */
  setScreenShare(on: boolean): Promise<void> {
    return this.screen.setScreenShare(on);
  }

  setRemoteVideoWanted(participantId: string, wanted: boolean): void {
    this.subscribers.setRemoteVideoWanted(participantId, wanted);
  }

  private sendRaiseHand(recipient: Recipient): void {
    const payload = { state: this.handRaisedAt !== null, timestamp: this.handRaisedAt ?? Date.now() };
    this.shared.sendPeer(recipient, { type: 'raiseHand', roomType: 'video', payload });
  }

  async raiseHand(raised: boolean): Promise<void> {
    if (this.shared.signaling === null) throw new CallTransportError('connection-failed');
    this.handRaisedAt = raised ? Date.now() : null;
    this.sendRaiseHand({ type: 'room' });
    this.shared.local = { ...this.shared.local, handRaised: raised };
    this.shared.emitLocal();
    return Promise.resolve();
  }

  allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    return this.moderation.allowSpeaking(participantId, allowed);
  }

  muteAll(): Promise<void> {
    return this.moderation.muteAll();
  }

  removeParticipant(participantId: string): Promise<void> {
    return this.moderation.removeParticipant(participantId);
  }

  setStudentCameras(allowed: boolean): Promise<void> {
    return this.moderation.setStudentCameras(allowed);
  }

  async disconnect(): Promise<void> {
    this.subscribers.stopStats();
    this.screen.stop();
    this.publisher.close();
    this.subscribers.dropAll();
    this.publisher.stopMedia();
    // Leave the call in Talk first: closing the signaling session ends the room session (and then the call is gone).
    if (this.session.inRoom) {
      try {
        await this.session.leaveCall();
      } catch (err) {
        console.warn('lessons: leaving the call failed', err);
      }
    }
    this.shared.signaling?.close();
    this.shared.signaling = null;
    this.session.left();
    this.setState('disconnected');
  }

  private setState(s: TransportState): void {
    this.state = s;
    this.shared.events.emit('state', s);
  }
}
