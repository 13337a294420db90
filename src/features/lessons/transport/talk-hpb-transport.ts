/**
 * CallTransport over Talk's high-performance backend: Talk's REST API (through the gateway) for the room
 * session and the call, the standalone signaling server for everything live, Janus behind it as the SFU.
 * Publishing: an offer to the own signaling session; subscribing: `requestoffer` to each publisher.
 */
import { z } from 'zod';
import { ocsRequest } from '../../../api/ocs';
import { isApiError } from '../../../api/api-error';
import {
  CallTransportError,
  Emitter,
  newRemoteParticipant,
  type CallTransport,
  type CallTransportEvents,
  type LocalMedia,
  type LocalState,
  type RemoteParticipant,
  type TransportState,
} from './call-transport';
import { cameraConstraints, microphoneConstraints } from '../lib/media-constraints';
import { MediaStatsMonitor, worstQuality } from './media-stats';
import { SignalingConnection, SignalingError, str, type Json, type ServerMessage, type SignalingAuth } from './signaling-connection';

const SPREED = '/ocs/v2.php/apps/spreed/api';
const FLAG_IN_CALL = 1;
const FLAG_WITH_AUDIO = 2;
const FLAG_WITH_VIDEO = 4;
const PERM_PUBLISH_AUDIO = 16;
const PERM_PUBLISH_VIDEO = 32;
const PERM_PUBLISH_SCREEN = 64;
/**
 * Our peer message announcing a shared screen (state true/false), sent to the room and to newcomers: others then
 * ask for the 'screen' stream. Talk's own clients end a share with 'unshareScreen', which we also understand.
 */
const SCREEN_MESSAGE = 'screenShare';
/** Talk's two streams per participant: camera and microphone ('video'), and a shared screen. */
type StreamType = 'video' | 'screen';

const settingsSchema = z.object({
  signalingMode: z.string(),
  server: z.string(),
  ticket: z.string(),
  userId: z.string().nullable(),
  helloAuthParams: z.object({ '1.0': z.object({ userid: z.string().nullable(), ticket: z.string() }), '2.0': z.object({ token: z.string() }) }),
  stunservers: z.array(z.object({ urls: z.array(z.string()) })),
});

const roomSchema = z.object({ sessionId: z.string(), permissions: z.number(), displayName: z.string() });
const attendeesSchema = z.array(z.object({ attendeeId: z.number(), actorType: z.string(), actorId: z.string() }));

/** Publishing audio allowed, from a participant entry of an in-call / participants update (names or Talk's bits). */
function audioAllowed(u: Json): boolean | null {
  if (Array.isArray(u['permissions'])) {
    const p = u['permissions'] as unknown[];
    return p.includes('publish-audio') || p.includes('publish-media');
  }
  if (typeof u['participantPermissions'] === 'number') return (u['participantPermissions'] & PERM_PUBLISH_AUDIO) !== 0;
  return null;
}

function screenAllowed(u: Json): boolean | null {
  if (Array.isArray(u['permissions'])) {
    const p = u['permissions'] as unknown[];
    return p.includes('publish-screen');
  }
  if (typeof u['participantPermissions'] === 'number') return (u['participantPermissions'] & PERM_PUBLISH_SCREEN) !== 0;
  return null;
}

function videoAllowed(u: Json): boolean | null {
  if (Array.isArray(u['permissions'])) {
    const p = u['permissions'] as unknown[];
    return p.includes('publish-video') || p.includes('publish-media');
  }
  if (typeof u['participantPermissions'] === 'number') return (u['participantPermissions'] & PERM_PUBLISH_VIDEO) !== 0;
  return null;
}

/** The Nextcloud URL: the v2 token's issuer (the browser only knows the gateway). */
function backendFromToken(token: string): string | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iss?: unknown };
    return typeof json.iss === 'string' ? json.iss.replace(/\/+$/, '') : null;
  } catch (err) {
    console.warn('lessons: unreadable signaling token', err);
    return null;
  }
}

interface Peer {
  pc: RTCPeerConnection;
  sid: string;
}

interface Remote extends RemoteParticipant {
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

export interface TalkHpbOptions {
  token: string;
  /** getUserMedia, replaceable in tests. */
  getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>;
}

export class TalkHpbTransport implements CallTransport {
  state: TransportState = 'idle';
  local: LocalState = { stream: null, audioOn: false, videoOn: false, mayPublishAudio: false, mayPublishVideo: false, handRaised: false, screenSharing: false, mayPublishScreen: false };
  private handRaisedAt: number | null = null;
  private readonly events = new Emitter<CallTransportEvents>();
  private signaling: SignalingConnection | null = null;
  private roomSessionId = '';
  private displayName = '';
  private readonly remotes = new Map<string, Remote>();
  private publisher: Peer | null = null;
  private iceServers: RTCIceServer[] = [];
  private media: LocalMedia = { audio: false, video: true };
  private inRoom = false;
  /** Our session is in the signaling server's call: only then does it pass our requestoffers on. */
  private inCall = false;
  /** Talk accepted our call join (POST/PUT call): the server will learn it from Talk shortly. */
  private callJoined = false;
  private serverSeesUsInCall = false;
  private nextRequest = 0;
  /** Our shared screen's publisher (roomType 'screen'), while sharing. */
  private screenPublisher: (Peer & { stream: MediaStream }) | null = null;
  /** Participants whose camera video the UI does not want now (see setRemoteVideoWanted). */
  private readonly unwantedVideo = new Set<string>();
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly monitors = new WeakMap<RTCPeerConnection, MediaStatsMonitor>();

  constructor(private readonly opts: TalkHpbOptions) {}

  on<K extends keyof CallTransportEvents>(event: K, listener: (payload: CallTransportEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  participants(): RemoteParticipant[] {
    return [...this.remotes.values()].map((r) => this.view(r));
  }

  async connect(media: LocalMedia): Promise<void> {
    this.media = media;
    this.setState('connecting');
    const token = this.opts.token;
    const room = await this.joinTalkRoom();
    const settings = await ocsRequest(`${SPREED}/v3/signaling/settings?token=${encodeURIComponent(token)}`, settingsSchema);
    if (settings.signalingMode !== 'external' || settings.server === '') throw new CallTransportError('connection-failed', 'no high-performance backend configured');
    this.iceServers = settings.stunservers.filter((s) => !s.urls.some((u) => u.includes('stun.nextcloud.com')));
    this.applyPermissions(room.permissions);
    await this.acquireMedia();
    const wsUrl = `${settings.server.replace(/^http/, 'ws').replace(/\/+$/, '')}/spreed`;
    let first: SignalingAuth | null = this.authFrom(settings);
    this.signaling = new SignalingConnection({
      url: wsUrl,
      auth: async () => {
        if (first !== null) {
          const a = first;
          first = null;
          return a;
        }
        return this.authFrom(await ocsRequest(`${SPREED}/v3/signaling/settings?token=${encodeURIComponent(token)}`, settingsSchema));
      },
      onMessage: (m) => {
        this.onSignalingMessage(m);
      },
      onState: (s) => {
        if (s === 'reconnecting') {
          if (this.state === 'connected') this.events.emit('reconnecting', undefined);
          this.setState('reconnecting');
        }
      },
      onSession: (info) => {
        if (!info.first) void this.afterReconnect(info.resumed);
      },
    });
    await this.signaling.start();
    await this.joinSignalingRoom();
    // Join the call in Talk once in the signaling room, so everyone's in-call update names our signaling session
    // (teachers start the call; Talk answers 403 to students when none is running).
    try {
      await this.setCallFlags('POST');
    } catch (err) {
      this.stopMedia();
      this.signaling.close();
      this.signaling = null;
      this.inRoom = false;
      if (isApiError(err) && err.status === 403) throw new CallTransportError('cannot-start');
      throw err;
    }
    this.callJoined = true;
    this.assumeInCallSoon();
    this.setState('connected');
    this.startStats();
    await this.publish();
  }

  /**
   * Speaking and connection quality per participant from the subscriptions' WebRTC statistics (Janus sends no
   * such events), once a second while the page is visible.
   */
  private startStats(): void {
    if (this.statsTimer !== null) return;
    this.statsTimer = setInterval(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      this.sampleStats().catch((err: unknown) => {
        console.warn('lessons: reading call statistics failed', err);
      });
    }, 1000);
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
      if (speaking !== r.speaking) this.events.emit('speaking', { participantId: r.id, speaking });
      if (quality !== r.quality) this.events.emit('quality', { participantId: r.id, quality });
      r.speaking = speaking;
      r.quality = quality;
      this.events.emit('participantChanged', this.view(r));
    }
  }

  /** Our own in-call update normally says when the server knows we joined; should it not come, go on after 3 s. */
  private assumeInCallSoon(): void {
    if (this.serverSeesUsInCall && !this.inCall) {
      this.inCall = true;
      this.requestAllOffers();
      return;
    }
    setTimeout(() => {
      if (!this.callJoined || this.inCall) return;
      this.inCall = true;
      this.requestAllOffers();
    }, 3000);
  }

  /** Asks everyone known for their stream (after our own call join: before it the server refuses requestoffer). */
  private requestAllOffers(): void {
    for (const r of this.remotes.values()) if (r.subscriber === null && r.requestId === null) this.requestOffer(r, 0);
  }

  private authFrom(settings: z.infer<typeof settingsSchema>): SignalingAuth {
    const v2 = settings.helloAuthParams['2.0'].token;
    const backend = backendFromToken(v2);
    if (backend === null) throw new CallTransportError('connection-failed', 'no backend URL in the signaling token');
    return { url: `${backend}/ocs/v2.php/apps/spreed/api/v3/signaling/backend`, version: '2.0', params: { token: v2 } };
  }

  private async joinTalkRoom(): Promise<z.infer<typeof roomSchema>> {
    const room = await ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(this.opts.token)}/participants/active`, roomSchema, { method: 'POST', json: { force: true } });
    this.roomSessionId = room.sessionId;
    this.displayName = room.displayName;
    return room;
  }

  private async setCallFlags(method: 'POST' | 'PUT'): Promise<void> {
    let flags = FLAG_IN_CALL;
    if (this.local.stream?.getAudioTracks().length) flags |= FLAG_WITH_AUDIO;
    if (this.local.stream?.getVideoTracks().length) flags |= FLAG_WITH_VIDEO;
    await ocsRequest(`${SPREED}/v4/call/${encodeURIComponent(this.opts.token)}`, z.unknown(), { method, json: { flags, silent: false } });
  }

  private applyPermissions(perms: number): void {
    this.local = {
      ...this.local,
      mayPublishAudio: (perms & PERM_PUBLISH_AUDIO) !== 0,
      mayPublishVideo: (perms & PERM_PUBLISH_VIDEO) !== 0,
      mayPublishScreen: (perms & PERM_PUBLISH_SCREEN) !== 0,
    };
  }

  private async acquireMedia(): Promise<void> {
    const wantAudio = this.media.audio && this.local.mayPublishAudio;
    const wantVideo = this.media.video && this.local.mayPublishVideo;
    if (!wantAudio && !wantVideo) return;
    const gum = this.opts.getUserMedia ?? ((c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c));
    try {
      const stream = await gum({
        audio: wantAudio ? microphoneConstraints(this.media.audioDeviceId) : false,
        video: wantVideo ? cameraConstraints(this.media.videoDeviceId, this.media.dataSaver === true) : false,
      });
      this.local = { ...this.local, stream, audioOn: wantAudio, videoOn: wantVideo };
      this.events.emit('local', this.local);
    } catch (err) {
      throw new CallTransportError('media-denied', err instanceof Error ? err.message : String(err));
    }
  }

  private stopMedia(): void {
    for (const t of this.local.stream?.getTracks() ?? []) t.stop();
    this.local = { ...this.local, stream: null, audioOn: false, videoOn: false };
  }

  private async joinSignalingRoom(): Promise<void> {
    const s = this.signaling;
    if (s === null) return;
    try {
      await s.request({ type: 'room', room: { roomid: this.opts.token, sessionid: this.roomSessionId } });
    } catch (err) {
      if (!(err instanceof SignalingError) || err.code !== 'no_such_room') throw err;
      // Talk ended our room session meanwhile: join it again, then the call.
      await this.joinTalkRoom();
      await this.setCallFlags('POST');
      await s.request({ type: 'room', room: { roomid: this.opts.token, sessionid: this.roomSessionId } });
    }
    this.inRoom = true;
  }

  private async afterReconnect(resumed: boolean): Promise<void> {
    if (!resumed) {
      // A new signaling session: the old publisher and subscriptions died with the old one.
      this.publisher?.pc.close();
      this.publisher = null;
      // A shared screen's publisher died with the session too: the share ends (the button offers it again).
      this.stopScreenShare();
      for (const r of this.remotes.values()) {
        r.subscriber?.pc.close();
        r.subscriber = null;
        this.dropScreen(r);
        this.events.emit('participantLeft', { id: r.id });
      }
      this.remotes.clear();
      this.inCall = false;
      this.callJoined = false;
      this.serverSeesUsInCall = false;
      try {
        await this.joinSignalingRoom();
        // A restarted signaling server does not know who is in the call. Talk tells it only when call flags
        // change, so announce the call again: in call without media, then with it.
        await ocsRequest(`${SPREED}/v4/call/${encodeURIComponent(this.opts.token)}`, z.unknown(), { method: 'PUT', json: { flags: FLAG_IN_CALL } });
        await this.setCallFlags('PUT');
        this.callJoined = true;
        this.assumeInCallSoon();
        await this.publish();
      } catch (err) {
        this.events.emit('error', new CallTransportError('connection-failed', err instanceof Error ? err.message : String(err)));
        return;
      }
    }
    this.setState('connected');
    this.events.emit('reconnected', undefined);
  }

  private newPeer(): RTCPeerConnection {
    return new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: 'max-bundle' });
  }

  private sendCandidates(pc: RTCPeerConnection, to: string, sid: string, roomType: StreamType = 'video'): void {
    pc.onicecandidate = (ev) => {
      if (ev.candidate === null) return;
      this.signaling?.send({
        type: 'message',
        message: {
          recipient: { type: 'session', sessionid: to },
          data: { to, type: 'candidate', sid, roomType, payload: { candidate: { candidate: ev.candidate.candidate, sdpMLineIndex: ev.candidate.sdpMLineIndex, sdpMid: ev.candidate.sdpMid } } },
        },
      });
    };
  }

  private async publish(): Promise<void> {
    const s = this.signaling;
    const stream = this.local.stream;
    if (s === null || s.sessionId === null || stream === null || stream.getTracks().length === 0) return;
    const own = s.sessionId;
    const sid = String(Date.now());
    const pc = this.newPeer();
    this.publisher = { pc, sid };
    for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });
    this.sendCandidates(pc, own, sid);
    await this.sendOffer(pc, own, sid);
  }

  /** Sends the publisher's (re)offer; resolves when Janus answered, rejects with not-allowed when refused. */
  private async sendOffer(pc: RTCPeerConnection, own: string, sid: string, roomType: StreamType = 'video'): Promise<void> {
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const s = this.signaling;
    if (s === null) return;
    const id = `offer-${sid}-${String(Date.now())}`;
    const answer = new Promise<void>((resolve, reject) => {
      this.pendingAnswers.set(roomType, { id, resolve, reject });
    });
    try {
      s.send({
        id,
        type: 'message',
        message: {
          recipient: { type: 'session', sessionid: own },
          data: { to: own, type: 'offer', sid, roomType, payload: { type: 'offer', sdp: offer.sdp ?? '', nick: this.displayName } },
        },
      });
    } catch (err) {
      this.pendingAnswers.delete(roomType);
      throw err;
    }
    await answer;
  }

  /** The own offer of each stream type that Janus has not answered yet (by the message id the server echoes). */
  private readonly pendingAnswers = new Map<StreamType, { id: string; resolve: () => void; reject: (e: Error) => void }>();
  private peerMessages: Promise<void> = Promise.resolve();

  private onSignalingMessage(m: ServerMessage): void {
    if (m.type === 'error') {
      const e = (m['error'] ?? {}) as Json;
      // Errors answer one message (by id): a refused requestoffer must not fail our own publishing.
      for (const [roomType, pending] of this.pendingAnswers) {
        if (m.id !== pending.id) continue;
        pending.reject(new CallTransportError(e['code'] === 'not_allowed' ? 'not-allowed' : 'connection-failed', str(e['message'], '')));
        this.pendingAnswers.delete(roomType);
        return;
      }
      const r = [...this.remotes.values()].find((x) => x.requestId !== null && x.requestId === m.id);
      if (r !== undefined) {
        // Refused (e.g. the publisher is not in the call yet): ask again a little later.
        r.requestId = null;
        this.retryRequest(r, 1000 + Math.random() * 1000);
      }
      return;
    }
    if (m.type === 'event') {
      this.onEvent((m['event'] ?? {}) as Json);
      return;
    }
    if (m.type === 'message') {
      const msg = (m['message'] ?? {}) as Json;
      const sender = (msg['sender'] ?? {}) as Json;
      // One at a time, in order: a candidate must not reach a connection before the offer it belongs to was applied
      // (addIceCandidate before setRemoteDescription fails, and the candidate would be lost).
      const from = str(sender['sessionid'], '');
      const data = (msg['data'] ?? {}) as Json;
      this.peerMessages = this.peerMessages
        .then(() => this.onPeerMessage(from, data))
        .catch((err: unknown) => {
          console.warn('lessons: peer message failed', err);
        });
    }
  }

  private onEvent(ev: Json): void {
    if (ev['target'] === 'room' && ev['type'] === 'join') {
      for (const j of (ev['join'] ?? []) as Json[]) {
        const id = str(j['sessionid'], '');
        if (id === '' || id === this.signaling?.sessionId || this.remotes.has(id)) continue;
        const user = (j['user'] ?? {}) as Json;
        const r: Remote = {
          ...newRemoteParticipant(
            id,
            typeof j['userid'] === 'string' ? j['userid'] : null,
            typeof user['displayname'] === 'string' ? user['displayname'] : '',
          ),
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
        this.events.emit('participantJoined', this.view(r));
        if (this.inCall) this.requestOffer(r, 0);
        // Newcomers learn a raised hand from us directly (Talk's clients do the same).
        if (this.handRaisedAt !== null) this.sendRaiseHand({ type: 'session', sessionid: id });
        if (this.screenPublisher !== null) this.sendScreenState({ type: 'session', sessionid: id });
      }
    } else if (ev['target'] === 'room' && ev['type'] === 'switchto') {
      // Breakout rooms: the signaling server tells us to follow Talk into another conversation.
      const to = str(((ev['switchto'] ?? {}) as Json)['roomid'], '');
      if (to !== '') this.events.emit('switchTo', { token: to });
    } else if (ev['target'] === 'room' && ev['type'] === 'leave') {
      for (const id of (ev['leave'] ?? []) as string[]) this.dropRemote(id);
    } else if (ev['target'] === 'participants' && ev['type'] === 'update') {
      const update = (ev['update'] ?? {}) as Json;
      for (const u of (update['users'] ?? []) as Json[]) this.onParticipant(u);
    }
  }

  private onParticipant(u: Json): void {
    const id = str(u['sessionId'], '');
    const inCall = typeof u['inCall'] === 'number' ? u['inCall'] : 0;
    if (id === this.signaling?.sessionId) {
      // The server knows we are in the call (Talk told it): from now on it passes our requestoffers on.
      this.serverSeesUsInCall = (inCall & FLAG_IN_CALL) !== 0;
      if (this.serverSeesUsInCall && this.callJoined && !this.inCall) {
        this.inCall = true;
        this.requestAllOffers();
      }
      // The signaling server passes Talk's participantPermissions bits on (it drops the names).
      const mayPublishAudio = audioAllowed(u);
      if (mayPublishAudio !== null) {
        const mayPublishVideo = videoAllowed(u) ?? this.local.mayPublishVideo;
        const mayPublishScreen = screenAllowed(u) ?? this.local.mayPublishScreen;
        this.local = { ...this.local, mayPublishAudio, mayPublishVideo, mayPublishScreen };
        if (!mayPublishScreen) this.stopScreenShare();
        this.dropDisallowedMedia();
        this.events.emit('local', this.local);
      }
      return;
    }
    const r = this.remotes.get(id);
    if (r === undefined) return;
    r.mayPublishAudio = audioAllowed(u) ?? r.mayPublishAudio;
    // Owner, moderator or guest moderator: a teacher (the speaker view shows one while nobody speaks).
    const type = u['participantType'];
    if (typeof type === 'number') r.moderator = type === 1 || type === 2 || type === 6;
    const before = r.inCall;
    r.inCall = inCall;
    r.audioPublished = (inCall & FLAG_WITH_AUDIO) !== 0;
    r.videoPublished = (inCall & FLAG_WITH_VIDEO) !== 0;
    if (inCall === 0) {
      r.subscriber?.pc.close();
      r.subscriber = null;
      r.stream = null;
    } else if ((inCall & (FLAG_WITH_AUDIO | FLAG_WITH_VIDEO)) !== 0) {
      // Ask again only when nothing is asked or negotiated yet, or the publisher added a kind of media: every extra
      // requestoffer makes the signaling server offer again, and a stale offer could replace a working subscription.
      const gained = (inCall & ~before & (FLAG_WITH_AUDIO | FLAG_WITH_VIDEO)) !== 0;
      // Lost a kind of media (the word taken back): the server closed that publisher and the publisher publishes
      // afresh, so this subscription is dead even if its connection does not know yet.
      const lost = before > 0 && (before & ~inCall & (FLAG_WITH_AUDIO | FLAG_WITH_VIDEO)) !== 0;
      if (lost && r.subscriber !== null) {
        r.subscriber.pc.close();
        r.subscriber = null;
        r.stream = null;
      }
      // A request made while the remote was known not to be in the call was refused (silently): ask again now.
      // (Unknown before, -1: the pending request may be waiting for the publisher; a second one would duplicate it.)
      const refusedBefore = before === 0 && r.subscriber === null;
      if (this.inCall && (refusedBefore || (r.requestId === null && (r.subscriber === null || gained)))) this.requestOffer(r, 0);
    }
    this.events.emit('participantChanged', this.view(r));
  }

  /** Asks the publisher's stream; retried while no offer came (the publisher may still be negotiating). */
  /**
   * One requestoffer per remote at a time. Two in flight make the signaling server re-join the Janus subscriber
   * and offer twice; the answer to the first offer then lands on the second handle and that subscription never
   * connects (seen after a signaling restart with four participants: one client got 2 of 3 streams back).
   * Asked again only after the server refused (error with our id) or stayed silent for 8 s.
   */
  private requestOffer(r: Remote, attempt: number): void {
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    r.requestTimer = null;
    const s = this.signaling;
    if (s === null) return;
    const id = `req-${String(++this.nextRequest)}`;
    r.requestId = id;
    r.requestAttempt = attempt;
    s.send({ id, type: 'message', message: { recipient: { type: 'session', sessionid: r.id }, data: { type: 'requestoffer', roomType: 'video' } } });
    r.requestTimer = setTimeout(() => {
      r.requestTimer = null;
      if (r.requestId !== id) return;
      r.requestId = null;
      this.retryRequest(r, 0);
    }, 8000);
  }

  private retryRequest(r: Remote, delay: number): void {
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    r.requestTimer = setTimeout(() => {
      r.requestTimer = null;
      if (this.remotes.get(r.id) === r && r.subscriber === null && r.requestId === null && r.requestAttempt < 10) this.requestOffer(r, r.requestAttempt + 1);
    }, delay);
  }

  private async onPeerMessage(from: string, data: Json): Promise<void> {
    const type = data['type'];
    const sid = str(data['sid'], '');
    const payload = (data['payload'] ?? {}) as Json;
    const own = this.signaling?.sessionId;
    if (from === own) {
      // Janus answering one of our publishers: the camera/microphone one ('video') or the shared screen.
      const roomType: StreamType = data['roomType'] === 'screen' ? 'screen' : 'video';
      const pub = roomType === 'screen' ? this.screenPublisher : this.publisher;
      if (pub === null) return;
      if (type === 'answer' && pub.pc.signalingState === 'have-local-offer') {
        await pub.pc.setRemoteDescription({ type: 'answer', sdp: str(payload['sdp'], '') });
        this.pendingAnswers.get(roomType)?.resolve();
        this.pendingAnswers.delete(roomType);
      } else if (type === 'candidate') {
        await this.addCandidate(pub.pc, payload);
      }
      return;
    }
    const r = this.remotes.get(from);
    if (r === undefined) return;
    if (type === SCREEN_MESSAGE || type === 'unshareScreen') {
      const sharing = type === SCREEN_MESSAGE && payload['state'] === true;
      r.sharingScreen = sharing;
      if (sharing && r.screenSubscriber === null) this.requestScreen(r);
      if (!sharing) this.dropScreen(r);
      this.events.emit('participantChanged', this.view(r));
      return;
    }
    if (data['roomType'] === 'screen') {
      await this.onScreenPeerMessage(r, type, sid, payload);
      return;
    }
    if (type === 'raiseHand') {
      const raised = payload['state'] === true;
      r.handRaisedAt = raised ? (typeof payload['timestamp'] === 'number' ? payload['timestamp'] : Date.now()) : null;
      this.events.emit('participantChanged', this.view(r));
      return;
    }
    if (type === 'offer') {
      // An offer came: no more asking (a slow ICE/DTLS setup must not be torn down by a retry); ask again on failure.
      if (r.requestTimer !== null) clearTimeout(r.requestTimer);
      r.requestTimer = null;
      r.requestId = null;
      const current = r.subscriber;
      if (current !== null && current.sid === sid && current.pc.connectionState !== 'closed' && current.pc.signalingState === 'stable') {
        // The same subscription offered again (a renegotiation, e.g. the publisher added audio): keep the connection.
        await current.pc.setRemoteDescription({ type: 'offer', sdp: str(payload['sdp'], '') });
        await this.sendAnswer(current.pc, from, sid);
        this.watchSubscriber(r, current.pc);
        return;
      }
      current?.pc.close();
      const pc = this.newPeer();
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
        this.events.emit('trackAdded', { participantId: r.id, track: ev.track });
        this.events.emit('participantChanged', this.view(r));
      };
      this.sendCandidates(pc, from, sid);
      await pc.setRemoteDescription({ type: 'offer', sdp: str(payload['sdp'], '') });
      await this.sendAnswer(pc, from, sid);
      // A fresh subscription sends everything: keep a video the UI does not want switched off.
      if (this.unwantedVideo.has(r.id)) this.selectVideo(r, sid, false);
      this.watchSubscriber(r, pc);
    } else if (type === 'candidate' && r.subscriber !== null) {
      await this.addCandidate(r.subscriber.pc, payload);
    }
  }

  private async sendAnswer(pc: RTCPeerConnection, to: string, sid: string, roomType: StreamType = 'video'): Promise<void> {
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.signaling?.send({
      type: 'message',
      message: { recipient: { type: 'session', sessionid: to }, data: { to, type: 'answer', sid, roomType, payload: { type: 'answer', sdp: answer.sdp ?? '', nick: this.displayName } } },
    });
  }

  /** Asks Janus (through the signaling server's selectStream) to send or stop this subscription's video. */
  private selectVideo(r: Remote, sid: string, wanted: boolean): void {
    this.signaling?.send({
      type: 'message',
      message: { recipient: { type: 'session', sessionid: r.id }, data: { type: 'selectStream', sid, roomType: 'video', payload: { video: wanted } } },
    });
  }

  setRemoteVideoWanted(participantId: string, wanted: boolean): void {
    if (wanted === !this.unwantedVideo.has(participantId)) return;
    if (wanted) this.unwantedVideo.delete(participantId);
    else this.unwantedVideo.add(participantId);
    const r = this.remotes.get(participantId);
    if (r?.subscriber != null) this.selectVideo(r, r.subscriber.sid, wanted);
  }

  private requestScreen(r: Remote): void {
    this.signaling?.send({ type: 'message', message: { recipient: { type: 'session', sessionid: r.id }, data: { type: 'requestoffer', roomType: 'screen' } } });
  }

  private dropScreen(r: Remote): void {
    r.screenSubscriber?.pc.close();
    r.screenSubscriber = null;
    r.screenStream = null;
  }

  /** A participant's shared screen: its own subscription, shown apart from the camera. */
  private async onScreenPeerMessage(r: Remote, type: unknown, sid: string, payload: Json): Promise<void> {
    if (type === 'offer') {
      this.dropScreen(r);
      const pc = this.newPeer();
      r.screenSubscriber = { pc, sid };
      const stream = new MediaStream();
      pc.ontrack = (ev) => {
        stream.addTrack(ev.track);
        r.screenStream = stream;
        this.events.emit('participantChanged', this.view(r));
      };
      this.sendCandidates(pc, r.id, sid, 'screen');
      await pc.setRemoteDescription({ type: 'offer', sdp: str(payload['sdp'], '') });
      await this.sendAnswer(pc, r.id, sid, 'screen');
    } else if (type === 'candidate' && r.screenSubscriber !== null) {
      await this.addCandidate(r.screenSubscriber.pc, payload);
    }
  }

  /** Publishes the own screen as the 'screen' stream (the signaling server checks Talk's publish-screen permission). */
  async setScreenShare(on: boolean): Promise<void> {
    if (!on) {
      this.stopScreenShare();
      return;
    }
    if (this.screenPublisher !== null) return;
    const own = this.signaling?.sessionId;
    if (this.signaling === null || own === null || own === undefined) throw new CallTransportError('connection-failed');
    if (!this.local.mayPublishScreen) throw new CallTransportError('not-allowed');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 10, max: 15 } }, audio: false });
    } catch (err) {
      throw new CallTransportError('media-denied', err instanceof Error ? err.message : String(err));
    }
    const track = stream.getVideoTracks()[0];
    if (track === undefined) throw new CallTransportError('media-denied');
    // The browser's own "stop sharing" ends the track.
    track.addEventListener('ended', () => {
      if (this.screenPublisher?.stream === stream) this.stopScreenShare();
    });
    const sid = `screen-${String(Date.now())}`;
    const pc = this.newPeer();
    this.screenPublisher = { pc, sid, stream };
    pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    this.sendCandidates(pc, own, sid, 'screen');
    try {
      await this.sendOffer(pc, own, sid, 'screen');
    } catch (err) {
      this.screenPublisher = null;
      pc.close();
      for (const t of stream.getTracks()) t.stop();
      throw err;
    }
    this.local = { ...this.local, screenSharing: true };
    this.events.emit('local', this.local);
    this.sendScreenState({ type: 'room' });
  }

  private sendScreenState(recipient: Json): void {
    const sharing = this.screenPublisher !== null;
    this.signaling?.send({ type: 'message', message: { recipient, data: { type: sharing ? SCREEN_MESSAGE : 'unshareScreen', roomType: 'screen', payload: { state: sharing } } } });
  }

  private stopScreenShare(): void {
    const sp = this.screenPublisher;
    if (sp === null) return;
    this.screenPublisher = null;
    sp.pc.close();
    for (const t of sp.stream.getTracks()) t.stop();
    this.pendingAnswers.delete('screen');
    this.local = { ...this.local, screenSharing: false };
    this.events.emit('local', this.local);
    this.sendScreenState({ type: 'room' });
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

  private async addCandidate(pc: RTCPeerConnection, payload: Json): Promise<void> {
    const c = (payload['candidate'] ?? {}) as Json;
    const candidate = typeof c['candidate'] === 'string' ? c['candidate'] : '';
    if (candidate === '') return;
    try {
      await pc.addIceCandidate({ candidate, sdpMLineIndex: typeof c['sdpMLineIndex'] === 'number' ? c['sdpMLineIndex'] : 0, sdpMid: typeof c['sdpMid'] === 'string' ? c['sdpMid'] : null });
    } catch (err) {
      console.warn('lessons: candidate refused', err);
    }
  }

  private dropRemote(id: string): void {
    const r = this.remotes.get(id);
    if (r === undefined) return;
    r.subscriber?.pc.close();
    this.dropScreen(r);
    if (r.requestTimer !== null) clearTimeout(r.requestTimer);
    this.remotes.delete(id);
    this.events.emit('participantLeft', { id });
  }

  async setAudio(on: boolean): Promise<void> {
    const track = this.local.stream?.getAudioTracks()[0];
    // Without the word there is no microphone track (dropDisallowedMedia removes it): unmuting then needs a new
    // offer, which the signaling server checks against Talk's permissions.
    if (track !== undefined) {
      track.enabled = on;
      this.local = { ...this.local, audioOn: on };
      this.events.emit('local', this.local);
      return;
    }
    if (on) await this.addMedia('audio');
  }

  /** Adds a microphone or camera to the publisher (renegotiated); the signaling server checks Talk's permissions. */
  private async addMedia(kind: 'audio' | 'video'): Promise<void> {
    const own = this.signaling?.sessionId;
    if (own === null || own === undefined) throw new CallTransportError('connection-failed');
    const gum = this.opts.getUserMedia ?? ((c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c));
    const constraints: MediaStreamConstraints =
      kind === 'audio' ? { audio: microphoneConstraints(this.media.audioDeviceId) } : { video: cameraConstraints(this.media.videoDeviceId, this.media.dataSaver === true) };
    let track: MediaStreamTrack | undefined;
    try {
      track = (await gum(constraints)).getTracks()[0];
    } catch (err) {
      throw new CallTransportError('media-denied', err instanceof Error ? err.message : String(err));
    }
    if (track === undefined) throw new CallTransportError('media-denied');
    const stream = this.local.stream ?? new MediaStream();
    const on = kind === 'audio' ? { audioOn: true } : { videoOn: true };
    const pub = this.publisher;
    if (pub === null) {
      // Nothing published yet (e.g. a student without camera and microphone): a first publisher with this track.
      if (!(kind === 'audio' ? this.local.mayPublishAudio : this.local.mayPublishVideo)) {
        track.stop();
        throw new CallTransportError('not-allowed');
      }
      stream.addTrack(track);
      this.local = { ...this.local, stream, ...on };
      this.events.emit('local', this.local);
      await this.publish();
      await this.setCallFlags('PUT');
      return;
    }
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
    stream.addTrack(track);
    this.local = { ...this.local, stream, ...on };
    this.events.emit('local', this.local);
    await this.setCallFlags('PUT');
  }

  /**
   * The server took a permission back (the word: hand lowered, mute all; the camera: the teacher switched students'
   * cameras off): that track leaves. The signaling server closes a publisher holding media no longer allowed, video
   * and all (it applies Talk's permissions to what was offered), so publish afresh with what remains, then tell
   * Talk: the others see our flags lose that media and subscribe to the new publisher.
   */
  private dropDisallowedMedia(): void {
    const stream = this.local.stream;
    if (stream === null) return;
    const gone = [
      ...(this.local.mayPublishAudio ? [] : stream.getAudioTracks()),
      ...(this.local.mayPublishVideo ? [] : stream.getVideoTracks()),
    ];
    if (gone.length === 0) return;
    for (const track of gone) {
      track.stop();
      stream.removeTrack(track);
    }
    this.local = {
      ...this.local,
      audioOn: stream.getAudioTracks().length > 0 && this.local.audioOn,
      videoOn: stream.getVideoTracks().length > 0 && this.local.videoOn,
    };
    this.republish()
      .then(() => this.setCallFlags('PUT'))
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
    this.publisher?.pc.close();
    this.publisher = null;
    this.pendingAnswers.get('video')?.reject(new CallTransportError('connection-failed', 'publisher replaced'));
    this.pendingAnswers.delete('video');
    await new Promise((resolve) => setTimeout(resolve, 300 + attempt * 1000));
    if (this.signaling === null || !this.callJoined) return;
    try {
      await this.publish();
    } catch (err) {
      if (attempt >= 4) throw err;
      await this.republish(attempt + 1);
      return;
    }
    const pub = this.currentPublisher();
    if (pub === null) return;
    const connected = await new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        pub.pc.removeEventListener('connectionstatechange', check);
        resolve(ok);
      };
      const check = () => {
        if (pub.pc.connectionState === 'connected') done(true);
        else if (pub.pc.connectionState === 'failed' || pub.pc.connectionState === 'closed') done(false);
      };
      const timer = setTimeout(() => done(false), 8000);
      pub.pc.addEventListener('connectionstatechange', check);
      check();
    });
    if (!connected && this.currentPublisher() === pub && attempt < 4) await this.republish(attempt + 1);
  }

  /** Read afresh after an await (publish() replaces it). */
  private currentPublisher(): Peer | null {
    return this.publisher;
  }

  private sendRaiseHand(recipient: Json): void {
    const payload = { state: this.handRaisedAt !== null, timestamp: this.handRaisedAt ?? Date.now() };
    this.signaling?.send({ type: 'message', message: { recipient, data: { type: 'raiseHand', roomType: 'video', payload } } });
  }

  async raiseHand(raised: boolean): Promise<void> {
    if (this.signaling === null) throw new CallTransportError('connection-failed');
    this.handRaisedAt = raised ? Date.now() : null;
    this.sendRaiseHand({ type: 'room' });
    this.local = { ...this.local, handRaised: raised };
    this.events.emit('local', this.local);
    return Promise.resolve();
  }

  /** The Talk attendee behind a remote participant (moderation goes through Talk's REST API). */
  private async attendeeOf(participantId: string): Promise<number> {
    const r = this.remotes.get(participantId);
    if (r === undefined || r.userId === null) throw new CallTransportError('connection-failed', 'unknown participant');
    const list = await ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(this.opts.token)}/participants`, attendeesSchema);
    const a = list.find((x) => x.actorType === 'users' && x.actorId === r.userId);
    if (a === undefined) throw new CallTransportError('connection-failed', 'participant left the room');
    return a.attendeeId;
  }

  private async moderate(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      if (isApiError(err) && (err.status === 403 || err.status === 401)) throw new CallTransportError('not-allowed');
      throw err;
    }
  }

  async allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    await this.moderate(() =>
      ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(this.opts.token)}/attendees/permissions`, z.unknown(), {
        method: 'PUT',
        json: { attendeeId, method: allowed ? 'add' : 'remove', permissions: PERM_PUBLISH_AUDIO },
      }),
    );
    const r = this.remotes.get(participantId);
    if (r !== undefined) {
      r.mayPublishAudio = allowed;
      this.events.emit('participantChanged', this.view(r));
    }
  }

  async muteAll(): Promise<void> {
    await this.moderate(() =>
      ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(this.opts.token)}/attendees/permissions/all`, z.unknown(), {
        method: 'PUT',
        json: { method: 'remove', permissions: PERM_PUBLISH_AUDIO },
      }),
    );
    for (const r of this.remotes.values()) {
      if (!r.mayPublishAudio) continue;
      r.mayPublishAudio = false;
      this.events.emit('participantChanged', this.view(r));
    }
  }

  async removeParticipant(participantId: string): Promise<void> {
    const attendeeId = await this.attendeeOf(participantId);
    await this.moderate(() => ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(this.opts.token)}/attendees`, z.unknown(), { method: 'DELETE', json: { attendeeId } }));
  }

  async setVideo(on: boolean): Promise<void> {
    const track = this.local.stream?.getVideoTracks()[0];
    if (track === undefined) {
      // The camera was taken back (or never sent): sending it again is a new offer the server checks.
      if (on) await this.addMedia('video');
      return;
    }
    track.enabled = on;
    this.local = { ...this.local, videoOn: on };
    this.events.emit('local', this.local);
  }

  async setStudentCameras(allowed: boolean): Promise<void> {
    await this.moderate(() =>
      ocsRequest(`${SPREED}/v4/room/${encodeURIComponent(this.opts.token)}/attendees/permissions/all`, z.unknown(), {
        method: 'PUT',
        json: { method: allowed ? 'add' : 'remove', permissions: PERM_PUBLISH_VIDEO },
      }),
    );
  }

  async disconnect(): Promise<void> {
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    this.statsTimer = null;
    this.stopScreenShare();
    this.publisher?.pc.close();
    this.publisher = null;
    for (const id of [...this.remotes.keys()]) this.dropRemote(id);
    this.stopMedia();
    // Leave the call in Talk first: closing the signaling session ends the room session (and then the call is gone).
    if (this.inRoom) {
      try {
        await ocsRequest(`${SPREED}/v4/call/${encodeURIComponent(this.opts.token)}`, z.unknown(), { method: 'DELETE' });
      } catch (err) {
        console.warn('lessons: leaving the call failed', err);
      }
    }
    this.signaling?.close();
    this.signaling = null;
    this.inRoom = false;
    this.inCall = false;
    this.callJoined = false;
    this.setState('disconnected');
  }

  private setState(s: TransportState): void {
    this.state = s;
    this.events.emit('state', s);
  }

  private view(r: Remote): RemoteParticipant {
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
}
