/**
 * The HPB transport's remote participants and their camera/microphone subscriptions: who is in the room (signaling
 * events), what they publish (Talk's in-call flags in participants updates), one requestoffer per publisher at a
 * time, the offers Janus sends for them, raised hands, and speaking/quality from the subscriptions' statistics.
 */
import { IN_CALL, isModeratorType, PERMISSION } from '../../../api/talk/constants';
import { newRemoteParticipant, type RemoteParticipant } from './call-transport';
import type { HpbScreen } from './hpb-screen';
import type { HpbSession } from './hpb-session';
import { remoteView, type HpbState, type Remote } from './hpb-state';
import { MediaStatsMonitor, worstQuality } from './media-stats';
import type { ParticipantUpdate, PeerData, SignalingEvent } from '../../../api/signaling/signaling-messages';

type JoinedSession = Extract<SignalingEvent, { type: 'join' }>['join'][number];
type Offer = Extract<PeerData, { type: 'offer' }>;
const MEDIA = IN_CALL.withAudio | IN_CALL.withVideo;

const PUBLISH = {
  audio: { bit: PERMISSION.publishAudio, names: ['publish-audio', 'publish-media'] },
  video: { bit: PERMISSION.publishVideo, names: ['publish-video', 'publish-media'] },
  screen: { bit: PERMISSION.publishScreen, names: ['publish-screen'] },
} as const;

/**
 * Publishing audio, video or the screen allowed, from a participant update: Talk's permission names, or the
 * participantPermissions bits the signaling server passes on (it drops the names). Null when it says nothing.
 */
export function publishAllowed(u: ParticipantUpdate, kind: keyof typeof PUBLISH): boolean | null {
  const { bit, names } = PUBLISH[kind];
  if (u.permissions !== undefined) return names.some((n) => u.permissions?.includes(n) === true);
  if (u.participantPermissions !== undefined) return (u.participantPermissions & bit) !== 0;
  return null;
}

export class HpbSubscribers {
  private readonly remotes = new Map<string, Remote>();
  private nextRequest = 0;
  /** Our answers and candidates to publishers' subscriptions, by message id (see refused). */
  private readonly subscriberMessages = new Map<string, { remoteId: string; sid: string }>();
  /** Participants whose camera video the UI does not want now (see setRemoteVideoWanted). */
  private readonly unwantedVideo = new Set<string>();
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly monitors = new WeakMap<RTCPeerConnection, MediaStatsMonitor>();

  constructor(
    private readonly state: HpbState,
    private readonly session: HpbSession,
    private readonly screen: HpbScreen,
  ) {}

  /**
   * Those in the call. The signaling room also holds sessions that are only in the conversation (every member's
   * chat joins it, ADR 0012, the teacher's own included): they are no participants of the lesson.
   */
  participants(): RemoteParticipant[] {
    return [...this.remotes.values()].filter((r) => r.inCall > 0 && (r.inCall & IN_CALL.inCall) !== 0).map((r) => remoteView(r));
  }

  get(id: string): Remote | undefined {
    return this.remotes.get(id);
  }

  all(): Remote[] {
    return [...this.remotes.values()];
  }

  private changed(r: Remote): void {
    this.state.events.emit('participantChanged', remoteView(r));
  }

  /** Sessions joined the room; `welcome` is called for each new one (it learns our hand and screen from us). */
  join(sessions: readonly JoinedSession[], welcome: (id: string) => void): void {
    for (const j of sessions) {
      const id = j.sessionid;
      if (id === '' || id === this.state.ownSession() || this.remotes.has(id)) continue;
      const r: Remote = {
        ...newRemoteParticipant(id, j.userid, j.user.displayname),
        // Unknown until the first in-call update names this session.
        inCall: -1,
        subscriber: null,
        requestTimer: null,
        requestId: null,
        requestAttempt: 0,
        screenSubscriber: null,
        screenStream: null,
        sharingScreen: false,
      };
      this.remotes.set(id, r);
      this.state.events.emit('participantJoined', remoteView(r));
      if (this.session.inCall) this.requestOffer(r, 0);
      welcome(id);
    }
  }

  drop(id: string): void {
    const r = this.remotes.get(id);
    if (r === undefined) return;
    r.subscriber?.pc.close();
    this.screen.drop(r);
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    this.forgetMessagesOf(id);
    this.remotes.delete(id);
    this.state.events.emit('participantLeft', { id });
  }

  dropAll(): void {
    for (const id of [...this.remotes.keys()]) this.drop(id);
  }

  /** A new signaling session: every subscription died with the old one, and the room is joined afresh. */
  forgetAll(): void {
    for (const r of this.remotes.values()) {
      r.subscriber?.pc.close();
      r.subscriber = null;
      this.screen.drop(r);
      this.state.events.emit('participantLeft', { id: r.id });
    }
    this.remotes.clear();
  }

  /** A participants update about someone else: moderator, the word, and what they publish now. */
  onParticipant(u: ParticipantUpdate): void {
    const r = this.remotes.get(u.sessionId);
    if (r === undefined) return;
    r.mayPublishAudio = publishAllowed(u, 'audio') ?? r.mayPublishAudio;
    // Owner, moderator or guest moderator: a teacher (the speaker view shows one while nobody speaks).
    if (u.participantType !== undefined) r.moderator = isModeratorType(u.participantType);
    const before = r.inCall;
    const inCall = u.inCall;
    r.inCall = inCall;
    r.audioPublished = (inCall & IN_CALL.withAudio) !== 0;
    r.videoPublished = (inCall & IN_CALL.withVideo) !== 0;
    if (inCall === 0) {
      this.closeSubscriber(r);
    } else if ((inCall & MEDIA) !== 0) {
      this.followFlags(r, before, inCall);
    }
    this.changed(r);
  }

  /** The publisher's media changed: subscribe again where needed. */
  private followFlags(r: Remote, before: number, inCall: number): void {
    // Ask again only when nothing is asked or negotiated yet, or the publisher added a kind of media: every extra
    // requestoffer makes the signaling server offer again, and a stale offer could replace a working subscription.
    const gained = (inCall & ~before & MEDIA) !== 0;
    // Lost a kind of media (the word taken back): the server closed that publisher and the publisher publishes
    // afresh, so this subscription is dead even if its connection does not know yet.
    const lost = before > 0 && (before & ~inCall & MEDIA) !== 0;
    if (lost && r.subscriber !== null) this.closeSubscriber(r);
    // A request made while the remote was known not to be in the call was refused (silently): ask again now.
    // (Unknown before, -1: the pending request may be waiting for the publisher; a second one would duplicate it.)
    const refusedBefore = before === 0 && r.subscriber === null;
    if (this.session.inCall && (refusedBefore || (r.requestId === null && (r.subscriber === null || gained)))) this.requestOffer(r, 0);
  }

  private closeSubscriber(r: Remote): void {
    r.subscriber?.pc.close();
    r.subscriber = null;
    r.stream = null;
  }

  /** Asks everyone known for their stream (after our own call join: before it the server refuses requestoffer). */
  requestAll(): void {
    for (const r of this.remotes.values()) if (r.subscriber === null && r.requestId === null) this.requestOffer(r, 0);
  }

  /**
   * Asks the publisher's stream; retried while no offer came (the publisher may still be negotiating). One
   * requestoffer per remote at a time. Two in flight make the signaling server re-join the Janus subscriber
   * and offer twice; the answer to the first offer then lands on the second handle and that subscription never
   * connects (seen after a signaling restart with four participants: one client got 2 of 3 streams back).
   * Asked again only after the server refused (error with our id) or stayed silent for 8 s.
   */
  private requestOffer(r: Remote, attempt: number): void {
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    r.requestTimer = null;
    if (this.state.signaling === null) return;
    const id = `req-${String(++this.nextRequest)}`;
    r.requestId = id;
    r.requestAttempt = attempt;
    this.state.sendPeer({ type: 'session', sessionid: r.id }, { type: 'requestoffer', roomType: 'video' }, id);
    r.requestTimer = setTimeout(() => {
      r.requestTimer = null;
      if (r.requestId !== id) return;
      r.requestId = null;
      this.retryRequest(r, 0);
    }, 8000);
  }

  /**
   * An error answering one of our messages. A refused requestoffer (e.g. the publisher is not in the call yet): ask
   * again a little later. `client_not_found` for our answer or candidates: the signaling server no longer has that
   * subscription (a requestoffer raced its re-join), so this connection can never work: ask for a fresh offer at once
   * instead of waiting for the watchdog.
   */
  refused(id: string | undefined, code?: string): void {
    const sent = id === undefined ? undefined : this.subscriberMessages.get(id);
    if (sent !== undefined) {
      this.subscriberMessages.delete(id ?? '');
      const r = this.remotes.get(sent.remoteId);
      if (code !== 'client_not_found' || r === undefined || r.subscriber?.sid !== sent.sid || r.requestId !== null) return;
      this.forgetMessagesOf(r.id);
      this.closeSubscriber(r);
      this.changed(r);
      this.requestOffer(r, 0);
      return;
    }
    const r = [...this.remotes.values()].find((x) => x.requestId !== null && x.requestId === id);
    if (r === undefined) return;
    r.requestId = null;
    this.retryRequest(r, 1000 + Math.random() * 1000);
  }

  /** An id for one answer or candidate to a publisher's subscription, remembered until that subscription ends. */
  private subscriberMessageId(remoteId: string, sid: string): string {
    const id = `sub-${String(++this.nextRequest)}`;
    this.subscriberMessages.set(id, { remoteId, sid });
    return id;
  }

  private forgetMessagesOf(remoteId: string): void {
    for (const [id, m] of this.subscriberMessages) if (m.remoteId === remoteId) this.subscriberMessages.delete(id);
  }

  private retryRequest(r: Remote, delay: number): void {
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    r.requestTimer = setTimeout(() => {
      r.requestTimer = null;
      if (this.remotes.get(r.id) === r && r.subscriber === null && r.requestId === null && r.requestAttempt < 10) this.requestOffer(r, r.requestAttempt + 1);
    }, delay);
  }

  /** Their hand went up (with the sender's time) or down. */
  onHand(r: Remote, data: Extract<PeerData, { type: 'raiseHand' }>): void {
    r.handRaisedAt = data.payload.state ? (data.payload.timestamp ?? Date.now()) : null;
    this.changed(r);
  }

  /** A camera/microphone message of a participant: Janus's offer for their stream, or a candidate for it. */
  async onPeerMessage(r: Remote, data: PeerData): Promise<void> {
    if (data.type === 'offer') await this.onOffer(r, data);
    else if (data.type === 'candidate' && r.subscriber !== null) await this.state.addCandidate(r.subscriber.pc, data.payload.candidate);
  }

  private async onOffer(r: Remote, data: Offer): Promise<void> {
    // An offer came: no more asking (a slow ICE/DTLS setup must not be torn down by a retry); ask again on failure.
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    r.requestTimer = null;
    r.requestId = null;
    const { sid } = data;
    const current = r.subscriber;
    if (current !== null && current.sid === sid && current.pc.connectionState !== 'closed' && current.pc.signalingState === 'stable') {
      // The same subscription offered again (a renegotiation, e.g. the publisher added audio): keep the connection.
      await current.pc.setRemoteDescription({ type: 'offer', sdp: data.payload.sdp });
      await this.state.sendAnswer(current.pc, r.id, sid, 'video', this.subscriberMessageId(r.id, sid));
      this.watchSubscriber(r, current.pc);
      return;
    }
    current?.pc.close();
    this.forgetMessagesOf(r.id);
    const pc = this.subscribe(r, sid);
    this.state.sendCandidates(pc, r.id, sid, 'video', () => this.subscriberMessageId(r.id, sid));
    await pc.setRemoteDescription({ type: 'offer', sdp: data.payload.sdp });
    await this.state.sendAnswer(pc, r.id, sid, 'video', this.subscriberMessageId(r.id, sid));
    // A fresh subscription sends everything: keep a video the UI does not want switched off.
    if (this.unwantedVideo.has(r.id)) this.selectVideo(r, sid, false);
    this.watchSubscriber(r, pc);
  }

  /** A new subscription: its tracks become the participant's stream; a failed one asks again. */
  private subscribe(r: Remote, sid: string): RTCPeerConnection {
    const pc = this.state.newPeer();
    r.subscriber = { pc, sid };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && r.subscriber?.pc === pc && this.remotes.get(r.id) === r) {
        r.subscriber = null;
        pc.close();
        r.stream = null;
        this.requestOffer(r, 0);
      }
    };
    const stream = new MediaStream();
    pc.ontrack = (ev) => {
      stream.addTrack(ev.track);
      r.stream = stream;
      if (r.requestTimer !== null) clearTimeout(r.requestTimer);
      r.requestTimer = null;
      this.state.events.emit('trackAdded', { participantId: r.id, track: ev.track });
      this.changed(r);
    };
    return pc;
  }

  /**
   * A subscription that answered but never connects (its Janus handle replaced by a later offer, lost candidates)
   * would stay silent forever without 'failed': ask for a fresh offer if it is not connected within 12 s.
   */
  private watchSubscriber(r: Remote, pc: RTCPeerConnection): void {
    setTimeout(() => {
      if (r.subscriber?.pc !== pc || this.remotes.get(r.id) !== r || pc.connectionState === 'connected' || r.requestId !== null) return;
      r.subscriber = null;
      pc.close();
      r.stream = null;
      this.requestOffer(r, 0);
    }, 12_000);
  }

  /** Asks Janus (through the signaling server's selectStream) to send or stop this subscription's video. */
  private selectVideo(r: Remote, sid: string, wanted: boolean): void {
    this.state.sendPeer({ type: 'session', sessionid: r.id }, { type: 'selectStream', sid, roomType: 'video', payload: { video: wanted } });
  }

  setRemoteVideoWanted(participantId: string, wanted: boolean): void {
    if (wanted === !this.unwantedVideo.has(participantId)) return;
    if (wanted) this.unwantedVideo.delete(participantId);
    else this.unwantedVideo.add(participantId);
    const r = this.remotes.get(participantId);
    if (r?.subscriber != null) this.selectVideo(r, r.subscriber.sid, wanted);
  }

  /**
   * Speaking and connection quality per participant from the subscriptions' WebRTC statistics (Janus sends no
   * such events), once a second while the page is visible.
   */
  startStats(): void {
    if (this.statsTimer !== null) return;
    this.statsTimer = setInterval(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      this.sampleStats().catch((err: unknown) => {
        console.warn('lessons: reading call statistics failed', err);
      });
    }, 1000);
  }

  stopStats(): void {
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    this.statsTimer = null;
  }

  private async sampleStats(): Promise<void> {
    for (const r of [...this.remotes.values()]) {
      const pc = r.subscriber?.pc;
      if (pc === undefined || pc.connectionState === 'closed') continue;
      let monitor = this.monitors.get(pc);
      if (monitor === undefined) {
        monitor = new MediaStatsMonitor();
        this.monitors.set(pc, monitor);
      }
      const tracks = await monitor.sample(pc);
      if (tracks.length === 0 || this.remotes.get(r.id) !== r) continue;
      const speaking = tracks.some((t) => t.kind === 'audio' && t.speaking);
      const quality = worstQuality(tracks.map((t) => t.quality));
      if (speaking === r.speaking && quality === r.quality) continue;
      if (speaking !== r.speaking) this.state.events.emit('speaking', { participantId: r.id, speaking });
      if (quality !== r.quality) this.state.events.emit('quality', { participantId: r.id, quality });
      r.speaking = speaking;
      r.quality = quality;
      this.changed(r);
    }
  }
}
