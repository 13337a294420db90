/**
 * What the parts of the HPB transport share: the own media and permissions (LocalState), the signaling connection,
 * the events to the UI, and the WebRTC plumbing every stream uses (peer connections, candidates, answers).
 */
import { Emitter, type CallTransportEvents, type LocalMedia, type LocalState, type RemoteParticipant } from './call-transport';
import type { SignalingConnection } from '../../../api/signaling/signaling-connection';
import { peerMessage, type OutgoingPeerData, type PeerData, type Recipient, type StreamType } from '../../../api/signaling/signaling-messages';

export interface Peer {
  pc: RTCPeerConnection;
  sid: string;
}

export interface Remote extends RemoteParticipant {
  /** Talk's call flags of this session; -1 while no update named it yet. */
  inCall: number;
  subscriber: Peer | null;
  requestTimer: ReturnType<typeof setTimeout> | null;
  /** The id of the requestoffer the server has not yet answered (with an offer or an error), if any. */
  requestId: string | null;
  requestAttempt: number;
  /** The subscription to this participant's shared screen (roomType 'screen'), while they share. */
  screenSubscriber: Peer | null;
  screenStream: MediaStream | null;
  /** They announced a shared screen (our asking for it waits for this). */
  sharingScreen: boolean;
}

/** A candidate as it arrives in a peer message. */
export type CandidateData = Extract<PeerData, { type: 'candidate' }>['payload']['candidate'];

export function remoteView(r: Remote): RemoteParticipant {
  return {
    id: r.id,
    userId: r.userId,
    displayName: r.displayName,
    stream: r.stream,
    audioPublished: r.audioPublished,
    videoPublished: r.videoPublished,
    speaking: r.speaking,
    quality: r.quality,
    handRaisedAt: r.handRaisedAt,
    mayPublishAudio: r.mayPublishAudio,
    screenStream: r.screenStream,
    ...(r.moderator === undefined ? {} : { moderator: r.moderator }),
  };
}

export class HpbState {
  local: LocalState = { stream: null, audioOn: false, videoOn: false, mayPublishAudio: false, mayPublishVideo: false, handRaised: false, screenSharing: false, mayPublishScreen: false };
  media: LocalMedia = { audio: false, video: true };
  signaling: SignalingConnection | null = null;
  iceServers: RTCIceServer[] = [];
  /** Our name in the conversation (sent along with offers and answers). */
  displayName = '';
  readonly events = new Emitter<CallTransportEvents>();
  readonly getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>;

  constructor(getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>) {
    this.getUserMedia = getUserMedia ?? ((c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c));
  }

  /** Our signaling session id, once said hello. */
  ownSession(): string | null {
    return this.signaling?.sessionId ?? null;
  }

  emitLocal(): void {
    this.events.emit('local', this.local);
  }

  sendPeer(recipient: Recipient, data: OutgoingPeerData, id?: string): void {
    this.signaling?.send(peerMessage(recipient, data, id));
  }

  newPeer(): RTCPeerConnection {
    return new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: 'max-bundle' });
  }

  /** `messageId`: an id per message, so that the server's error about one (e.g. client_not_found) names it. */
  sendCandidates(pc: RTCPeerConnection, to: string, sid: string, roomType: StreamType = 'video', messageId?: () => string): void {
    pc.onicecandidate = (ev) => {
      if (ev.candidate === null) return;
      const candidate = { candidate: ev.candidate.candidate, sdpMLineIndex: ev.candidate.sdpMLineIndex, sdpMid: ev.candidate.sdpMid };
      this.sendPeer({ type: 'session', sessionid: to }, { to, type: 'candidate', sid, roomType, payload: { candidate } }, messageId?.());
    };
  }

  async sendAnswer(pc: RTCPeerConnection, to: string, sid: string, roomType: StreamType = 'video', id?: string): Promise<void> {
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.sendPeer({ type: 'session', sessionid: to }, { to, type: 'answer', sid, roomType, payload: { type: 'answer', sdp: answer.sdp ?? '', nick: this.displayName } }, id);
  }

  async addCandidate(pc: RTCPeerConnection, c: CandidateData): Promise<void> {
    if (c.candidate === '') return;
    try {
      await pc.addIceCandidate({ candidate: c.candidate, sdpMLineIndex: c.sdpMLineIndex, sdpMid: c.sdpMid });
    } catch (err) {
      console.warn('lessons: candidate refused', err);
    }
  }
}
