import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
});
afterAll(async () => {
  await server.close();
});

const API = '/ocs/v2.php/apps/spreed/api/v4';

interface Res {
  status: number;
  data: Record<string, unknown>;
  cookie: string | null;
}

/** An OCS call as `user` (null = a guest without account), with the PHP session cookie `cookie`. */
async function ocs(user: string | null, method: string, path: string, body?: Record<string, unknown>, cookie?: string): Promise<Res> {
  const headers: Record<string, string> = { 'ocs-apirequest': 'true', accept: 'application/json' };
  if (user !== null) headers['authorization'] = `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie !== undefined) headers['cookie'] = cookie;
  const res = await fetch(`${server.url}${path}${path.includes('?') ? '&' : '?'}format=json`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as { ocs: { data: Record<string, unknown> } };
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, data: json.ocs.data, cookie: setCookie === null ? (cookie ?? null) : (setCookie.split(';')[0] ?? null) };
}

async function classRoom(name: string): Promise<string> {
  const room = await ocs('schmidt', 'POST', `${API}/room`, { roomType: 2, roomName: name, invite: 'klasse-7a', source: 'groups' });
  expect(room.status).toBe(201);
  return String(room.data['token']);
}

describe('joining a conversation (participants/active)', () => {
  it('force=false answers 409 with the session this PHP session already has; the default takes it over', async () => {
    const token = await classRoom('Mathe 7a');
    const first = await ocs('s7a1', 'POST', `${API}/room/${token}/participants/active`);
    expect(first.status).toBe(200);
    const cookie = first.cookie ?? '';
    const sessionId = String(first.data['sessionId']);

    const conflict = await ocs('s7a1', 'POST', `${API}/room/${token}/participants/active`, { force: false }, cookie);
    expect(conflict.status).toBe(409);
    expect(conflict.data).toEqual({ sessionId, inCall: 0, lastPing: expect.any(Number) as number });

    // Another browser (PHP session) of the same user joins without conflict.
    expect((await ocs('s7a1', 'POST', `${API}/room/${token}/participants/active`, { force: false })).status).toBe(200);

    const forced = await ocs('s7a1', 'POST', `${API}/room/${token}/participants/active`, {}, cookie);
    expect(forced.status).toBe(200);
    expect(forced.data['sessionId']).not.toBe(sessionId);
    const room = await ocs('s7a1', 'GET', `${API}/room/${token}`, undefined, cookie);
    expect(room.data['sessionId']).toBe(forced.data['sessionId']);

    // After leaving, force=false joins again.
    expect((await ocs('s7a1', 'DELETE', `${API}/room/${token}/participants/active`, undefined, cookie)).status).toBe(200);
    expect((await ocs('s7a1', 'GET', `${API}/room/${token}`, undefined, cookie)).data['sessionId']).toBe('0');
    expect((await ocs('s7a1', 'POST', `${API}/room/${token}/participants/active`, { force: false }, cookie)).status).toBe(200);
  });

  it('a room the user is not in answers 404; guests cannot join a conversation that is not public', async () => {
    const token = await classRoom('Deutsch 7a');
    expect((await ocs('s7b1', 'POST', `${API}/room/${token}/participants/active`)).status).toBe(404);
    expect((await ocs(null, 'POST', `${API}/room/${token}/participants/active`)).status).toBe(404);
    expect((await ocs('schmidt', 'PUT', `${API}/room/${token}/password`, { password: 'geheim' })).data).toEqual({ error: 'type' });
  });
});

describe('password-protected public conversations', () => {
  let token = '';
  beforeAll(async () => {
    token = await classRoom('Elternabend 7a');
    expect((await ocs('schmidt', 'POST', `${API}/room/${token}/public`)).status).toBe(200);
    expect((await ocs('s7a1', 'PUT', `${API}/room/${token}/password`, { password: 'geheim' })).status).toBe(403);
    const set = await ocs('schmidt', 'PUT', `${API}/room/${token}/password`, { password: 'Herbst-2026' });
    expect(set.status).toBe(200);
    expect(set.data['hasPassword']).toBe(true);
  });

  it('guests join with the password only (403 otherwise, counted as a brute-force attempt), and are removed when they leave', async () => {
    const attempts = server.control.bruteforceAttempts();
    const none = await ocs(null, 'POST', `${API}/room/${token}/participants/active`);
    expect(none.status).toBe(403);
    expect(none.data).toEqual({ error: 'password' });
    expect((await ocs(null, 'POST', `${API}/room/${token}/participants/active`, { password: 'herbst-2026' })).status).toBe(403);
    expect(server.control.bruteforceAttempts()).toBe(attempts + 2);

    const guest = await ocs(null, 'POST', `${API}/room/${token}/participants/active`, { password: 'Herbst-2026' });
    expect(guest.status).toBe(200);
    expect(guest.data).toMatchObject({ token, actorType: 'guests', participantType: 4, hasPassword: true });
    const guestId = String(guest.data['actorId']);
    const listed = async (): Promise<unknown[]> => {
      const res = await ocs('schmidt', 'GET', `${API}/room/${token}/participants`);
      return (res.data as unknown as { actorType: string; actorId: string }[]).filter((p) => p.actorType === 'guests' && p.actorId === guestId);
    };
    expect(await listed()).toHaveLength(1);
    // The same guest session rejoins without the password.
    expect((await ocs(null, 'POST', `${API}/room/${token}/participants/active`, {}, guest.cookie ?? '')).status).toBe(200);

    expect((await ocs(null, 'DELETE', `${API}/room/${token}/participants/active`, undefined, guest.cookie ?? '')).status).toBe(200);
    expect(await listed()).toHaveLength(0);
  });

  it('users who are not attendees need the password (they join as self-joined); invited members do not', async () => {
    expect((await ocs('s7b2', 'POST', `${API}/room/${token}/participants/active`)).status).toBe(403);
    const selfJoined = await ocs('s7b2', 'POST', `${API}/room/${token}/participants/active`, { password: 'Herbst-2026' });
    expect(selfJoined.status).toBe(200);
    expect(selfJoined.data['participantType']).toBe(5);
    const member = await ocs('s7a2', 'POST', `${API}/room/${token}/participants/active`);
    expect(member.status).toBe(200);
    expect(member.data['participantType']).toBe(3);

    // Removing the password opens the room again.
    expect((await ocs('schmidt', 'PUT', `${API}/room/${token}/password`, { password: '' })).data['hasPassword']).toBe(false);
    expect((await ocs(null, 'POST', `${API}/room/${token}/participants/active`)).status).toBe(200);
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
