/**
 * Test helper: a CallTransport without media or network, for tests of the shared lesson UI. It behaves like a
 * server-backed transport would (publishing refused without permission, participants and connection changes
 * arrive as events) and records what the UI asked of it. The `server*` methods play the server's side.
 * Not part of the app bundle.
 */
import {
  CallTransportError,
  Emitter,
  newRemoteParticipant,
  type CallTransport,
  type CallTransportEvents,
  type ConnectionQuality,
  type LocalMedia,
  type LocalState,
  type RemoteParticipant,
  type TransportState,
} from '../transport/call-transport';

export interface FakeTransportOptions {
  /** What the server lets this participant publish at join. */
  mayPublishAudio?: boolean;
  mayPublishVideo?: boolean;
  /** connect() rejects with this (e.g. 'cannot-start' for a student before the lesson began). */
  failConnect?: CallTransportError;
  /** What the server lets this participant share (default false, like a student in lesson mode). */
  mayPublishScreen?: boolean;
  /** Leaves out setScreenShare (a transport that cannot share screens). */
  noScreenShare?: boolean;
  /** setScreenShare(true) rejects with this (e.g. 'media-denied' when the user cancels the browser's picker). */
  failScreenShare?: CallTransportError;
  /** Participants already in the lesson when we join. */
  participants?: Partial<RemoteParticipant>[];
}

export type FakeCall =
  | { method: 'connect'; media: LocalMedia }
  | { method: 'disconnect' }
  | { method: 'setAudio'; on: boolean }
  | { method: 'setVideo'; on: boolean }
  | { method: 'raiseHand'; raised: boolean }
  | { method: 'allowSpeaking'; participantId: string; allowed: boolean }
  | { method: 'muteAll' }
  | { method: 'setStudentCameras'; allowed: boolean }
  | { method: 'removeParticipant'; participantId: string }
  | { method: 'setScreenShare'; on: boolean };

function participant(p: Partial<RemoteParticipant> & { id: string }): RemoteParticipant {
  return { ...newRemoteParticipant(p.id, p.id, p.id), ...p };
}

export class FakeTransport implements CallTransport {
  state: TransportState = 'idle';
  local: LocalState;
  readonly calls: FakeCall[] = [];
  private readonly events = new Emitter<CallTransportEvents>();
  private readonly remotes = new Map<string, RemoteParticipant>();
  /** What the UI last said per participant through setRemoteVideoWanted (absent: never said, i.e. wanted). */
  readonly videoWanted = new Map<string, boolean>();
  setScreenShare?: (on: boolean) => Promise<void>;

  constructor(private readonly opts: FakeTransportOptions = {}) {
    this.local = { stream: null, audioOn: false, videoOn: false, mayPublishAudio: opts.mayPublishAudio ?? false, mayPublishVideo: opts.mayPublishVideo ?? true, handRaised: false, screenSharing: false, mayPublishScreen: opts.mayPublishScreen ?? false };
    if (opts.noScreenShare !== true) this.setScreenShare = (on) => this.shareScreen(on);
  }

  setRemoteVideoWanted(participantId: string, wanted: boolean): void {
    this.videoWanted.set(participantId, wanted);
  }

  private shareScreen(on: boolean): Promise<void> {
    this.calls.push({ method: 'setScreenShare', on });
    if (on && !this.local.mayPublishScreen) return Promise.reject(new CallTransportError('not-allowed'));
    if (on && this.opts.failScreenShare !== undefined) return Promise.reject(this.opts.failScreenShare);
    this.local = { ...this.local, screenSharing: on };
    this.events.emit('local', this.local);
    return Promise.resolve();
  }

  on<K extends keyof CallTransportEvents>(event: K, listener: (payload: CallTransportEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  participants(): RemoteParticipant[] {
    return [...this.remotes.values()];
  }

  async connect(media: LocalMedia): Promise<void> {
    this.calls.push({ method: 'connect', media });
    this.setState('connecting');
    await Promise.resolve();
    if (this.opts.failConnect !== undefined) {
      this.setState('disconnected');
      throw this.opts.failConnect;
    }
    for (const p of this.opts.participants ?? []) this.serverJoin({ id: p.id ?? p.displayName ?? 'someone', ...p });
    this.local = { ...this.local, audioOn: media.audio && this.local.mayPublishAudio, videoOn: media.video && this.local.mayPublishVideo };
    this.events.emit('local', this.local);
    this.setState('connected');
  }

  disconnect(): Promise<void> {
    this.calls.push({ method: 'disconnect' });
    this.remotes.clear();
    this.setState('disconnected');
    return Promise.resolve();
  }

  setAudio(on: boolean): Promise<void> {
    this.calls.push({ method: 'setAudio', on });
    if (on && !this.local.mayPublishAudio) return Promise.reject(new CallTransportError('not-allowed'));
    this.local = { ...this.local, audioOn: on };
    this.events.emit('local', this.local);
    return Promise.resolve();
  }

  setVideo(on: boolean): Promise<void> {
    this.calls.push({ method: 'setVideo', on });
    if (on && !this.local.mayPublishVideo) return Promise.reject(new CallTransportError('not-allowed'));
    this.local = { ...this.local, videoOn: on };
    this.events.emit('local', this.local);
    return Promise.resolve();
  }

  raiseHand(raised: boolean): Promise<void> {
    this.calls.push({ method: 'raiseHand', raised });
    this.local = { ...this.local, handRaised: raised };
    this.events.emit('local', this.local);
    return Promise.resolve();
  }

  allowSpeaking(participantId: string, allowed: boolean): Promise<void> {
    this.calls.push({ method: 'allowSpeaking', participantId, allowed });
    this.serverUpdate(participantId, { mayPublishAudio: allowed });
    return Promise.resolve();
  }

  muteAll(): Promise<void> {
    this.calls.push({ method: 'muteAll' });
    for (const p of this.remotes.values()) if (p.mayPublishAudio) this.serverUpdate(p.id, { mayPublishAudio: false, audioPublished: false });
    return Promise.resolve();
  }

  setStudentCameras(allowed: boolean): Promise<void> {
    this.calls.push({ method: 'setStudentCameras', allowed });
    if (!allowed) for (const p of this.remotes.values()) if (p.moderator !== true && p.videoPublished) this.serverUpdate(p.id, { videoPublished: false });
    return Promise.resolve();
  }

  removeParticipant(participantId: string): Promise<void> {
    this.calls.push({ method: 'removeParticipant', participantId });
    this.serverLeave(participantId);
    return Promise.resolve();
  }

  // The server's side.

  serverJoin(p: Partial<RemoteParticipant> & { id: string }): void {
    const full = participant(p);
    this.remotes.set(full.id, full);
    this.events.emit('participantJoined', full);
  }

  serverLeave(id: string): void {
    if (!this.remotes.delete(id)) return;
    this.events.emit('participantLeft', { id });
  }

  serverUpdate(id: string, change: Partial<RemoteParticipant>): void {
    const p = this.remotes.get(id);
    if (p === undefined) return;
    const next = { ...p, ...change };
    this.remotes.set(id, next);
    this.events.emit('participantChanged', next);
  }

  serverQuality(id: string, quality: ConnectionQuality): void {
    this.serverUpdate(id, { quality });
    this.events.emit('quality', { participantId: id, quality });
  }

  serverSpeaking(id: string, speaking: boolean): void {
    this.serverUpdate(id, { speaking });
    this.events.emit('speaking', { participantId: id, speaking });
  }

  /** The own connection's quality as the transport measures it (LocalState.quality). */
  serverLocalQuality(quality: ConnectionQuality): void {
    this.local = { ...this.local, quality };
    this.events.emit('local', this.local);
  }

  /** The server changes what we may publish; a withdrawn microphone goes off (and a withdrawn screen share ends). */
  serverPermissions(change: { mayPublishAudio?: boolean; mayPublishVideo?: boolean; mayPublishScreen?: boolean }): void {
    const next = { ...this.local, ...change };
    if (!next.mayPublishAudio) next.audioOn = false;
    if (!next.mayPublishVideo) next.videoOn = false;
    if (!next.mayPublishScreen) next.screenSharing = false;
    this.local = next;
    this.events.emit('local', this.local);
  }

  serverReconnecting(): void {
    this.setState('reconnecting');
    this.events.emit('reconnecting', undefined);
  }

  serverReconnected(): void {
    this.setState('connected');
    this.events.emit('reconnected', undefined);
  }

  /** The connection is gone for good (the server ended it or it could not be restored). */
  serverDisconnected(): void {
    this.remotes.clear();
    this.setState('disconnected');
    this.events.emit('error', new CallTransportError('connection-failed'));
  }

  /** The server moves this participant to another conversation (Talk's breakout rooms: the signaling `switchto`). */
  serverSwitchTo(token: string): void {
    this.events.emit('switchTo', { token });
  }

  private setState(s: TransportState): void {
    this.state = s;
    this.events.emit('state', s);
  }
}
