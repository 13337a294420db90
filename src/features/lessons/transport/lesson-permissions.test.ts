import { afterEach, describe, expect, it, vi } from 'vitest';
import { PERMISSION } from '../../../api/talk/constants';
import { CLASS_ROOM_STUDENT_PERMISSIONS } from '../../../api/talk/rooms';
import { muteStudents, setStudentCameras } from './lesson-permissions';

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

function ocs(data: unknown): Response {
  return new Response(JSON.stringify({ ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}

const participant = (attendeeId: number, participantType: number, attendeePermissions: number) => ({
  attendeeId,
  actorType: 'users',
  actorId: `u${String(attendeeId)}`,
  displayName: `U ${String(attendeeId)}`,
  participantType,
  inCall: 0,
  attendeePermissions,
});

/** A Talk conversation as far as these switches read it; every request is kept as Talk would receive it. */
function talk(defaultPermissions: number, participants: unknown[]): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = new URL(url, 'http://app.test').pathname;
    sent.push({ method, path, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null });
    if (method === 'GET' && path.endsWith('/participants')) return Promise.resolve(ocs(participants));
    if (method === 'GET') return Promise.resolve(ocs({ id: 1, token: 'k7a', type: 2, name: '7a', displayName: '7a', participantType: 1, unreadMessages: 0, unreadMention: false, hasCall: true, lastActivity: 0, defaultPermissions }));
    return Promise.resolve(ocs(null));
  });
  return sent;
}

const writes = (sent: Sent[]) => sent.filter((s) => s.method !== 'GET');
const room = '/ocs/v2.php/apps/spreed/api/v4/room/k7a';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('lesson-wide switches (Talk 22: the default, never attendees/permissions/all)', () => {
  it('mutes every student through the default, which also ends their own "may speak"', async () => {
    const sent = talk(CLASS_ROOM_STUDENT_PERMISSIONS, []);
    await muteStudents('k7a');
    expect(writes(sent)).toEqual([
      { method: 'PUT', path: `${room}/permissions/default`, body: { permissions: (CLASS_ROOM_STUDENT_PERMISSIONS & ~PERMISSION.publishAudio) | PERMISSION.custom } },
    ]);
  });

  it('switches cameras off for everyone and gives the microphone back to the student who may speak', async () => {
    const mayspeak = PERMISSION.custom | PERMISSION.joinCall | PERMISSION.publishAudio | PERMISSION.publishVideo | PERMISSION.chat;
    const sent = talk(CLASS_ROOM_STUDENT_PERMISSIONS, [participant(1, 1, 0), participant(2, 3, 0), participant(3, 3, mayspeak), participant(4, 2, PERMISSION.custom | PERMISSION.publishAudio)]);
    await setStudentCameras('k7a', false);
    expect(writes(sent)).toEqual([
      { method: 'PUT', path: `${room}/permissions/default`, body: { permissions: PERMISSION.custom | PERMISSION.joinCall | PERMISSION.chat } },
      { method: 'PUT', path: `${room}/attendees/permissions`, body: { attendeeId: 3, method: 'add', permissions: PERMISSION.publishAudio } },
    ]);
  });

  it('switches cameras on again from the current default, and a room still on Talk default starts from lesson mode', async () => {
    const on = talk(PERMISSION.custom | PERMISSION.joinCall | PERMISSION.chat, []);
    await setStudentCameras('k7a', true);
    expect(writes(on)).toEqual([{ method: 'PUT', path: `${room}/permissions/default`, body: { permissions: CLASS_ROOM_STUDENT_PERMISSIONS } }]);
    vi.unstubAllGlobals();
    const fresh = talk(PERMISSION.default, []);
    await setStudentCameras('k7a', false);
    expect(writes(fresh)).toEqual([{ method: 'PUT', path: `${room}/permissions/default`, body: { permissions: PERMISSION.custom | PERMISSION.joinCall | PERMISSION.chat } }]);
  });
});
