import { createHash } from 'node:crypto';
import { TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { PERMISSION } from '../../src/api/talk/constants.js';
import { grantFromTalk, LiveKitBridge } from './livekit.js';
import { NextcloudClient } from './nextcloud-client.js';
import { startGateway, type Gateway } from './server.js';
import { newSessionId, SESSION_COOKIE, storeKey } from './session-cookie.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { call } from '../testing/http-call.js';
import { freePort } from '../testing/school.js';
import { lessonParticipants, startFakeLiveKit, startFakeTalk, type LiveKitCall, type TalkView } from '../testing/fake-talk.js';

// LiveKit is tested at its boundary: tokens are verified with livekit-server-sdk, and the room service
// calls are received by a stand-in HTTP server. No LiveKit SFU runs here (see docs/testing.md).
const KEY = 'APIklassenraum';
const SECRET = 'a-test-secret-that-is-long-enough-for-livekit-0123456789';
const APP = 'https://klassenraum.test';
const CSRF = { 'x-requested-with': 'klassenraum', 'content-type': 'application/json' };

/** Which Talk room view each user (by access token) gets; absent = not a member (404). */
const views = new Map<string, TalkView>();
const participants = lessonParticipants();

let nextcloud: Awaited<ReturnType<typeof startFakeTalk>>;
let livekitServer: Awaited<ReturnType<typeof startFakeLiveKit>>;
let livekitCalls: LiveKitCall[];
let gateway: Gateway;
let store: MemorySessionStore;

async function sessionFor(user: string, displayName: string): Promise<string> {
  const id = newSessionId();
  const now = Date.now();
  await store.patch(
    storeKey(id),
    { auth: { kind: 'oauth2', userId: user, accessToken: `AT-${user}`, refreshToken: `RT-${user}`, expiresAt: now + 3_600_000, issuedAt: now }, user: { id: user, displayName } },
    600,
  );
  return `${SESSION_COOKIE}=${id}`;
}

beforeAll(async () => {
  nextcloud = await startFakeTalk(views, participants);
  livekitServer = await startFakeLiveKit();
  livekitCalls = livekitServer.calls;
  store = new MemorySessionStore();
  gateway = await startGateway(
    loadConfig({
      APP_URL: APP,
      NEXTCLOUD_URL: nextcloud.url,
      OAUTH_CLIENT_ID: 'c',
      OAUTH_CLIENT_SECRET: 's',
      PORT: '0',
      LIVEKIT_URL: livekitServer.url,
      LIVEKIT_API_KEY: KEY,
      LIVEKIT_API_SECRET: SECRET,
      LIVEKIT_TOKEN_TTL: '300',
    }),
    { store, log: () => undefined },
  );
});

beforeEach(() => {
  views.clear();
  for (const p of participants) p.permissions = 132;
  livekitCalls.length = 0;
  nextcloud.seen.length = 0;
});

afterAll(async () => {
  await gateway.close();
  await nextcloud.close();
  await livekitServer.close();
});

async function requestToken(cookie: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await call(gateway.url, '/api/livekit/token', { method: 'POST', headers: { ...CSRF, cookie }, body: JSON.stringify(body) });
  return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
}

describe('LiveKit tokens', () => {
  it('gives a teacher a signed, short-lived admin token for the room derived from the class', async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    const res = await requestToken(await sessionFor('schmidt', 'Frau Schmidt'), { room: 'abcd1234' });
    expect(res.status).toBe(200);
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(res.json['token']));
    expect(claims.sub).toBe('schmidt');
    expect(claims.name).toBe('Frau Schmidt');
    expect(claims.video?.room).toBe(res.json['room']);
    expect(String(res.json['room'])).toMatch(/^kr-[0-9a-f]{12}-abcd1234$/);
    expect(claims.video).toMatchObject({ roomJoin: true, roomAdmin: true, canPublish: true, canSubscribe: true });
    expect(claims.video?.canPublishSources).toEqual(expect.arrayContaining(['camera', 'microphone', 'screen_share']));
    expect((claims.exp ?? 0) - (claims.nbf ?? 0)).toBe(300);
    await expect(new TokenVerifier(KEY, 'another-secret-that-is-long-enough-0123456789').verify(String(res.json['token']))).rejects.toThrow();
  });

  it('gives a student in lesson mode a token that can subscribe but not publish', async () => {
    views.set('s7a1', { participantType: 3, permissions: PERMISSION.custom | PERMISSION.joinCall | PERMISSION.chat });
    const res = await requestToken(await sessionFor('s7a1', 'Lena Becker'), { room: 'abcd1234' });
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(res.json['token']));
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canPublish).toBe(false);
    expect(claims.video?.canPublishSources ?? []).toEqual([]);
    expect(claims.video?.canSubscribe).toBe(true);
  });

  it('ignores everything a student asks for beyond the room: no admin, no other identity or room', async () => {
    views.set('s7a1', { participantType: 3, permissions: PERMISSION.joinCall | PERMISSION.chat });
    const res = await requestToken(await sessionFor('s7a1', 'Lena Becker'), {
      room: 'abcd1234',
      roomAdmin: true,
      identity: 'schmidt',
      name: 'Frau Schmidt',
      roomName: 'kr-other-school-room',
      canPublishSources: ['camera', 'microphone'],
    });
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(res.json['token']));
    expect(claims.sub).toBe('s7a1');
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canPublishSources ?? []).toEqual([]);
    expect(claims.video?.room).toMatch(/-abcd1234$/);
  });

  it('names the room after this Nextcloud and the class, whatever the request says', async () => {
    views.set('s7a1', { participantType: 3, permissions: PERMISSION.joinCall });
    const res = await requestToken(await sessionFor('s7a1', 'Lena Becker'), { room: 'abcd1234', roomName: 'kr-000000000000-zzzz9999' });
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(res.json['token']));
    // Computed here from the school's Nextcloud URL, independently of the gateway's code.
    const school = createHash('sha256').update(nextcloud.url.replace(/\/+$/, '')).digest('hex').slice(0, 12);
    expect(claims.video?.room).toBe(`kr-${school}-abcd1234`);
    expect(res.json['room']).toBe(`kr-${school}-abcd1234`);
  });

  it('keeps two schools on one LiveKit apart: the same class token gives different rooms', () => {
    const settings = { url: 'wss://livekit.example', apiKey: KEY, apiSecret: SECRET, tokenTtlSeconds: 600 };
    const bridge = (url: string) =>
      new LiveKitBridge(loadConfig({ APP_URL: APP, NEXTCLOUD_URL: url, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's' }), new NextcloudClient(new URL(url), 'test'), settings);
    const a = bridge('https://cloud.schule-a.example').roomName('abcd1234');
    const b = bridge('https://cloud.schule-b.example').roomName('abcd1234');
    expect(a).not.toBe(b);
    expect(a).toMatch(/-abcd1234$/);
  });

  it('gives a student whom Talk lets publish everything no admin rights (admin follows the Talk role, not the permissions)', async () => {
    views.set('s7a1', { participantType: 3, permissions: 255 });
    const res = await requestToken(await sessionFor('s7a1', 'Lena Becker'), { room: 'abcd1234', role: 'teacher', participantType: 1 });
    const claims = await new TokenVerifier(KEY, SECRET).verify(String(res.json['token']));
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canPublish).toBe(true);
    expect(claims.metadata).toBe(JSON.stringify({ role: 'student' }));
  });

  it('refuses a student of another class (Nextcloud says: not a member)', async () => {
    const res = await requestToken(await sessionFor('s7b1', 'Max'), { room: 'abcd1234' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'not_a_member' });
    expect(res.json['token']).toBeUndefined();
  });

  it('refuses students while the lobby is closed, and malformed room names before asking Nextcloud', async () => {
    views.set('s7a1', { participantType: 3, permissions: PERMISSION.joinCall, lobbyState: 1 });
    const cookie = await sessionFor('s7a1', 'Lena Becker');
    expect((await requestToken(cookie, { room: 'abcd1234' })).status).toBe(403);
    nextcloud.seen.length = 0;
    expect((await requestToken(cookie, { room: '../../cloud/users' })).status).toBe(400);
    expect(nextcloud.seen).toHaveLength(0);
  });

  it('needs a session and the CSRF header', async () => {
    expect((await call(gateway.url, '/api/livekit/token', { method: 'POST', headers: CSRF, body: '{"room":"abcd1234"}' })).status).toBe(401);
    const cookie = await sessionFor('schmidt', 'Frau Schmidt');
    expect((await call(gateway.url, '/api/livekit/token', { method: 'POST', headers: { cookie }, body: '{"room":"abcd1234"}' })).status).toBe(403);
  });
});

describe('granting speaking', () => {
  it('lets a teacher grant a student the microphone: Talk first, then LiveKit mirrors it', async () => {
    views.set('schmidt', { participantType: 2, permissions: 254 });
    const res = await call(gateway.url, '/api/livekit/speaking', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('schmidt', 'Frau Schmidt') },
      body: JSON.stringify({ room: 'abcd1234', attendeeId: 11, speak: true }),
    });
    expect(res.status).toBe(200);
    expect(nextcloud.seen.find((s) => s.method === 'PUT')?.url).toBe('/ocs/v2.php/apps/spreed/api/v4/room/abcd1234/attendees/permissions');
    const update = livekitCalls.find((c) => c.path.endsWith('/UpdateParticipant'));
    expect(update?.body).toMatchObject({ identity: 's7a1', permission: { canPublish: true, canPublishSources: ['MICROPHONE'] } });
    expect(String(update?.body['room'])).toMatch(/-abcd1234$/);
    const adminClaims = await new TokenVerifier(KEY, SECRET).verify((update?.auth ?? '').replace('Bearer ', ''));
    expect(adminClaims.video).toMatchObject({ roomAdmin: true, room: update?.body['room'] });
  });

  it("does not take a co-teacher's microphone in LiveKit when their attendee permissions change", async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    const res = await call(gateway.url, '/api/livekit/speaking', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('schmidt', 'Frau Schmidt') },
      body: JSON.stringify({ room: 'abcd1234', attendeeId: 13, speak: false }),
    });
    expect(res.status).toBe(200);
    const update = livekitCalls.find((c) => c.path.endsWith('/UpdateParticipant'));
    expect(update?.body).toMatchObject({ identity: 'mueller', permission: { canPublish: true } });
    expect((update?.body['permission'] as { canPublishSources?: string[] }).canPublishSources).toEqual(expect.arrayContaining(['MICROPHONE', 'CAMERA']));
  });

  it('refuses a student who tries to grant themselves, before anything reaches LiveKit', async () => {
    views.set('s7a2', { participantType: 3, permissions: 132 });
    const res = await call(gateway.url, '/api/livekit/speaking', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('s7a2', 'Ben') },
      body: JSON.stringify({ room: 'abcd1234', attendeeId: 12, speak: true }),
    });
    expect(res.status).toBe(403);
    expect(livekitCalls).toHaveLength(0);
    expect(participants.find((p) => p.attendeeId === 12)?.permissions).toBe(132);
  });
});

describe('granting speaking when a step fails: both change or neither', () => {
  const grant = (gatewayUrl: string, cookie: string) =>
    call(gatewayUrl, '/api/livekit/speaking', { method: 'POST', headers: { ...CSRF, cookie }, body: JSON.stringify({ room: 'abcd1234', attendeeId: 11, speak: true }) });
  const permissionPuts = () => nextcloud.seen.filter((s) => s.method === 'PUT' && s.url.endsWith('/attendees/permissions')).map((s) => JSON.parse(s.body.toString()) as unknown);
  let cut: Gateway;

  beforeAll(async () => {
    // LiveKit unreachable: nothing listens on this port.
    cut = await startGateway(
      loadConfig({ APP_URL: APP, NEXTCLOUD_URL: nextcloud.url, OAUTH_CLIENT_ID: 'c', OAUTH_CLIENT_SECRET: 's', PORT: '0', LIVEKIT_URL: `ws://127.0.0.1:${await freePort()}`, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET }),
      { store, log: () => undefined },
    );
  });
  afterAll(async () => {
    await cut.close();
  });

  it("with LiveKit unreachable, puts the student's Talk permissions back and says so", async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    const res = await grant(cut.url, await sessionFor('schmidt', 'Frau Schmidt'));
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ error: 'livekit_unreachable', talkPermissions: 'unchanged' });
    expect(participants.find((p) => p.attendeeId === 11)?.permissions).toBe(132);
    expect(permissionPuts()).toEqual([
      { attendeeId: 11, method: 'add', permissions: PERMISSION.publishAudio },
      { attendeeId: 11, method: 'set', permissions: 132 },
    ]);
  });

  it('with Nextcloud failing after the change, puts it back before LiveKit hears of it', async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    let reads = 0;
    nextcloud.failNext((method, url) => method === 'GET' && url.endsWith('/participants') && ++reads === 2);
    const res = await grant(gateway.url, await sessionFor('schmidt', 'Frau Schmidt'));
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ error: 'nextcloud_error', talkPermissions: 'unchanged' });
    expect(participants.find((p) => p.attendeeId === 11)?.permissions).toBe(132);
    expect(livekitCalls).toHaveLength(0);
  });

  it('says that Talk is still changed when even putting it back fails', async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    let puts = 0;
    nextcloud.failNext((method, url) => method === 'PUT' && url.endsWith('/attendees/permissions') && ++puts === 2);
    const res = await grant(cut.url, await sessionFor('schmidt', 'Frau Schmidt'));
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body)).toEqual({ error: 'livekit_unreachable', talkPermissions: 'changed' });
    expect(participants.find((p) => p.attendeeId === 11)?.permissions).toBe(132 | PERMISSION.publishAudio);
  });
});

describe('lesson start', () => {
  it("sets every participant's LiveKit grant to Talk's current permissions when a teacher starts the lesson", async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    const res = await call(gateway.url, '/api/livekit/sync', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('schmidt', 'Frau Schmidt') },
      body: JSON.stringify({ room: 'abcd1234' }),
    });
    expect(res.status).toBe(200);
    const updates = livekitCalls.filter((c) => c.path.endsWith('/UpdateParticipant'));
    const byIdentity = new Map(updates.map((u) => [u.body['identity'], u.body['permission'] as { canPublish?: boolean; canPublishSources?: string[] }]));
    // Students in lesson mode (Talk permissions 132 = custom | chat): nothing to publish; the co-teacher everything.
    expect(byIdentity.get('s7a1')?.canPublish ?? false).toBe(false);
    expect(byIdentity.size).toBe(3);
    expect(byIdentity.get('s7a2')?.canPublishSources ?? []).toEqual([]);
    expect(byIdentity.get('mueller')?.canPublishSources).toEqual(expect.arrayContaining(['MICROPHONE', 'CAMERA']));
    expect(updates.every((u) => /^kr-[0-9a-f]{12}-abcd1234$/.test(String(u.body['room'])))).toBe(true);
  });

  it('refuses a student', async () => {
    views.set('s7a1', { participantType: 3, permissions: 132 });
    const res = await call(gateway.url, '/api/livekit/sync', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('s7a1', 'Lena Becker') },
      body: JSON.stringify({ room: 'abcd1234' }),
    });
    expect(res.status).toBe(403);
    expect(livekitCalls).toHaveLength(0);
  });
});

describe('removing a participant', () => {
  it('lets a teacher remove a student: out of the Talk conversation first, then out of the LiveKit room', async () => {
    views.set('schmidt', { participantType: 1, permissions: 254 });
    const res = await call(gateway.url, '/api/livekit/remove', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('schmidt', 'Frau Schmidt') },
      body: JSON.stringify({ room: 'abcd1234', attendeeId: 12 }),
    });
    expect(res.status).toBe(200);
    expect(nextcloud.seen.find((s) => s.method === 'DELETE')?.url).toBe('/ocs/v2.php/apps/spreed/api/v4/room/abcd1234/attendees?attendeeId=12');
    const removal = livekitCalls.find((c) => c.path.endsWith('/RemoveParticipant'));
    expect(removal?.body).toMatchObject({ identity: 's7a2' });
    expect(String(removal?.body['room'])).toMatch(/^kr-[0-9a-f]{12}-abcd1234$/);
  });

  it('refuses a student, before anything reaches Nextcloud or LiveKit', async () => {
    views.set('s7a1', { participantType: 3, permissions: 132 });
    const res = await call(gateway.url, '/api/livekit/remove', {
      method: 'POST',
      headers: { ...CSRF, cookie: await sessionFor('s7a1', 'Lena Becker') },
      body: JSON.stringify({ room: 'abcd1234', attendeeId: 12 }),
    });
    expect(res.status).toBe(403);
    expect(nextcloud.seen.some((s) => s.method === 'DELETE')).toBe(false);
    expect(livekitCalls).toHaveLength(0);
  });
});

describe('grantFromTalk', () => {
  it('maps Talk publish bits to LiveKit track sources', () => {
    expect(grantFromTalk(3, PERMISSION.publishAudio).canPublishSources).toEqual([TrackSource.MICROPHONE]);
    expect(grantFromTalk(3, PERMISSION.publishVideo | PERMISSION.publishScreen).canPublishSources).toEqual([
      TrackSource.CAMERA,
      TrackSource.SCREEN_SHARE,
      TrackSource.SCREEN_SHARE_AUDIO,
    ]);
    expect(grantFromTalk(1, 0)).toMatchObject({ roomAdmin: true, canPublish: true });
  });
});
