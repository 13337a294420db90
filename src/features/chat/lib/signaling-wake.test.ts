import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from '../../../api/signaling/signaling-connection';
import type { RoomSession, SignalingSettings } from '../../../api/talk/call';
import { TabInterests } from './chat-wire';
import { runLongPoll, type LeaderHost } from './leader-loops';
import { SignalingWake, WAKE_RETRY_MS } from './signaling-wake';

const talk = vi.hoisted(() => ({ receiveMessages: vi.fn() }));
vi.mock('../../../api/talk/chat-messages', () => ({ receiveMessages: talk.receiveMessages, sendMessage: vi.fn() }));

type Json = Record<string, unknown>;

/** A scripted nextcloud-spreed-signaling: answers hello and room requests, and can push events to the session. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly sent: Json[] = [];
  constructor(readonly url: string) {
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    const msg = JSON.parse(data) as Json;
    this.sent.push(msg);
    if (msg['type'] === 'hello') {
      this.push({ id: msg['id'], type: 'hello', hello: { sessionid: 'sig-1', resumeid: 'resume-1', version: '2.0' } });
    } else if (msg['type'] === 'room') {
      const room = msg['room'] as Json;
      this.push({ id: msg['id'], type: 'room', room: { roomid: room['roomid'] } });
    }
  }
  push(msg: Json): void {
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(msg) }));
  }
  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({}));
  }
}

const v2Token = `h.${btoa(JSON.stringify({ iss: 'https://cloud.schule.de/' }))}.s`;

function settings(server: string): SignalingSettings {
  return {
    signalingMode: server === '' ? 'internal' : 'external',
    server,
    ticket: 't',
    userId: 's7a1',
    helloAuthParams: { '1.0': { userid: 's7a1', ticket: 't' }, '2.0': { token: v2Token } },
    stunservers: [],
  };
}

function setup(server = 'https://hpb.schule.de/', join: (token: string) => RoomSession | null = (token) => ({ sessionId: `talk-${token}`, permissions: 0, displayName: '' })) {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const joins: string[] = [];
  const roomLists: number[] = [];
  const wake = new SignalingWake({
    onRoomList: () => roomLists.push(1),
    deps: {
      settings: () => Promise.resolve(settings(server)),
      joinRoom: (token) => {
        joins.push(token);
        return Promise.resolve(join(token));
      },
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      random: () => 0,
    },
  });
  return { wake, sockets, timers, joins, roomLists };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};
const chatEvent = (roomid: string) => ({ type: 'event', event: { target: 'room', type: 'message', message: { roomid, data: { type: 'chat', chat: { refresh: true } } } } });

afterEach(() => {
  vi.useRealTimers();
  talk.receiveMessages.mockReset();
});

describe('SignalingWake', () => {
  it('without a high-performance backend opens no socket and covers nothing', async () => {
    const { wake, sockets, joins } = setup('');
    wake.follow(['k7a']);
    await settle();
    expect(sockets).toHaveLength(0);
    expect(joins).toEqual([]);
    expect(wake.covers('k7a')).toBe(false);
    await expect(wake.next('k7a', new AbortController().signal, 1000)).resolves.toBe('down');
  });

  it("joins the watched conversation's room with a Talk room session and wakes its loop on each chat event of that room", async () => {
    const { wake, sockets, joins } = setup();
    wake.follow(['k7a', 'k7b']);
    await settle();
    expect(sockets[0]?.url).toBe('wss://hpb.schule.de/spreed');
    expect(sockets[0]?.sent[0]).toMatchObject({ type: 'hello', hello: { auth: { url: 'https://cloud.schule.de/ocs/v2.php/apps/spreed/api/v3/signaling/backend', params: { token: v2Token } } } });
    expect(joins).toEqual(['k7a']);
    expect(sockets[0]?.sent[1]).toMatchObject({ type: 'room', room: { roomid: 'k7a', sessionid: 'talk-k7a' } });
    expect(wake.covers('k7a')).toBe(true);
    expect(wake.covers('k7b')).toBe(false);

    const signal = new AbortController().signal;
    // Just joined: what was written before the join is fetched once.
    await expect(wake.next('k7a', signal, 60_000)).resolves.toBe('event');
    const waiting = wake.next('k7a', signal, 60_000);
    sockets[0]?.push(chatEvent('k7b'));
    sockets[0]?.push(chatEvent('k7a'));
    await expect(waiting).resolves.toBe('event');
    // An event while nobody waits is kept for the next question.
    sockets[0]?.push(chatEvent('k7a'));
    await settle();
    await expect(wake.next('k7a', signal, 60_000)).resolves.toBe('event');
    vi.useFakeTimers();
    const quiet = wake.next('k7a', signal, 60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(quiet).resolves.toBe('timeout');
    vi.useRealTimers();
    // After the timeout (the loop is fetching now), an event is kept for its next question.
    sockets[0]?.push(chatEvent('k7a'));
    await settle();
    await expect(wake.next('k7a', signal, 60_000)).resolves.toBe('event');
  });

  it('tells the waiting loop when the socket drops, and covers the room again once the session resumed', async () => {
    const { wake, sockets, timers } = setup();
    wake.follow(['k7a']);
    await settle();
    await wake.next('k7a', new AbortController().signal, 1000);
    const waiting = wake.next('k7a', new AbortController().signal, 60_000);
    sockets[0]?.close();
    await expect(waiting).resolves.toBe('down');
    expect(wake.covers('k7a')).toBe(false);
    timers.shift()?.fn();
    await settle();
    expect(sockets[1]?.sent[0]).toMatchObject({ type: 'hello', hello: { resumeid: 'resume-1' } });
    expect(wake.covers('k7a')).toBe(true);
    // Events of the drop may be lost: fetch once.
    await expect(wake.next('k7a', new AbortController().signal, 1000)).resolves.toBe('event');
  });

  it("leaves a lesson's room session alone (no room join) and tries again after five minutes", async () => {
    let inCall = true;
    const { wake, sockets, timers, joins } = setup(undefined, (token) => (inCall ? null : { sessionId: `talk-${token}`, permissions: 0, displayName: '' }));
    wake.follow(['k7a']);
    await settle();
    expect(joins).toEqual(['k7a']);
    expect(sockets[0]?.sent.filter((m) => m['type'] === 'room')).toEqual([]);
    expect(wake.covers('k7a')).toBe(false);
    expect(timers.map((t) => t.ms)).toEqual([WAKE_RETRY_MS]);
    inCall = false;
    timers.shift()?.fn();
    await settle();
    expect(wake.covers('k7a')).toBe(true);
  });

  it('moves to another room when the conversation is no longer watched, says bye when none is, and passes room list events on', async () => {
    const { wake, sockets, roomLists } = setup();
    wake.follow(['k7a']);
    await settle();
    sockets[0]?.push({ type: 'event', event: { target: 'roomlist', type: 'update', update: { roomid: 'k7a', properties: {} } } });
    await settle();
    expect(roomLists).toEqual([1]);
    wake.follow(['k7a', 'k7b']);
    wake.follow(['k7b']);
    expect(wake.covers('k7a')).toBe(false);
    await settle();
    expect(sockets[0]?.sent.filter((m) => m['type'] === 'room').map((m) => (m['room'] as Json)['roomid'])).toEqual(['k7a', 'k7b']);
    expect(wake.covers('k7b')).toBe(true);
    wake.follow([]);
    expect(sockets[0]?.sent.at(-1)).toEqual({ type: 'bye', bye: {} });
    expect(sockets[0]?.readyState).toBe(3);
    expect(wake.covers('k7b')).toBe(false);
  });
});

describe('runLongPoll with a signaling wake source', () => {
  it('asks Talk without waiting (timeout 0) when a chat event came, and opens no long-poll while the room is covered', async () => {
    const { wake, sockets } = setup();
    wake.follow(['k7a']);
    await settle();
    const broadcasts: unknown[] = [];
    const host = {
      userId: 's7a1',
      tabs: new TabInterests('me'),
      wakers: { outbox: null, visible: new Set(), notifications: null, conversations: null },
      conversationsAt: 0,
      setStatus: () => undefined,
      broadcast: (m: unknown) => broadcasts.push(m),
      liveChat: wake,
    } as unknown as LeaderHost;
    const message = { id: 43, token: 'k7a', message: 'Hallo', actorType: 'users', actorId: 'schmidt', messageParameters: {} };
    talk.receiveMessages.mockResolvedValueOnce({ messages: [], lastGiven: null, lastCommonRead: null });
    talk.receiveMessages.mockResolvedValueOnce({ messages: [message], lastGiven: 43, lastCommonRead: 40 });
    const poll = { controller: new AbortController(), cursor: 42 };
    void runLongPoll(host, 'k7a', poll);
    await settle();
    // The catch-up after the join, then quiet until the signaling server speaks.
    expect(talk.receiveMessages).toHaveBeenCalledTimes(1);
    expect(talk.receiveMessages.mock.calls[0]?.[0]).toMatchObject({ token: 'k7a', lookIntoFuture: true, lastKnownMessageId: 42, timeout: 0 });
    sockets[0]?.push(chatEvent('k7a'));
    await settle();
    expect(talk.receiveMessages).toHaveBeenCalledTimes(2);
    expect(talk.receiveMessages.mock.calls[1]?.[0]).toMatchObject({ lastKnownMessageId: 42, timeout: 0 });
    expect(broadcasts).toEqual([{ t: 'messages', token: 'k7a', messages: [message], lastCommonRead: 40 }]);
    expect(poll.cursor).toBe(43);

    // The socket drops: back to the long-poll at once.
    talk.receiveMessages.mockImplementation(() => new Promise(() => undefined));
    sockets[0]?.close();
    await settle();
    expect(talk.receiveMessages.mock.calls[2]?.[0]).toMatchObject({ lastKnownMessageId: 43, timeout: 30 });
    poll.controller.abort();
    wake.stop();
  });
});
