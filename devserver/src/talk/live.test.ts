/**
 * What wakes a chat long-poll, presence and notification language, as the real server shows in talk-live.json:
 * no event here may be kinder than Talk 22 (an added reaction or another user's read marker wakes nobody).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
});
afterAll(async () => {
  await server.close();
});

type Json = Record<string, unknown>;
const SPREED = '/ocs/v2.php/apps/spreed/api';

async function call(user: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; data: unknown; ms: number }> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`,
    'ocs-apirequest': 'true',
    accept: 'application/json',
    ...extra,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const started = Date.now();
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, data: text === '' ? null : (JSON.parse(text) as { ocs: { data: unknown } }).ocs.data, ms: Date.now() - started };
}

async function room(name: string): Promise<string> {
  const r = await call('schmidt', 'POST', `${SPREED}/v4/room`, { roomType: 2, roomName: name, invite: 'klasse-7a', source: 'groups' });
  expect(r.status).toBe(201);
  return String((r.data as Json)['token']);
}

/** Starts a long-poll of schmidt after `lastKnown`, runs `event` 300 ms later, and returns what the poll answered. */
async function pollDuring(token: string, lastKnown: number, timeout: number, event: () => Promise<unknown>): Promise<{ status: number; data: Json[]; ms: number }> {
  const poll = call('schmidt', 'GET', `${SPREED}/v1/chat/${token}?lookIntoFuture=1&timeout=${String(timeout)}&lastKnownMessageId=${String(lastKnown)}`);
  await new Promise((r) => setTimeout(r, 300));
  await event();
  const r = await poll;
  return { status: r.status, data: (r.data ?? []) as Json[], ms: r.ms };
}

async function roomOf(user: string, token: string): Promise<Json> {
  return (await call(user, 'GET', `${SPREED}/v4/room/${token}`)).data as Json;
}

describe('chat long-poll wake-ups (talk-live.json (a)–(h))', () => {
  it('an added reaction wakes nobody and changes neither lastActivity nor the room list; removing it wakes with reaction_deleted and reaction_revoked', async () => {
    const token = await room('Live Reaktion');
    const m = (await call('schmidt', 'POST', `${SPREED}/v1/chat/${token}`, { message: 'Willkommen' })).data as Json;
    const before = await roomOf('schmidt', token);
    const added = await pollDuring(token, Number(m['id']), 1, () => call('s7a1', 'POST', `${SPREED}/v1/reaction/${token}/${String(m['id'])}`, { reaction: '✅' }));
    expect(added.status).toBe(304);
    expect(added.ms).toBeGreaterThanOrEqual(900);
    expect((await call('schmidt', 'GET', `${SPREED}/v1/chat/${token}?lookIntoFuture=1&timeout=0&lastKnownMessageId=${String(m['id'])}`)).status).toBe(304);
    const after = await roomOf('schmidt', token);
    expect(after['lastActivity']).toBe(before['lastActivity']);
    expect((after['lastMessage'] as Json)['id']).toBe(m['id']);
    const since = Number(before['lastActivity']) + 1;
    const list = (await call('schmidt', 'GET', `${SPREED}/v4/room?modifiedSince=${String(since)}`)).data as Json[];
    expect(list.map((r) => r['token'])).not.toContain(token);
    expect((await call('schmidt', 'GET', `${SPREED}/v1/reaction/${token}/${String(m['id'])}`)).data).toMatchObject({ '✅': [{ actorId: 's7a1' }] });

    const removed = await pollDuring(token, Number(m['id']), 5, () => call('s7a1', 'DELETE', `${SPREED}/v1/reaction/${token}/${String(m['id'])}`, { reaction: '✅' }));
    expect(removed.status).toBe(200);
    expect(removed.ms).toBeLessThan(2000);
    expect(removed.data.map((x) => x['systemMessage'])).toEqual(['reaction_deleted', 'reaction_revoked']);
    expect(removed.data[0]).toMatchObject({ messageParameters: [], parent: { id: m['id'], reactions: {} } });
    expect(removed.data[1]).toMatchObject({ actorId: 's7a1', parent: { id: m['id'] } });
    expect((await roomOf('schmidt', token))['lastActivity']).toBe(before['lastActivity']);
  });

  it('another user’s read marker wakes nobody; a silent message, an edit, a delete and a poll vote do', async () => {
    const token = await room('Live Wecken');
    const m = (await call('s7a1', 'POST', `${SPREED}/v1/chat/${token}`, { message: 'Ich bin da' })).data as Json;
    const id = Number(m['id']);
    const read = await pollDuring(token, id, 1, () => call('s7a1', 'POST', `${SPREED}/v1/chat/${token}/read`, { lastReadMessage: id }));
    expect(read.status).toBe(304);

    const silent = await pollDuring(token, id, 5, () => call('s7a1', 'POST', `${SPREED}/v1/chat/${token}`, { message: 'leise', silent: true }));
    expect(silent.data).toMatchObject([{ message: 'leise', silent: true }]);
    const last = Number(silent.data[0]?.['id']);
    const edited = await pollDuring(token, last, 5, () => call('s7a1', 'PUT', `${SPREED}/v1/chat/${token}/${String(id)}`, { message: 'Ich bin da!' }));
    expect(edited.data).toMatchObject([{ systemMessage: 'message_edited', parent: { id, lastEditActorId: 's7a1' } }]);
    const deleted = await pollDuring(token, Number(edited.data[0]?.['id']), 5, () => call('s7a1', 'DELETE', `${SPREED}/v1/chat/${token}/${String(id)}`));
    expect(deleted.data).toMatchObject([{ systemMessage: 'message_deleted', parent: { id, deleted: true } }]);
    expect(deleted.data[0]?.['parent']).not.toHaveProperty('lastEditActorId');

    const poll = (await call('schmidt', 'POST', `${SPREED}/v1/poll/${token}`, { question: 'Wie geht es euch?', options: ['gut', 'schlecht'], resultMode: 0, maxVotes: 1 })).data as Json;
    const pollMsg = ((await call('schmidt', 'GET', `${SPREED}/v1/chat/${token}?lookIntoFuture=0&limit=1`)).data as Json[])[0];
    const voted = await pollDuring(token, Number(pollMsg?.['id']), 5, () => call('s7a1', 'POST', `${SPREED}/v1/poll/${token}/${String(poll['id'])}`, { optionIds: [0] }));
    expect(voted.data).toMatchObject([{ systemMessage: 'poll_voted', actorType: 'guests', actorId: 'system', messageParameters: { poll: { type: 'talk-poll' } } }]);
    expect(voted.data[0]?.['messageParameters']).not.toHaveProperty('actor');
    // A vote, unlike an edit or a delete, becomes the conversation's last message.
    expect(((await roomOf('s7a1', token))['lastMessage'] as Json)['systemMessage']).toBe('poll_voted');
  });
});

describe('presence (talk-live.json 41–53)', () => {
  const status = async (user: string): Promise<Json> => (await call('schmidt', 'GET', `/ocs/v2.php/apps/user_status/api/v1/statuses/${user}`)).data as Json;

  it('a heartbeat makes a user online; without heartbeats she is offline after 15 minutes; "away" does not override a fresh "online"', async () => {
    expect((await call('s7a4', 'GET', '/ocs/v2.php/apps/user_status/api/v1/statuses/s7a4')).status).toBe(404);
    expect((await call('s7a4', 'PUT', '/ocs/v2.php/apps/user_status/api/v1/heartbeat', { status: 'online' })).data).toMatchObject({ status: 'online', statusIsUserDefined: false });
    expect(await status('s7a4')).toMatchObject({ status: 'online', message: null });
    await call('s7a4', 'PUT', '/ocs/v2.php/apps/user_status/api/v1/heartbeat', { status: 'away' });
    expect((await status('s7a4'))['status']).toBe('online');
    server.control.advanceClock(14 * 60 * 1000);
    expect((await status('s7a4'))['status']).toBe('online');
    server.control.advanceClock(2 * 60 * 1000);
    expect((await status('s7a4'))['status']).toBe('offline');
    await call('s7a4', 'PUT', '/ocs/v2.php/apps/user_status/api/v1/heartbeat', { status: 'away' });
    expect((await status('s7a4'))['status']).toBe('away');
  });

  it('in a call she is away "In einem Anruf" (German reader) / "In a call"; leaving the call restores online', async () => {
    const token = await room('Live Anruf');
    await call('s7a5', 'PUT', '/ocs/v2.php/apps/user_status/api/v1/heartbeat', { status: 'online' });
    const jar: Record<string, string> = {};
    const joined = await fetch(`${server.url}${SPREED}/v4/room/${token}/participants/active`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('s7a5:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    jar['cookie'] = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await call('s7a5', 'POST', `${SPREED}/v4/call/${token}`, { flags: 3 }, jar)).status).toBe(200);
    expect(await status('s7a5')).toMatchObject({ status: 'away', icon: '💬', message: 'In a call' });
    const german = (await call('schmidt', 'GET', '/ocs/v2.php/apps/user_status/api/v1/statuses/s7a5', undefined, { 'accept-language': 'de' })).data;
    expect(german).toMatchObject({ status: 'away', message: 'In einem Anruf' });
    const participants = (await call('schmidt', 'GET', `${SPREED}/v4/room/${token}/participants?includeStatus=true`, undefined, { 'accept-language': 'de' })).data as Json[];
    expect(participants.find((p) => p['actorId'] === 's7a5')).toMatchObject({ status: 'away', statusIcon: '💬', statusMessage: 'In einem Anruf' });
    expect((await call('s7a5', 'DELETE', `${SPREED}/v4/call/${token}`, undefined, jar)).status).toBe(200);
    expect(await status('s7a5')).toMatchObject({ status: 'online', icon: null, message: null });
  });
});

describe('notification language (talk-live.json 54–65)', () => {
  it('follows Accept-Language without a setting; the user’s own language wins once set; cloud/users reports it', async () => {
    const token = await room('Live Sprache');
    await call('schmidt', 'POST', `${SPREED}/v1/chat/${token}`, { message: '@s7a6 bitte lesen' });
    const list = async (lang?: string): Promise<Json | undefined> => {
      const r = await call('s7a6', 'GET', '/ocs/v2.php/apps/notifications/api/v2/notifications', undefined, lang === undefined ? {} : { 'accept-language': lang });
      return (r.data as Json[]).find((n) => n['app'] === 'spreed');
    };
    expect(((await call('s7a6', 'GET', '/ocs/v2.php/cloud/users/s7a6')).data as Json)['language']).toBe('en');
    expect(await list('de')).toMatchObject({ subjectRich: '{user} hat dich in einer Unterhaltung erwähnt: {call}', actions: [{ label: 'Chat anzeigen' }] });
    expect(await list('en')).toMatchObject({ subjectRich: '{user} mentioned you in conversation {call}', actions: [{ label: 'View chat' }] });
    expect(await list('fr, de;q=0.5')).toMatchObject({ subject: expect.stringContaining('hat dich in einer Unterhaltung erwähnt') as unknown });
    expect(await list()).toMatchObject({ subject: expect.stringContaining('mentioned you') as unknown });
    expect((await call('s7a6', 'PUT', '/ocs/v2.php/cloud/users/s7a6', { key: 'language', value: 'de' })).status).toBe(200);
    expect(((await call('s7a6', 'GET', '/ocs/v2.php/cloud/users/s7a6')).data as Json)['language']).toBe('de');
    expect(await list('en')).toMatchObject({ subject: expect.stringContaining('hat dich in einer Unterhaltung erwähnt') as unknown });
    expect(await list()).toMatchObject({ subject: expect.stringContaining('hat dich in einer Unterhaltung erwähnt') as unknown });
    expect((await call('s7a6', 'PUT', '/ocs/v2.php/cloud/users/schmidt', { key: 'language', value: 'de' })).status).toBe(401);
  });
});
