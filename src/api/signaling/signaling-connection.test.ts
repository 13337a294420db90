import { describe, expect, it } from 'vitest';
import { SignalingConnection, SignalingError, type Json, type WebSocketLike } from './signaling-connection';

/** A scripted signaling server: answers hellos like nextcloud-spreed-signaling does. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly sent: Json[] = [];
  constructor(private readonly server: FakeServer) {
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    const msg = JSON.parse(data) as Json;
    this.sent.push(msg);
    const reply = this.server.answer(msg);
    if (reply !== null) queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(reply) }));
  }
  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({}));
  }
}

class FakeServer {
  sockets: FakeSocket[] = [];
  sessions = new Map<string, string>();
  private n = 0;
  answer(msg: Json): Json | null {
    if (msg['type'] !== 'hello') return null;
    const hello = msg['hello'] as Json;
    const resume = hello['resumeid'];
    if (typeof resume === 'string') {
      const sid = this.sessions.get(resume);
      if (sid === undefined) return { id: msg['id'], type: 'error', error: { code: 'no_such_session', message: 'The session to resume does not exist.' } };
      return { id: msg['id'], type: 'hello', hello: { sessionid: sid, resumeid: resume, version: '2.0' } };
    }
    const params = (hello['auth'] as { params: Json }).params;
    if (params['token'] === 'bad') return { id: msg['id'], type: 'error', error: { code: 'invalid_token', message: 'bad' } };
    this.n++;
    const sid = `session-${String(this.n)}`;
    this.sessions.set(`resume-${String(this.n)}`, sid);
    return { id: msg['id'], type: 'hello', hello: { sessionid: sid, resumeid: `resume-${String(this.n)}`, version: '2.0' } };
  }
}

function setup(token = 'good') {
  const server = new FakeServer();
  const sessions: { sessionId: string; resumed: boolean; first: boolean }[] = [];
  const tokens: string[] = [];
  const conn = new SignalingConnection({
    url: 'ws://hpb/spreed',
    auth: () => {
      tokens.push(token);
      return Promise.resolve({ url: 'http://nc/ocs/v2.php/apps/spreed/api/v3/signaling/backend', version: '2.0', params: { token } });
    },
    onMessage: () => undefined,
    onSession: (s) => sessions.push(s),
    createSocket: () => {
      const s = new FakeSocket(server);
      server.sockets.push(s);
      return s;
    },
    random: () => 0,
    setTimer: (fn) => queueMicrotask(fn),
  });
  return { server, conn, sessions, tokens };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('SignalingConnection', () => {
  it('says hello with the backend URL and the v2 token', async () => {
    const { server, conn, sessions } = setup();
    await conn.start();
    expect(conn.sessionId).toBe('session-1');
    expect(server.sockets[0]?.sent[0]).toMatchObject({
      type: 'hello',
      hello: { version: '2.0', auth: { url: 'http://nc/ocs/v2.php/apps/spreed/api/v3/signaling/backend', params: { token: 'good' } } },
    });
    expect(sessions).toEqual([{ sessionId: 'session-1', resumed: false, first: true }]);
  });

  it('resumes the session after a short drop, without new credentials', async () => {
    const { server, conn, sessions, tokens } = setup();
    await conn.start();
    conn.dropConnection();
    await settle();
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.sockets[1]?.sent[0]).toMatchObject({ type: 'hello', hello: { resumeid: 'resume-1' } });
    expect(sessions.at(-1)).toEqual({ sessionId: 'session-1', resumed: true, first: false });
    expect(tokens).toHaveLength(1);
  });

  it('says a full hello again when the server forgot the session (restart)', async () => {
    const { server, conn, sessions, tokens } = setup();
    await conn.start();
    server.sessions.clear();
    conn.dropConnection();
    for (let i = 0; i < 5; i++) await settle();
    expect(sessions.at(-1)).toEqual({ sessionId: 'session-2', resumed: false, first: false });
    expect(conn.sessionId).toBe('session-2');
    expect(tokens).toHaveLength(2);
  });

  it('rejects start when the server refuses the credentials', async () => {
    const { conn } = setup('bad');
    await expect(conn.start()).rejects.toEqual(new SignalingError('invalid_token', 'bad'));
  });
});
