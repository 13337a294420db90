import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HpbPublisher } from './hpb-publisher';
import type { HpbSession } from './hpb-session';
import { HpbState } from './hpb-state';
import type { SignalingConnection } from '../../../api/signaling/signaling-connection';

/** Just enough of a browser's RTCPeerConnection for a publisher: tracks in, an offer out, closed on demand. */
class FakePeer {
  static made: FakePeer[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  onicecandidate: unknown = null;
  readonly sent: MediaStreamTrack[] = [];
  constructor() {
    FakePeer.made.push(this);
  }
  addTransceiver(track: MediaStreamTrack): void {
    this.sent.push(track);
  }
  createOffer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'offer', sdp: 'v=0 offer' });
  }
  setLocalDescription(): Promise<void> {
    this.signalingState = 'have-local-offer';
    return Promise.resolve();
  }
  setRemoteDescription(): Promise<void> {
    this.signalingState = 'stable';
    return Promise.resolve();
  }
  close(): void {
    this.connectionState = 'closed';
  }
}

class FakeStream {
  private readonly tracks: MediaStreamTrack[] = [];
  addTrack(t: MediaStreamTrack): void {
    this.tracks.push(t);
  }
  removeTrack(t: MediaStreamTrack): void {
    this.tracks.splice(this.tracks.indexOf(t), 1);
  }
  getTracks(): MediaStreamTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): MediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): MediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
}

function microphone() {
  const track = { kind: 'audio', enabled: true, readyState: 'live', stop: vi.fn(() => (track.readyState = 'ended')) };
  return track;
}

interface Sent {
  id?: string;
  message: { data: { type: string } };
}

/** A student in the call with neither camera nor microphone sent (no publisher yet), as after joining without a camera. */
function world() {
  const sent: Sent[] = [];
  const mic = microphone();
  const state = new HpbState(() => {
    const stream = new FakeStream();
    stream.addTrack(mic as unknown as MediaStreamTrack);
    return Promise.resolve(stream as unknown as MediaStream);
  });
  state.signaling = { sessionId: 'own', send: (m: unknown) => sent.push(m as Sent) } as unknown as SignalingConnection;
  const session = { callJoined: true, updateCallFlags: vi.fn(() => Promise.resolve()) };
  const publisher = new HpbPublisher(state, session as unknown as HpbSession);
  const offers = () => sent.filter((m) => m.message.data.type === 'offer');
  return { state, session, publisher, mic, offers };
}

beforeEach(() => {
  FakePeer.made = [];
  vi.stubGlobal('RTCPeerConnection', FakePeer);
  vi.stubGlobal('MediaStream', FakeStream);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a refused unmute leaves no microphone behind', () => {
  it('the server refusing the first publisher: the microphone is stopped, shown off, and a later grant does not switch it on', async () => {
    const w = world();
    // The app still thinks she may speak (the word was taken back a moment ago).
    w.state.local = { ...w.state.local, mayPublishAudio: true };
    const unmute = w.publisher.setAudio(true);
    await vi.waitFor(() => expect(w.offers()).toHaveLength(1));

    // The signaling server refuses the offer (Talk's permissions): "Not allowed to publish."
    expect(w.publisher.refuseOffer(w.offers()[0]?.id, 'not_allowed', 'Not allowed to publish.')).toBe(true);
    await expect(unmute).rejects.toMatchObject({ code: 'not-allowed' });
    expect(w.mic.stop).toHaveBeenCalled();
    expect(w.state.local.audioOn).toBe(false);
    expect(w.state.local.stream?.getAudioTracks() ?? []).toEqual([]);
    expect(FakePeer.made[0]?.connectionState).toBe('closed');

    // The teacher gives the word again: nothing is sent, nothing is shown as on, until she clicks.
    w.state.local = { ...w.state.local, mayPublishAudio: true };
    w.publisher.dropDisallowedMedia();
    await w.publisher.publish();
    expect(w.offers()).toHaveLength(1);
    expect(w.state.local.audioOn).toBe(false);
    expect(w.session.updateCallFlags).not.toHaveBeenCalled();
  });

  it('accepted, the microphone is shown on only once the server answered', async () => {
    const w = world();
    w.state.local = { ...w.state.local, mayPublishAudio: true };
    const unmute = w.publisher.setAudio(true);
    await vi.waitFor(() => expect(w.offers()).toHaveLength(1));
    expect(w.state.local.audioOn).toBe(false);

    await w.publisher.onOwnMessage({ type: 'answer', sid: 'x', roomType: 'video', payload: { type: 'answer', sdp: 'v=0 answer' } } as never, null);
    await unmute;
    expect(w.state.local.audioOn).toBe(true);
    expect(w.state.local.stream?.getAudioTracks()).toHaveLength(1);
    expect(w.session.updateCallFlags).toHaveBeenCalledTimes(1);
  });
});
