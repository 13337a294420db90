/**
 * The HPB transport's sessions: the Talk room session and the call (Talk's REST API through the gateway), the
 * signaling server's session and room, and when the signaling server sees us in the call (only then does it pass
 * our requestoffers on).
 */
import { getSignalingSettings, joinCall, joinRoomSession, leaveCall, updateCallFlags, type RoomSession, type SignalingSettings } from '../../../api/talk/call';
import { IN_CALL } from '../../../api/talk/constants';
import { CallTransportError } from './call-transport';
import type { HpbState } from './hpb-state';
import { hasHpb, helloAuth, signalingUrl } from '../../../api/signaling/signaling-auth';
import { SignalingConnection, SignalingError, type SignalingAuth, type SignalingOptions } from '../../../api/signaling/signaling-connection';

function authFrom(settings: SignalingSettings): SignalingAuth {
  const auth = helloAuth(settings);
  if (auth === null) throw new CallTransportError('connection-failed', 'no backend URL in the signaling token');
  return auth;
}

export type SignalingHandlers = Pick<SignalingOptions, 'onMessage' | 'onState' | 'onSession'>;

export class HpbSession {
  private roomSessionId = '';
  /** We are in the signaling server's room (and then leave Talk's call before closing the signaling session). */
  inRoom = false;
  /** Our session is in the signaling server's call: only then does it pass our requestoffers on. */
  inCall = false;
  /** Talk accepted our call join (POST/PUT call): the server will learn it from Talk shortly. */
  callJoined = false;
  private serverSeesUsInCall = false;

  /** `onInCall`: the signaling server now passes our requestoffers on (ask everyone for their streams). */
  constructor(
    private readonly token: string,
    private readonly state: HpbState,
    private readonly onInCall: () => void,
  ) {}

  async joinTalkRoom(): Promise<RoomSession> {
    const room = await joinRoomSession({ token: this.token });
    this.roomSessionId = room.sessionId;
    this.state.displayName = room.displayName;
    return room;
  }

  /** The signaling settings; an installation without a high-performance backend has no video (not-configured). */
  async settings(): Promise<SignalingSettings> {
    const settings = await getSignalingSettings({ token: this.token });
    if (!hasHpb(settings)) throw new CallTransportError('not-configured', 'no high-performance backend configured');
    return settings;
  }

  /** A signaling connection to the server the settings name; every later hello asks Talk for fresh credentials. */
  openSignaling(settings: SignalingSettings, handlers: SignalingHandlers): SignalingConnection {
    const url = signalingUrl(settings);
    let first: SignalingAuth | null = authFrom(settings);
    return new SignalingConnection({
      url,
      auth: async () => {
        if (first !== null) {
          const a = first;
          first = null;
          return a;
        }
        return authFrom(await getSignalingSettings({ token: this.token }));
      },
      ...handlers,
    });
  }

  /** What we provide in the call, from the own stream's tracks. */
  private flags(): number {
    let flags: number = IN_CALL.inCall;
    if (this.state.local.stream?.getAudioTracks().length) flags |= IN_CALL.withAudio;
    if (this.state.local.stream?.getVideoTracks().length) flags |= IN_CALL.withVideo;
    return flags;
  }

  /** Joins Talk's call (teachers start it; Talk answers 403 to students when none is running). */
  joinCall(): Promise<void> {
    return joinCall({ token: this.token, flags: this.flags() });
  }

  /** Tells Talk what we provide now (others see our flags change and subscribe again). */
  updateCallFlags(): Promise<void> {
    return updateCallFlags({ token: this.token, flags: this.flags() });
  }

  /** In the call without media (a restarted signaling server learns who is in the call only from flag changes). */
  announceInCallOnly(): Promise<void> {
    return updateCallFlags({ token: this.token, flags: IN_CALL.inCall });
  }

  async leaveCall(): Promise<void> {
    await leaveCall({ token: this.token });
  }

  async joinSignalingRoom(): Promise<void> {
    const s = this.state.signaling;
    if (s === null) return;
    try {
      await s.request({ type: 'room', room: { roomid: this.token, sessionid: this.roomSessionId } });
    } catch (err) {
      if (!(err instanceof SignalingError) || err.code !== 'no_such_room') throw err;
      // Talk ended our room session meanwhile: join it again, then the call.
      await this.joinTalkRoom();
      await this.joinCall();
      await s.request({ type: 'room', room: { roomid: this.token, sessionid: this.roomSessionId } });
    }
    this.inRoom = true;
  }

  /** Talk accepted our call join: the signaling server hears it shortly. */
  callAccepted(): void {
    this.callJoined = true;
    this.assumeInCallSoon();
  }

  /** Our own in-call update normally says when the server knows we joined; should it not come, go on after 3 s. */
  private assumeInCallSoon(): void {
    if (this.serverSeesUsInCall && !this.inCall) {
      this.inCall = true;
      this.onInCall();
      return;
    }
    setTimeout(() => {
      if (!this.callJoined || this.inCall) return;
      this.inCall = true;
      this.onInCall();
    }, 3000);
  }

  /** Our own in-call flags as the signaling server reports them (Talk told it). */
  ownFlags(inCall: number): void {
    this.serverSeesUsInCall = (inCall & IN_CALL.inCall) !== 0;
    if (this.serverSeesUsInCall && this.callJoined && !this.inCall) {
      this.inCall = true;
      this.onInCall();
    }
  }

  /** A new signaling session: not in its room nor its call yet. */
  lostSession(): void {
    this.inCall = false;
    this.callJoined = false;
    this.serverSeesUsInCall = false;
  }

  /** Left (or never joined): nothing of the old sessions counts any more. */
  left(): void {
    this.inRoom = false;
    this.inCall = false;
    this.callJoined = false;
  }
}
