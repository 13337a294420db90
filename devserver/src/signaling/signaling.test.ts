import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';
import { signalingChecksum } from './backend.js';

const SECRET = 'hpb-test-secret';
type Json = Record<string, unknown>;

/** A stand-in signaling server: records the backend's room messages and whether their checksum was right. */
const received: { path: string; body: Json; checksumOk: boolean; backend: string | undefined }[] = [];
let hpb: Server;
let hpbUrl: string;
let server: DevServer;

beforeAll(async () => {
  hpb = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const random = String(req.headers['spreed-signaling-random'] ?? '');
      const checksum = String(req.headers['spreed-signaling-checksum'] ?? '');
      received.push({
        path: req.url ?? '',
        body: JSON.parse(body.toString('utf8')) as Json,
        checksumOk: random.length >= 32 && checksum === signalingChecksum(SECRET, random, body),
        backend: req.headers['spreed-signaling-backend'] as string | undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => hpb.listen(0, '127.0.0.1', resolve));
  hpbUrl = `http://127.0.0.1:${String((hpb.address() as AddressInfo).port)}`;
  server = await startDevServer({ quiet: true, validateResponses: true, signalingServer: { url: hpbUrl, secret: SECRET } });
});

afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => hpb.close(() => resolve()));
});

class Client {
  private readonly cookies = new Map<string, string>();
  constructor(readonly user: string) {}

  async data(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> {
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${this.user}:klassenraum`).toString('base64')}`,
      'ocs-apirequest': 'true',
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${server.url}/ocs/v2.php/apps/spreed/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const json = (await res.json()) as { ocs: { data: unknown } };
    return { status: res.status, data: json.ocs.data };
  }

  async obj(method: string, path: string, body?: unknown): Promise<{ status: number; data: Json }> {
    const r = await this.data(method, path, body);
    return { status: r.status, data: r.data as Json };
  }

  async list(method: string, path: string): Promise<Json[]> {
    return (await this.data(method, path)).data as Json[];
  }
}

/** A backend request as the signaling server sends it. */
async function backend(message: Json, secret = SECRET): Promise<{ status: number; data: Json }> {
  const body = JSON.stringify(message);
  const random = randomBytes(32).toString('hex');
  const res = await fetch(`${server.url}/ocs/v2.php/apps/spreed/api/v3/signaling/backend`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ocs-apirequest': 'true',
      accept: 'application/json',
      'spreed-signaling-random': random,
      'spreed-signaling-checksum': signalingChecksum(secret, random, body),
      'spreed-signaling-backend': hpbUrl,
    },
    body,
  });
  const json = (await res.json()) as { ocs: { data: Json } };
  return { status: res.status, data: json.ocs.data };
}

const teacher = new Client('schmidt');
const lena = new Client('s7a1');

async function lessonRoom(name: string): Promise<string> {
  const r = await teacher.obj('POST', 'v4/room', { roomType: 2, roomName: name, invite: 'klasse-7a', source: 'groups' });
  return String(r.data['token']);
}

async function attendeeId(token: string, uid: string): Promise<unknown> {
  const participants = await teacher.list('GET', `v4/room/${token}/participants`);
  return participants.find((p) => p['actorId'] === uid)?.['attendeeId'];
}

async function waitFor<T>(fn: () => T | undefined, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting for a backend message');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('signaling backend API', () => {
  it('refuses requests without the right checksum', async () => {
    const r = await backend({ type: 'auth', auth: { version: '1.0', params: {} } }, 'wrong-secret');
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ type: 'error', error: { code: 'invalid_request', message: expect.any(String) as string } });
  });

  it('authenticates a hello v1 ticket from the signaling settings, and only for its user', async () => {
    const settings = await lena.obj('GET', 'v3/signaling/settings');
    expect(settings.data['signalingMode']).toBe('external');
    expect(settings.data['server']).toBe(hpbUrl);
    const ticket = String(settings.data['ticket']);
    const ok = await backend({ type: 'auth', auth: { version: '1.0', params: { userid: 's7a1', ticket } } });
    expect(ok.data).toEqual({ type: 'auth', auth: { version: '1.0', userid: 's7a1', user: { displayname: 'Lena Becker' } } });
    const stolen = await backend({ type: 'auth', auth: { version: '1.0', params: { userid: 's7a2', ticket } } });
    expect((stolen.data['error'] as Json)['code']).toBe('invalid_ticket');
  });

  it('lets a room session join with its permissions; unknown sessions and other users are refused', async () => {
    const token = await lessonRoom('Signaling join');
    // Lesson mode: students may join calls but not publish audio until granted.
    await teacher.data('PUT', `v4/room/${token}/permissions/default`, { permissions: 1 | 4 | 32 | 128 });
    const joined = await lena.obj('POST', `v4/room/${token}/participants/active`);
    const sessionid = String(joined.data['sessionId']);
    const join = await backend({ type: 'room', room: { version: '1.0', roomid: token, userid: 's7a1', sessionid, action: 'join' } });
    expect(join.data['type']).toBe('room');
    const room = join.data['room'] as Json;
    expect(room['roomid']).toBe(token);
    expect(room['permissions']).toEqual(['publish-video']);
    expect((room['properties'] as Json)['name']).toBe('Signaling join');
    const t = await teacher.obj('POST', `v4/room/${token}/participants/active`);
    const teacherJoin = await backend({ type: 'room', room: { version: '1.0', roomid: token, userid: 'schmidt', sessionid: String(t.data['sessionId']), action: 'join' } });
    expect((teacherJoin.data['room'] as Json)['permissions']).toEqual(['publish-media', 'publish-audio', 'publish-video', 'publish-screen', 'control']);
    const impostor = await backend({ type: 'room', room: { version: '1.0', roomid: token, userid: 's7a2', sessionid, action: 'join' } });
    expect((impostor.data['error'] as Json)['code']).toBe('no_such_room');
    const unknown = await backend({ type: 'room', room: { version: '1.0', roomid: token, userid: 's7a1', sessionid: 'nope', action: 'join' } });
    expect((unknown.data['error'] as Json)['code']).toBe('no_such_room');
  });

  it('ends the room session when the signaling server reports a leave', async () => {
    const token = await lessonRoom('Signaling leave');
    const joined = await lena.obj('POST', `v4/room/${token}/participants/active`);
    const sessionid = String(joined.data['sessionId']);
    expect((await lena.data('POST', `v4/call/${token}`, { flags: 7 })).status).toBe(200);
    await backend({ type: 'room', room: { version: '1.0', roomid: token, userid: 's7a1', sessionid, action: 'leave' } });
    // Lena was the only one in the call: it ended with her session.
    const room = await teacher.obj('GET', `v4/room/${token}`);
    expect(room.data['hasCall']).toBe(false);
    const again = await backend({ type: 'room', room: { version: '1.0', roomid: token, userid: 's7a1', sessionid, action: 'join' } });
    expect((again.data['error'] as Json)['code']).toBe('no_such_room');
  });
});

describe('room notifications to the signaling server', () => {
  it('sends signed incall, participants and chat messages for the room', async () => {
    const token = await lessonRoom('Signaling notify');
    await teacher.data('PUT', `v4/room/${token}/permissions/default`, { permissions: 1 | 4 | 32 | 128 });
    const t = await teacher.obj('POST', `v4/room/${token}/participants/active`);
    const l = await lena.obj('POST', `v4/room/${token}/participants/active`);
    const forRoom = () => received.filter((m) => m.path === `/api/v1/room/${token}`);
    expect((await teacher.data('POST', `v4/call/${token}`, { flags: 7 })).status).toBe(200);
    const incall = await waitFor(() => forRoom().find((m) => m.body['type'] === 'incall'));
    expect(incall.checksumOk).toBe(true);
    expect(incall.backend).toBe(`${server.url}/`);
    const inc = incall.body['incall'] as { incall: number; changed: Json[] };
    expect(inc.incall).toBe(7);
    expect(inc.changed.map((c) => c['sessionId'])).toEqual([t.data['sessionId']]);
    const chat = await waitFor(() => forRoom().find((m) => m.body['type'] === 'message'));
    expect(chat.body['message']).toEqual({ data: { type: 'chat', chat: { refresh: true } } });

    // Lena may not publish audio: her flags come back without audio.
    expect((await lena.data('POST', `v4/call/${token}`, { flags: 7 })).status).toBe(200);
    const lenaIn = await waitFor(() =>
      forRoom().find((m) => m.body['type'] === 'incall' && (m.body['incall'] as { changed: Json[] }).changed.some((c) => c['sessionId'] === l.data['sessionId'])),
    );
    expect((lenaIn.body['incall'] as Json)['incall']).toBe(1 | 4);

    // The teacher grants audio: the signaling server learns Lena's new permissions.
    await teacher.data('PUT', `v4/room/${token}/attendees/permissions`, { attendeeId: await attendeeId(token, 's7a1'), method: 'add', permissions: 16 });
    const granted = await waitFor(() => forRoom().find((m) => m.body['type'] === 'participants'));
    const changed = (granted.body['participants'] as { changed: Json[] }).changed;
    expect(changed.find((c) => c['sessionId'] === l.data['sessionId'])?.['permissions']).toEqual(['publish-media', 'publish-audio', 'publish-video']);
  });

  it('tells the signaling server about new and removed members', async () => {
    const r = await teacher.obj('POST', 'v4/room', { roomType: 2, roomName: 'Signaling invite' });
    const token = String(r.data['token']);
    await teacher.data('POST', `v4/room/${token}/participants`, { newParticipant: 's7a3', source: 'users' });
    const invites = () => received.filter((m) => m.path === `/api/v1/room/${token}` && m.body['type'] === 'invite').map((m) => m.body['invite'] as Json);
    const invite = await waitFor(() => invites().find((i) => (i['userids'] as string[]).includes('s7a3')));
    expect(invite['userids']).toEqual(['s7a3']);
    expect(invite['alluserids']).toEqual(['schmidt', 's7a3']);
    await teacher.data('DELETE', `v4/room/${token}/attendees`, { attendeeId: await attendeeId(token, 's7a3') });
    const gone = await waitFor(() => received.find((m) => m.path === `/api/v1/room/${token}` && m.body['type'] === 'disinvite'));
    expect(gone.body['disinvite']).toEqual({ userids: ['s7a3'], alluserids: ['schmidt'] });
  });
});

describe('breakout rooms and the signaling server', () => {
  it('sends switchto for the students when breakout rooms start, and for everyone in them when they stop', async () => {
    const jonas = new Client('s7a2');
    const token = await lessonRoom('Signaling breakout');
    // Lesson mode in the parent: students may not publish audio nor start calls.
    await teacher.data('PUT', `v4/room/${token}/permissions/default`, { permissions: 1 | 4 | 32 | 128 });
    const t = await teacher.obj('POST', `v4/room/${token}/participants/active`);
    const l = await lena.obj('POST', `v4/room/${token}/participants/active`);
    const j = await jonas.obj('POST', `v4/room/${token}/participants/active`);
    const configured = (await teacher.data('POST', `v1/breakout-rooms/${token}`, { mode: 1, amount: 2 })).data as Json[];
    const groups = configured.filter((r) => r['objectType'] === 'room' && r['objectId'] === token).map((r) => String(r['token']));
    expect(groups).toHaveLength(2);
    const switches = (path: string) => received.filter((m) => m.path === path && m.body['type'] === 'switchto').map((m) => m.body['switchto'] as { roomid: string; sessions: string[] });
    expect(switches(`/api/v1/room/${token}`)).toEqual([]);

    expect((await teacher.data('POST', `v1/breakout-rooms/${token}/rooms`)).status).toBe(200);
    const started = await waitFor(() => {
      const s = switches(`/api/v1/room/${token}`);
      return s.length === 2 ? s : undefined;
    });
    // Each student's parent session is sent to the group Talk put them in; the teacher stays.
    const groupOf = async (c: Client) => String((await c.list('GET', `v4/room/${token}/breakout-rooms`))[0]?.['token']);
    const lenaGroup = await groupOf(lena);
    const jonasGroup = await groupOf(jonas);
    expect(new Set([lenaGroup, jonasGroup])).toEqual(new Set(groups));
    expect(started).toContainEqual({ roomid: lenaGroup, sessions: [l.data['sessionId']] });
    expect(started).toContainEqual({ roomid: jonasGroup, sessions: [j.data['sessionId']] });
    expect(started.flatMap((s) => s.sessions)).not.toContain(t.data['sessionId']);
    const signed = received.find((m) => m.path === `/api/v1/room/${token}` && m.body['type'] === 'switchto');
    expect(signed?.checksumOk).toBe(true);

    // In the group Lena stays a student (no control), but without the parent's lesson mode she may start the call and speak.
    const inGroup = await lena.obj('POST', `v4/room/${lenaGroup}/participants/active`);
    expect(inGroup.data['participantType']).toBe(3);
    const join = await backend({ type: 'room', room: { version: '1.0', roomid: lenaGroup, userid: 's7a1', sessionid: String(inGroup.data['sessionId']), action: 'join' } });
    expect((join.data['room'] as Json)['permissions']).toEqual(['publish-media', 'publish-audio', 'publish-video', 'publish-screen']);
    // The teacher visits Lena's group.
    const visit = await teacher.obj('POST', `v4/room/${lenaGroup}/participants/active`);
    expect(visit.data['participantType']).toBe(1);

    expect((await teacher.data('DELETE', `v1/breakout-rooms/${token}/rooms`)).status).toBe(200);
    const back = await waitFor(() => switches(`/api/v1/room/${lenaGroup}`)[0]);
    expect(back.roomid).toBe(token);
    expect(new Set(back.sessions)).toEqual(new Set([inGroup.data['sessionId'], visit.data['sessionId']]));
    // Nobody was in Jonas's group: nothing to move there.
    expect(switches(`/api/v1/room/${jonasGroup}`)).toEqual([]);
  });
});

describe('spec conformance', () => {
  it('answered every request of this file as Talk 22 specifies it', () => {
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
