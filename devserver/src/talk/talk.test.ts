import { createHmac, createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResponseValidator } from '../openapi/validator.js';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
const SECRET = 'hpb-shared-secret';

beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true, signalingServer: { url: 'https://hpb.example.test', secret: SECRET } });
});

afterAll(async () => {
  await server.close();
});

/** One user's client: Basic auth plus its own cookie jar, like a browser (Talk binds room sessions to it). */
class Client {
  private readonly cookies = new Map<string, string>();
  constructor(readonly user: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
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
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  async data<T = Record<string, unknown>>(method: string, path: string, body?: unknown, expected = [200, 201]): Promise<T> {
    const r = await this.call(method, path, body);
    expect(expected, `${method} ${path} answered ${String(r.status)}: ${r.text}`).toContain(r.status);
    return (r.json as { ocs: { data: T } }).ocs.data;
  }
}

type Json = Record<string, unknown>;

const teacher = new Client('schmidt');
const lena = new Client('s7a1');
const jonas = new Client('s7a2');
const other = new Client('s7b1');
/** Never added to klasse-7a (s7b1 is, by one test). */
const outsider = new Client('s7b2');

async function classRoom(name: string): Promise<string> {
  const room = await teacher.data<Json>('POST', 'v4/room', { roomType: 2, roomName: name, invite: 'klasse-7a', source: 'groups' });
  return String(room['token']);
}

describe('rooms', () => {
  it('creates a group conversation with the class group: members see it, others get 404', async () => {
    const res = await teacher.call('POST', 'v4/room', { roomType: 2, roomName: 'Klasse 7a Mathe' });
    expect(res.status).toBe(201);
    const room = (res.json as { ocs: { data: Json } }).ocs.data;
    expect(room).toMatchObject({ type: 2, name: 'Klasse 7a Mathe', participantType: 1, permissions: 254 });
    const token = String(room['token']);
    expect(await teacher.data('POST', `v4/room/${token}/participants`, { newParticipant: 'klasse-7a', source: 'groups' })).toEqual([]);

    const list = await lena.data<Json[]>('GET', 'v4/room');
    expect(list.map((r) => r['token'])).toContain(token);
    const mine = await lena.data<Json>('GET', `v4/room/${token}`);
    expect(mine).toMatchObject({ participantType: 3, permissions: 246, canStartCall: true });
    expect(mine['lastMessage']).toMatchObject({ systemMessage: 'user_added' });

    expect((await other.call('GET', `v4/room/${token}`)).status).toBe(404);
    expect((await lena.call('GET', 'v4/room/doesnotexist')).status).toBe(404);

    const participants = await teacher.data<Json[]>('GET', `v4/room/${token}/participants`);
    expect(participants.map((p) => `${String(p['actorType'])}/${String(p['actorId'])}`)).toEqual(
      expect.arrayContaining(['users/schmidt', 'groups/klasse-7a', 'users/s7a1', 'users/s7a6']),
    );
  });

  it('one-to-one conversations are found again, name the partner and carry her status with includeStatus', async () => {
    const first = await teacher.call('POST', 'v4/room', { roomType: 1, invite: 's7a3' });
    expect(first.status).toBe(201);
    const room = (first.json as { ocs: { data: Json } }).ocs.data;
    expect(room).toMatchObject({ type: 1, displayName: 'Emma Wagner', participantType: 1 });
    const again = await teacher.call('POST', 'v4/room', { roomType: 1, invite: 's7a3' });
    expect(again.status).toBe(200);
    expect((again.json as { ocs: { data: Json } }).ocs.data['token']).toBe(room['token']);
    // As Talk: a partner who never had a status carries none (talk-live.json "5. s7a1 creates one-to-one with classmate s7a2").
    const before = await teacher.data<Json[]>('GET', 'v4/room?includeStatus=true');
    expect(before.find((r) => r['token'] === room['token'])).not.toHaveProperty('status');
    await new Client('s7a3').data('PUT', '../../user_status/api/v1/heartbeat', { status: 'online' });
    const list = await teacher.data<Json[]>('GET', 'v4/room?includeStatus=true');
    expect(list.find((r) => r['token'] === room['token'])).toMatchObject({ status: 'online', statusMessage: null });
    expect((await teacher.call('POST', 'v4/room', { roomType: 1, invite: 'nobody' })).status).toBe(404);
    const note = await lena.data<Json>('GET', 'v4/room/note-to-self');
    expect(note).toMatchObject({ type: 6, objectType: 'note_to_self', canStartCall: false });
    expect((await lena.data<Json>('GET', 'v4/room/note-to-self'))['token']).toBe(note['token']);
  });

  it('removing the class group removes its students, but not the teacher or moderators', async () => {
    const token = await classRoom('Klasse 7a Kunst');
    const participants = await teacher.data<Json[]>('GET', `v4/room/${token}/participants`);
    const group = participants.find((p) => p['actorType'] === 'groups');
    expect((await lena.call('DELETE', `v4/room/${token}/attendees`, { attendeeId: group?.['attendeeId'] })).status).toBe(403);
    expect(await teacher.data('DELETE', `v4/room/${token}/attendees`, { attendeeId: group?.['attendeeId'] })).toBeNull();
    expect((await lena.call('GET', `v4/room/${token}`)).status).toBe(404);
    const left = await teacher.data<Json[]>('GET', `v4/room/${token}/participants`);
    expect(left.map((p) => p['actorId'])).toEqual(['schmidt']);
  });

  it('a user who joins klasse-7a later sees the class room and can chat', async () => {
    const token = await classRoom('Klasse 7a Deutsch');
    expect((await other.call('GET', `v4/room/${token}`)).status).toBe(404);
    expect(server.control.addGroupMember('klasse-7a', 's7b1')).toBe(true);
    const list = await other.data<Json[]>('GET', 'v4/room');
    expect(list.map((r) => r['token'])).toContain(token);
    expect((await other.call('POST', `v1/chat/${token}`, { message: 'Hallo, ich bin neu' })).status).toBe(201);
  });

  it('refuses moderator actions to students with 403 and lets the teacher promote and demote', async () => {
    const token = await classRoom('Klasse 7a Englisch');
    expect((await lena.call('PUT', `v4/room/${token}/webinar/lobby`, { state: 1 })).status).toBe(403);
    expect((await lena.call('PUT', `v4/room/${token}/description`, { description: 'x' })).status).toBe(403);
    expect((await lena.call('PUT', `v4/room/${token}/permissions/default`, { permissions: 1 })).status).toBe(403);
    expect((await lena.call('DELETE', `v4/room/${token}`)).status).toBe(403);
    const participants = await teacher.data<Json[]>('GET', `v4/room/${token}/participants`);
    const jonasRow = participants.find((p) => p['actorId'] === 's7a2');
    expect((await lena.call('POST', `v4/room/${token}/moderators`, { attendeeId: jonasRow?.['attendeeId'] })).status).toBe(403);
    expect((await teacher.call('POST', `v4/room/${token}/moderators`, { attendeeId: jonasRow?.['attendeeId'] })).status).toBe(200);
    expect(await jonas.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ participantType: 2, permissions: 254 });
    expect((await jonas.call('PUT', `v4/room/${token}/description`, { description: 'Vokabeln' })).status).toBe(200);
    expect((await teacher.call('DELETE', `v4/room/${token}/moderators`, { attendeeId: jonasRow?.['attendeeId'] })).status).toBe(200);
    expect(await jonas.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ participantType: 3, description: 'Vokabeln' });
  });

  it('holds students in the lobby: chat answers 412, the room hides its last message, the timer opens it', async () => {
    const token = await classRoom('Klasse 7a Bio');
    const on = await teacher.data<Json>('PUT', `v4/room/${token}/webinar/lobby`, { state: 1 });
    expect(on['lobbyState']).toBe(1);
    const view = await lena.data<Json>('GET', `v4/room/${token}`);
    expect(view['lastMessage']).toBeUndefined();
    expect(view['canStartCall']).toBe(false);
    expect((await lena.call('GET', `v1/chat/${token}?lookIntoFuture=0&limit=10`)).status).toBe(412);
    expect((await lena.call('POST', `v1/chat/${token}`, { message: 'darf ich?' })).status).toBe(412);
    expect((await teacher.call('GET', `v1/chat/${token}?lookIntoFuture=0&limit=10`)).status).toBe(200);
    await teacher.data('PUT', `v4/room/${token}/webinar/lobby`, { state: 1, timer: Math.floor(Date.now() / 1000) - 1 });
    expect((await lena.call('GET', `v1/chat/${token}?lookIntoFuture=0&limit=10`)).status).toBe(200);
    expect(await lena.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ lobbyState: 0 });
  });

  it('moderators open a conversation to guests (public) and close it again', async () => {
    const token = await classRoom('Klasse 7a Elternabend');
    expect((await lena.call('POST', `v4/room/${token}/public`)).status).toBe(403);
    expect(await teacher.data<Json>('POST', `v4/room/${token}/public`)).toMatchObject({ type: 3 });
    expect(await teacher.data<Json>('DELETE', `v4/room/${token}/public`)).toMatchObject({ type: 2 });
  });

  it('read-only rooms refuse new messages', async () => {
    const token = await classRoom('Klasse 7a Archiv');
    await teacher.data('PUT', `v4/room/${token}/read-only`, { state: 1 });
    expect((await lena.call('POST', `v1/chat/${token}`, { message: 'hallo' })).status).toBe(403);
  });
});

describe('chat', () => {
  it('long-poll answers as soon as a message arrives, with the cursor headers', async () => {
    const token = await classRoom('Klasse 7a Chat');
    const history = await teacher.call('GET', `v1/chat/${token}?lookIntoFuture=0&limit=100`);
    const lastKnown = Number(history.headers.get('x-chat-last-given'));
    const newest = Math.max(...(history.json as { ocs: { data: Json[] } }).ocs.data.map((m) => Number(m['id'])));
    expect(lastKnown).toBeGreaterThan(0);
    const started = Date.now();
    const poll = teacher.call('GET', `v1/chat/${token}?lookIntoFuture=1&timeout=10&lastKnownMessageId=${String(newest)}`);
    await new Promise((r) => setTimeout(r, 200));
    const sent = await lena.data<Json>('POST', `v1/chat/${token}`, { message: 'Fertig!' });
    const res = await poll;
    expect(Date.now() - started).toBeLessThan(9000);
    expect(res.status).toBe(200);
    const msgs = (res.json as { ocs: { data: Json[] } }).ocs.data;
    expect(msgs.map((m) => m['id'])).toEqual([sent['id']]);
    expect(res.headers.get('x-chat-last-given')).toBe(String(sent['id']));
    expect(res.headers.get('x-chat-last-common-read')).toMatch(/^\d+$/);
  });

  it('long-poll answers 304 with an empty body when nothing arrives before the timeout', async () => {
    const token = await classRoom('Klasse 7a Leer');
    const history = await teacher.call('GET', `v1/chat/${token}?lookIntoFuture=0&limit=1`);
    const newest = Number(history.headers.get('x-chat-last-given'));
    const started = Date.now();
    const res = await teacher.call('GET', `v1/chat/${token}?lookIntoFuture=1&timeout=1&lastKnownMessageId=${String(newest)}`);
    expect(res.status).toBe(304);
    expect(res.text).toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('hundreds of concurrent long-polls are all woken by one message', async () => {
    const token = await classRoom('Klasse 7a Viele');
    const history = await teacher.call('GET', `v1/chat/${token}?lookIntoFuture=0&limit=1`);
    const newest = Number(history.headers.get('x-chat-last-given'));
    // A 30 s poll timeout: a 200 (not a 304) proves the message woke the poll.
    const polls = Array.from({ length: 300 }, () => lena.call('GET', `v1/chat/${token}?lookIntoFuture=1&timeout=30&setReadMarker=0&lastKnownMessageId=${String(newest)}`));
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    const sent = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Alle aufwachen' });
    const results = await Promise.all(polls);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 300 }, () => 200));
    expect(results.every((r) => (r.json as { ocs: { data: Json[] } }).ocs.data[0]?.['id'] === sent['id'])).toBe(true);
  }, 60_000);

  it('does not deduplicate referenceId: the same message twice creates two messages', async () => {
    const token = await classRoom('Klasse 7a Doppelt');
    const body = { message: 'Hausaufgabe', referenceId: 'a'.repeat(64) };
    const first = await teacher.data<Json>('POST', `v1/chat/${token}`, body);
    const second = await teacher.data<Json>('POST', `v1/chat/${token}`, body);
    expect(second['id']).not.toBe(first['id']);
    const history = await lena.data<Json[]>('GET', `v1/chat/${token}?lookIntoFuture=0&limit=10`);
    expect(history.filter((m) => m['referenceId'] === 'a'.repeat(64))).toHaveLength(2);
  });

  it('counts unread messages and mentions until the read marker moves; mentions notify', async () => {
    const token = await classRoom('Klasse 7a Ungelesen');
    const mention = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Guten Morgen @s7a1, bitte Blatt 1.' });
    expect(mention['message']).toBe('Guten Morgen {mention-user1}, bitte Blatt 1.');
    expect(mention['messageParameters']).toMatchObject({ 'mention-user1': { type: 'user', id: 's7a1', name: 'Lena Becker' } });
    await teacher.data('POST', `v1/chat/${token}`, { message: 'Und noch etwas' });
    const before = await lena.data<Json>('GET', `v4/room/${token}`);
    expect(before).toMatchObject({ unreadMessages: 2, unreadMention: true, unreadMentionDirect: true });
    const jonasView = await jonas.data<Json>('GET', `v4/room/${token}`);
    expect(jonasView).toMatchObject({ unreadMessages: 2, unreadMention: false });
    const after = await lena.data<Json>('POST', `v1/chat/${token}/read`, {});
    expect(after).toMatchObject({ unreadMessages: 0, unreadMention: false });
    const unread = await lena.data<Json>('DELETE', `v1/chat/${token}/read`);
    expect(unread['unreadMessages']).toBe(1);

    const notes = await fetch(`${server.url}/ocs/v2.php/apps/notifications/api/v2/notifications`, {
      headers: { authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    const list = ((await notes.json()) as { ocs: { data: Json[] } }).ocs.data;
    expect(list.some((n) => n['app'] === 'spreed' && String(n['object_id']).startsWith(`${token}/`))).toBe(true);
    // Reading new messages (long-poll) clears the room's notifications.
    await lena.call('GET', `v1/chat/${token}?lookIntoFuture=1&timeout=0&lastKnownMessageId=${String(Number(mention['id']) - 1)}`);
    const again = await fetch(`${server.url}/ocs/v2.php/apps/notifications/api/v2/notifications`, {
      headers: { authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    const rest = ((await again.json()) as { ocs: { data: Json[] } }).ocs.data;
    expect(rest.some((n) => n['app'] === 'spreed' && String(n['object_id']).startsWith(`${token}/`))).toBe(false);
  });

  it('a one-to-one message notifies the partner ("sent you a private message", as spreed chat/notifications.feature), not while she is in it', async () => {
    const emil = new Client('s7a5');
    const notesOf = async (lang: string) => {
      const res = await fetch(`${server.url}/ocs/v2.php/apps/notifications/api/v2/notifications`, {
        headers: { authorization: `Basic ${Buffer.from('s7a5:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json', 'accept-language': lang },
      });
      return ((await res.json()) as { ocs: { data: Json[] } }).ocs.data;
    };
    const room = await teacher.data<Json>('POST', 'v4/room', { roomType: 1, invite: 's7a5' });
    const token = String(room['token']);
    const sent = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Deine Rückmeldung ist da.', referenceId: 'b'.repeat(64) });
    const [note] = (await notesOf('en')).filter((n) => n['app'] === 'spreed' && n['object_type'] === 'chat' && n['object_id'] === `${token}/${String(sent['id'])}`);
    expect(note).toMatchObject({ user: 's7a5', subject: 'Frau Schmidt sent you a private message', message: 'Deine Rückmeldung ist da.' });
    expect((await notesOf('de')).some((n) => n['subject'] === 'Frau Schmidt hat dir eine private Nachricht gesendet')).toBe(true);
    // The teacher (the author) gets none.
    const own = await fetch(`${server.url}/ocs/v2.php/apps/notifications/api/v2/notifications`, {
      headers: { authorization: `Basic ${Buffer.from('schmidt:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    expect(((await own.json()) as { ocs: { data: Json[] } }).ocs.data.some((n) => String(n['object_id']).startsWith(`${token}/`))).toBe(false);

    // While Emil is in the conversation (an active session) a message notifies nobody.
    await emil.data('POST', `v4/room/${token}/participants/active`, { force: true });
    const whileIn = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Siehst du es?' });
    expect((await notesOf('en')).some((n) => n['object_id'] === `${token}/${String(whileIn['id'])}`)).toBe(false);
    // A silent one never does.
    await emil.data('DELETE', `v4/room/${token}/participants/active`);
    const silent = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Leise', silent: true });
    expect((await notesOf('en')).some((n) => n['object_id'] === `${token}/${String(silent['id'])}`)).toBe(false);
  });

  it('@all is only parsed for moderators when mention permissions say so', async () => {
    const token = await classRoom('Klasse 7a Alle');
    await teacher.data('PUT', `v4/room/${token}/mention-permissions`, { mentionPermissions: 1 });
    const student = await lena.data<Json>('POST', `v1/chat/${token}`, { message: '@all hallo' });
    expect(student['message']).toBe('@all hallo');
    const mod = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: '@all Stunde fällt aus' });
    expect(mod['message']).toBe('{mention-call1} Stunde fällt aus');
    expect(await jonas.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ unreadMention: true, unreadMentionDirect: false });
  });

  it('edits, deletes and reactions behave like Talk', async () => {
    const token = await classRoom('Klasse 7a Bearbeiten');
    const msg = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Heute: Brüche' });
    const id = String(msg['id']);
    expect((await lena.call('PUT', `v1/chat/${token}/${id}`, { message: 'gehackt' })).status).toBe(403);
    const edited = await teacher.data<Json>('PUT', `v1/chat/${token}/${id}`, { message: 'Heute: Bruchrechnen' });
    expect(edited).toMatchObject({ systemMessage: 'message_edited', message: 'You edited a message' });
    expect(edited['parent']).toMatchObject({ id: msg['id'], message: 'Heute: Bruchrechnen', lastEditActorId: 'schmidt' });

    const reacted = await lena.call('POST', `v1/reaction/${token}/${id}`, { reaction: '👍' });
    expect(reacted.status).toBe(201);
    expect((reacted.json as { ocs: { data: Json } }).ocs.data).toMatchObject({ '👍': [{ actorType: 'users', actorId: 's7a1', actorDisplayName: 'Lena Becker' }] });
    expect((await lena.call('POST', `v1/reaction/${token}/${id}`, { reaction: '👍' })).status).toBe(200);
    const history = await lena.data<Json[]>('GET', `v1/chat/${token}?lookIntoFuture=0&limit=20`);
    expect(history.find((m) => String(m['id']) === id)).toMatchObject({ reactions: { '👍': 1 }, reactionsSelf: ['👍'] });
    // An added reaction is no chat message: history and a poll after the last message show nothing new (talk-live.json (b)).
    expect(history.find((m) => m['systemMessage'] === 'reaction')).toBeUndefined();
    const newest = String(history[0]?.['id']);
    expect((await teacher.call('GET', `v1/chat/${token}?lookIntoFuture=1&timeout=0&lastKnownMessageId=${newest}`)).status).toBe(304);
    expect(await lena.data('DELETE', `v1/reaction/${token}/${id}`, { reaction: '👍' })).toEqual({});
    const afterRevoke = await teacher.data<Json[]>('GET', `v1/chat/${token}?lookIntoFuture=0&limit=20`);
    expect(afterRevoke.map((m) => m['systemMessage'])).toEqual(expect.arrayContaining(['reaction_deleted', 'reaction_revoked']));
    expect(afterRevoke.find((m) => m['systemMessage'] === 'reaction')).toBeUndefined();

    expect((await lena.call('DELETE', `v1/chat/${token}/${id}`)).status).toBe(403);
    const deleted = await teacher.data<Json>('DELETE', `v1/chat/${token}/${id}`);
    expect(deleted).toMatchObject({ systemMessage: 'message_deleted', message: 'You deleted a message' });
    expect(deleted['parent']).toMatchObject({ id: msg['id'], messageType: 'comment_deleted', message: 'Message deleted by you' });
    const afterDelete = await lena.data<Json[]>('GET', `v1/chat/${token}?lookIntoFuture=0&limit=20`);
    expect(afterDelete.find((m) => String(m['id']) === id)).toMatchObject({ messageType: 'comment_deleted', message: 'Message deleted by author' });
  });

  it('replies carry their parent and the mention autocomplete lists room members', async () => {
    const token = await classRoom('Klasse 7a Antworten');
    const question = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Wer ist fertig?' });
    const reply = await lena.data<Json>('POST', `v1/chat/${token}`, { message: 'Ich!', replyTo: question['id'] });
    expect(reply['parent']).toMatchObject({ id: question['id'], message: 'Wer ist fertig?' });
    expect((await lena.call('POST', `v1/chat/${token}`, { message: 'x', replyTo: 999999 })).status).toBe(400);
    const suggestions = await lena.data<Json[]>('GET', `v1/chat/${token}/mentions?search=jon&limit=10`);
    expect(suggestions).toEqual([{ id: 's7a2', label: 'Jonas Weber', source: 'users', mentionId: 's7a2' }]);
  });

  it('message context around a message, and clearing the history (moderators only)', async () => {
    const token = await classRoom('Klasse 7a Verlauf');
    const ids: unknown[] = [];
    for (const text of ['eins', 'zwei', 'drei']) ids.push((await teacher.data<Json>('POST', `v1/chat/${token}`, { message: text }))['id']);
    const context = await lena.data<Json[]>('GET', `v1/chat/${token}/${String(ids[1])}/context?limit=1`);
    expect(context.map((m) => m['message'])).toEqual(['zwei', 'drei']);
    expect((await lena.call('DELETE', `v1/chat/${token}`)).status).toBe(403);
    const cleared = await teacher.data<Json>('DELETE', `v1/chat/${token}`);
    expect(cleared).toMatchObject({ systemMessage: 'history_cleared' });
    const history = await lena.data<Json[]>('GET', `v1/chat/${token}?lookIntoFuture=0&limit=10`);
    expect(history.map((m) => m['systemMessage'])).toEqual(['history_cleared']);
  });

  it('polls: create, vote, results for voters, close; the poll shows up in the shared items', async () => {
    const token = await classRoom('Klasse 7a Umfrage');
    const created = await teacher.call('POST', `v1/poll/${token}`, { question: 'Wie schwer?', options: ['leicht', 'mittel', 'schwer'], resultMode: 0, maxVotes: 1 });
    expect(created.status).toBe(201);
    const poll = (created.json as { ocs: { data: Json } }).ocs.data;
    expect(poll).toMatchObject({ question: 'Wie schwer?', status: 0, votes: [], numVoters: 0, votedSelf: [] });
    const pollId = String(poll['id']);
    expect((await lena.call('POST', `v1/poll/${token}/${pollId}`, { optionIds: [0, 1] })).status).toBe(400);
    const voted = await lena.data<Json>('POST', `v1/poll/${token}/${pollId}`, { optionIds: [1] });
    expect(voted).toMatchObject({ votedSelf: [1], votes: { 'option-1': 1 }, numVoters: 1 });
    expect((await lena.call('DELETE', `v1/poll/${token}/${pollId}`)).status).toBe(403);
    const closed = await teacher.data<Json>('DELETE', `v1/poll/${token}/${pollId}`);
    expect(closed).toMatchObject({ status: 1, votes: { 'option-1': 1 } });
    expect(closed['details']).toEqual([{ actorType: 'users', actorId: 's7a1', actorDisplayName: 'Lena Becker', optionId: 1 }]);
    const overview = await lena.data<Record<string, Json[]>>('GET', `v1/chat/${token}/share/overview?limit=7`);
    expect(overview['poll']?.[0]?.['messageParameters']).toMatchObject({ object: { type: 'talk-poll', id: pollId } });
  });
});

describe('breakout rooms', () => {
  it('configures, starts, broadcasts, asks for assistance and stops', async () => {
    const token = await classRoom('Klasse 7a Gruppenarbeit');
    expect((await lena.call('POST', `v1/breakout-rooms/${token}`, { mode: 1, amount: 2 })).status).toBe(403);
    expect((await teacher.call('POST', `v1/breakout-rooms/${token}`, { mode: 1, amount: 0 })).status).toBe(400);
    const configured = await teacher.data<Json[]>('POST', `v1/breakout-rooms/${token}`, { mode: 1, amount: 2 });
    expect(configured).toHaveLength(3);
    expect(configured[0]).toMatchObject({ token, breakoutRoomMode: 1, breakoutRoomStatus: 0 });
    expect((await teacher.call('POST', `v1/breakout-rooms/${token}`, { mode: 1, amount: 2 })).status).toBe(400);

    const mine = await lena.data<Json[]>('GET', `v4/room/${token}/breakout-rooms`);
    expect(mine).toHaveLength(1);
    const breakout = String(mine[0]?.['token']);
    expect(mine[0]).toMatchObject({ objectType: 'room', objectId: token, lobbyState: 1 });
    expect((await lena.call('GET', `v1/chat/${breakout}?lookIntoFuture=0&limit=10`)).status).toBe(412);
    expect((await lena.call('POST', `v1/breakout-rooms/${breakout}/request-assistance`)).status).toBe(400);

    await teacher.data('POST', `v1/breakout-rooms/${token}/rooms`);
    expect(await lena.data<Json>('GET', `v4/room/${breakout}`)).toMatchObject({ lobbyState: 0, breakoutRoomStatus: 1 });
    const sent = await teacher.call('POST', `v1/breakout-rooms/${token}/broadcast`, { message: 'Noch 5 Minuten' });
    expect(sent.status).toBe(201);
    const chat = await lena.data<Json[]>('GET', `v1/chat/${breakout}?lookIntoFuture=0&limit=10`);
    expect(chat[0]).toMatchObject({ message: 'Noch 5 Minuten', actorId: 'schmidt' });
    expect(await lena.data<Json>('POST', `v1/breakout-rooms/${breakout}/request-assistance`)).toMatchObject({ breakoutRoomStatus: 2 });
    expect(await lena.data<Json>('DELETE', `v1/breakout-rooms/${breakout}/request-assistance`)).toMatchObject({ breakoutRoomStatus: 1 });

    await teacher.data('DELETE', `v1/breakout-rooms/${token}/rooms`);
    expect(await lena.data<Json>('GET', `v4/room/${breakout}`)).toMatchObject({ lobbyState: 1, breakoutRoomStatus: 0 });
    expect(await teacher.data<Json>('DELETE', `v1/breakout-rooms/${token}`)).toMatchObject({ breakoutRoomMode: 0 });
    expect((await lena.call('GET', `v4/room/${breakout}`)).status).toBe(404);
  });
});

describe('calls', () => {
  it('joins need a room session from the same cookie jar; flags, peers, hasCall and ending for everyone', async () => {
    const token = await classRoom('Klasse 7a Videostunde');
    const fresh = new Client('schmidt');
    expect((await fresh.call('POST', `v4/call/${token}`, { flags: 7 })).status).toBe(404);
    const joined = await fresh.call('POST', `v4/room/${token}/participants/active`, { force: true });
    expect(joined.status).toBe(200);
    expect(joined.headers.getSetCookie().join()).toMatch(/ocdevserver=/);
    const session = (joined.json as { ocs: { data: Json } }).ocs.data;
    expect(String(session['sessionId'])).not.toBe('0');
    expect(await fresh.data('POST', `v4/call/${token}`, { flags: 7 })).toBeNull();

    const student = new Client('s7a1');
    await student.data('POST', `v4/room/${token}/participants/active`, { force: true });
    expect(await student.data('POST', `v4/call/${token}`, { flags: 3 })).toBeNull();
    const room = await student.data<Json>('GET', `v4/room/${token}`);
    expect(room).toMatchObject({ hasCall: true, callFlag: 7, participantFlags: 3 });
    expect(room['sessionId']).not.toBe('0');
    const peers = await fresh.data<Json[]>('GET', `v4/call/${token}`);
    expect(peers.map((p) => p['actorId']).sort()).toEqual(['s7a1', 'schmidt']);

    expect(await fresh.data('DELETE', `v4/call/${token}`, { all: true })).toBeNull();
    expect(await student.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ hasCall: false, callFlag: 0, participantFlags: 0 });
    expect(await student.data('DELETE', `v4/room/${token}/participants/active`)).toBeNull();
    expect(await student.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ sessionId: '0' });
  });

  it('a student leaves the call after the lobby closed (leaving needs no lobby check, joining does)', async () => {
    const token = await classRoom('Klasse 7a Lobby danach');
    const host = new Client('schmidt');
    await host.data('POST', `v4/room/${token}/participants/active`, { force: true });
    expect(await host.data('POST', `v4/call/${token}`, { flags: 7 })).toBeNull();
    const student = new Client('s7a1');
    await student.data('POST', `v4/room/${token}/participants/active`, { force: true });
    expect(await student.data('POST', `v4/call/${token}`, { flags: 3 })).toBeNull();
    await teacher.data('PUT', `v4/room/${token}/webinar/lobby`, { state: 1 });
    expect((await student.call('POST', `v4/call/${token}`, { flags: 3 })).status).toBe(412);
    expect((await student.call('DELETE', `v4/call/${token}`)).status).toBe(200);
    expect(await student.data<Json>('GET', `v4/room/${token}`)).toMatchObject({ participantFlags: 0 });
  });

  it('starting a call without the permission answers 403; joining a running call works', async () => {
    const token = await classRoom('Klasse 7a Ohne Start');
    await teacher.data('PUT', `v4/room/${token}/permissions/default`, { permissions: 133 });
    const student = new Client('s7a1');
    const joined = await student.data<Json>('POST', `v4/room/${token}/participants/active`, { force: true });
    expect(joined).toMatchObject({ permissions: 133, canStartCall: false });
    expect((await student.call('POST', `v4/call/${token}`, { flags: 3 })).status).toBe(403);
    const t = new Client('schmidt');
    await t.data('POST', `v4/room/${token}/participants/active`, { force: true });
    await t.data('POST', `v4/call/${token}`, { flags: 7 });
    expect((await student.call('POST', `v4/call/${token}`, { flags: 3 })).status).toBe(200);
    const notes = await fetch(`${server.url}/ocs/v2.php/apps/notifications/api/v2/notifications`, {
      headers: { authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    const list = ((await notes.json()) as { ocs: { data: Json[] } }).ocs.data;
    expect(list.find((n) => n['object_type'] === 'call' && n['object_id'] === token)).toMatchObject({ app: 'spreed', subjectRich: 'A group call has started in {call}' });
  });

  it('signaling settings name the external server with a v1 ticket and a v2 token the HPB can verify', async () => {
    const token = await classRoom('Klasse 7a Signal');
    expect((await outsider.call('GET', `v3/signaling/settings?token=${token}`)).status).toBe(404);
    const s = await lena.data<Json>('GET', `v3/signaling/settings?token=${token}`);
    expect(s).toMatchObject({ signalingMode: 'external', server: 'https://hpb.example.test', userId: 's7a1' });
    const ticket = String(s['ticket']);
    const [random = '', time = '', uid = '', mac = ''] = ticket.split(':');
    expect(uid).toBe('s7a1');
    expect(createHmac('sha256', SECRET).update(`${random}:${time}:${uid}`).digest('hex')).toBe(mac);
    const hello = s['helloAuthParams'] as { '1.0': Json; '2.0': { token: string } };
    expect(hello['1.0']).toEqual({ userid: 's7a1', ticket });
    const [h = '', p = '', sig = ''] = hello['2.0'].token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Json;
    expect(payload).toMatchObject({ sub: 's7a1', userdata: { displayname: 'Lena Becker' } });
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'ES256' });
    const caps = await fetch(`${server.url}/ocs/v2.php/cloud/capabilities`, {
      headers: { authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
    });
    const spreed = ((await caps.json()) as { ocs: { data: { capabilities: { spreed: { config: { signaling: Record<string, string> } } } } } }).ocs.data.capabilities.spreed;
    const key = createPublicKey(spreed.config.signaling['hello-v2-token-key'] ?? '');
    expect(verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))).toBe(true);
  });

  it('without a configured signaling server Talk reports internal signaling', async () => {
    const plain = await startDevServer({ quiet: true });
    try {
      const res = await fetch(`${plain.url}/ocs/v2.php/apps/spreed/api/v3/signaling/settings`, {
        headers: { authorization: `Basic ${Buffer.from('s7a1:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', accept: 'application/json' },
      });
      const data = ((await res.json()) as { ocs: { data: Json } }).ocs.data;
      expect(data).toMatchObject({ signalingMode: 'internal', server: '', userId: 's7a1' });
    } finally {
      await plain.close();
    }
  });
});

describe('OpenAPI', () => {
  it('Talk responses validate against spreed.json (checked here one by one, not skipped)', async () => {
    const validator = loadResponseValidator();
    if (validator === null) {
      expect(process.env['CI'], 'the OpenAPI specs are required in CI').not.toBe('true');
      return;
    }
    const token = await classRoom('Klasse 7a Schema');
    const msg = await teacher.data<Json>('POST', `v1/chat/${token}`, { message: 'Hallo @s7a1' });
    await lena.call('POST', `v1/reaction/${token}/${String(msg['id'])}`, { reaction: '🎉' });
    const checks: [string, string, unknown?, Client?][] = [
      ['GET', 'v4/room?includeStatus=true'],
      ['GET', `v4/room/${token}`],
      ['GET', `v4/room/${token}/participants?includeStatus=true`],
      ['GET', `v1/chat/${token}?lookIntoFuture=0&limit=50`],
      ['POST', `v1/chat/${token}`, { message: 'Antwort', replyTo: msg['id'] }],
      ['GET', `v1/reaction/${token}/${String(msg['id'])}`],
      ['GET', `v1/chat/${token}/mentions?search=s&limit=5`],
      ['GET', `v1/chat/${token}/share/overview`],
      ['POST', `v1/poll/${token}`, { question: 'Q?', options: ['a', 'b'] }],
      ['GET', `v3/signaling/settings?token=${token}`],
      ['POST', `v4/room/${token}/participants/active`, { force: true }],
      ['GET', `v4/call/${token}`],
      ['PUT', `v4/room/${token}/webinar/lobby`, { state: 1 }, teacher],
      ['PUT', `v4/room/${token}/permissions/default`, { permissions: 133 }, teacher],
    ];
    for (const [method, path, body, client] of checks) {
      const res = await (client ?? lena).call(method, path, body);
      const result = validator.validate(method, `/ocs/v2.php/apps/spreed/api/${path}`, res.status, res.json);
      expect(result.kind === 'skipped' ? result.reason : result, `${method} ${path}`).toMatchObject({ kind: 'valid' });
    }
    // ... and everything the tests above received.
    const talk = server.control.schemaViolations().filter((v) => v.path.includes('/apps/spreed/'));
    expect(talk).toEqual([]);
  });
});
