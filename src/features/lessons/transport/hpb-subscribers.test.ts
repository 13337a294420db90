import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HpbScreen } from './hpb-screen';
import type { HpbSession } from './hpb-session';
import { HpbState } from './hpb-state';
import { HpbSubscribers } from './hpb-subscribers';
import type { SignalingConnection } from '../../../api/signaling/signaling-connection';

/** Just enough of a browser's RTCPeerConnection for a subscription: offers in, answers out, closed on demand. */
class FakePeer {
  static made: FakePeer[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  onicecandidate: ((ev: { candidate: RTCIceCandidateInit | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: unknown = null;
  constructor() {
    FakePeer.made.push(this);
  }
  setRemoteDescription(): Promise<void> {
    this.signalingState = 'have-remote-offer';
    return Promise.resolve();
  }
  createAnswer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'answer', sdp: 'v=0 answer' });
  }
  setLocalDescription(): Promise<void> {
    this.signalingState = 'stable';
    return Promise.resolve();
  }
  close(): void {
    this.connectionState = 'closed';
  }
}

interface Sent {
  id?: string;
  message: { recipient: { sessionid: string }; data: { type: string; sid?: string } };
}

function world() {
  const sent: Sent[] = [];
  const state = new HpbState(() => Promise.reject(new Error('no media in this test')));
  state.signaling = { sessionId: 'own', send: (m: unknown) => sent.push(m as Sent) } as unknown as SignalingConnection;
  const session = { inCall: true } as unknown as HpbSession;
  const screen = { drop: () => undefined } as unknown as HpbScreen;
  const subscribers = new HpbSubscribers(state, session, screen);
  subscribers.join([{ sessionid: 'lena', userid: 's7a1', user: { displayname: 'Lena' } }], () => undefined);
  const requests = () => sent.filter((m) => m.message.data.type === 'requestoffer');
  const answers = () => sent.filter((m) => m.message.data.type === 'answer');
  const offer = (sid: string) => {
    const lena = subscribers.get('lena');
    if (lena === undefined) throw new Error('Lena joined');
    return subscribers.onPeerMessage(lena, { type: 'offer', sid, roomType: 'video', payload: { type: 'offer', sdp: 'v=0 offer' } } as never);
  };
  return { subscribers, requests, answers, offer };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakePeer.made = [];
  vi.stubGlobal('RTCPeerConnection', FakePeer);
  vi.stubGlobal(
    'MediaStream',
    class {
      readonly tracks: unknown[] = [];
    },
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a subscription the signaling server lost (client_not_found)', () => {
  it('asks for a fresh offer at once when the answer is refused, instead of waiting for the 12 s watchdog', async () => {
    const w = world();
    expect(w.requests()).toHaveLength(1);
    await w.offer('sid-1');
    const answer = w.answers()[0];
    expect(answer?.id).toBeDefined();

    w.subscribers.refused(answer?.id, 'client_not_found');

    expect(w.requests()).toHaveLength(2);
    expect(FakePeer.made[0]?.connectionState).toBe('closed');
    expect(w.subscribers.get('lena')?.subscriber).toBeNull();
  });

  it('ignores client_not_found about an earlier subscription, and other errors about answers', async () => {
    const w = world();
    await w.offer('sid-1');
    const first = w.answers()[0]?.id;
    await w.offer('sid-2');
    w.subscribers.refused(first, 'client_not_found');
    w.subscribers.refused(w.answers()[1]?.id, 'processing_failed');
    expect(w.requests()).toHaveLength(1);
    expect(w.subscribers.get('lena')?.subscriber?.sid).toBe('sid-2');
  });

  it('asks only once while a fresh request is in flight', async () => {
    const w = world();
    await w.offer('sid-1');
    const ids = w.answers().map((a) => a.id);
    w.subscribers.refused(ids[0], 'client_not_found');
    w.subscribers.refused(ids[0], 'client_not_found');
    expect(w.requests()).toHaveLength(2);
  });
});

describe('who is in the lesson', () => {
  it('only sessions in the call: a class member whose chat is in the signaling room is no participant', () => {
    const w = world();
    w.subscribers.join([{ sessionid: 'schmidt-chat', userid: 'schmidt', user: { displayname: 'Frau Schmidt' } }], () => undefined);
    // Nothing known yet: nobody shown.
    expect(w.subscribers.participants()).toEqual([]);
    w.subscribers.onParticipant({ sessionId: 'lena', inCall: 7 });
    w.subscribers.onParticipant({ sessionId: 'schmidt-chat', inCall: 0 });
    expect(w.subscribers.participants().map((p) => p.displayName)).toEqual(['Lena']);
  });
});
