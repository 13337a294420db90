import { afterEach, describe, expect, it, vi } from 'vitest';
import talk from '../../../devserver/fixtures/recordings/talk.json';
import { isApiError } from '../api-error';
import {
  BREAKOUT_MODE_AUTOMATIC,
  breakoutRoomNumber,
  broadcastToBreakoutRooms,
  configureBreakoutRooms,
  isBreakoutRoomOf,
  listBreakoutRooms,
  removeBreakoutRooms,
  requestAssistance,
  resetAssistance,
  startBreakoutRooms,
  stopBreakoutRooms,
  switchBreakoutRoom,
} from './breakout-rooms';

interface Exchange {
  name: string;
  response: { body: { ocs: { data: Record<string, unknown> } } };
}

/** A conversation exactly as Talk 22 rendered it (recorded), as the parent and as a breakout room of it. */
const recordedRoom = (talk.exchanges as unknown as Exchange[]).find((e) => e.name === 'room (student)')?.response.body.ocs.data ?? {};
const parent = { ...recordedRoom, token: 'k7a', name: 'Klasse 7a', displayName: 'Klasse 7a', participantType: 1, breakoutRoomMode: 1, breakoutRoomStatus: 1 };
const group = (n: number) => ({ ...recordedRoom, token: `g${String(n)}`, name: `Room ${String(n)}`, displayName: `Room ${String(n)}`, objectType: 'room', objectId: 'k7a', participantType: 3, breakoutRoomMode: 1, breakoutRoomStatus: 1, lobbyState: 0 });

function ocs(status: number, data: unknown, ocsStatus = status) {
  return new Response(JSON.stringify({ ocs: { meta: { status: status < 300 ? 'ok' : 'failure', statuscode: ocsStatus, message: '' }, data } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function answer(response: Response) {
  const fetchMock = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(response));
  vi.stubGlobal('fetch', fetchMock);
  return {
    request: () => {
      const [url, init] = fetchMock.mock.calls[0] ?? [];
      const headers = new Headers(init?.headers);
      return { url, method: init?.method, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : null, ocsHeader: headers.get('OCS-APIRequest') };
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('breakout rooms API', () => {
  it('configures automatic breakout rooms and tells the breakout rooms from the parent in the answer', async () => {
    const fake = answer(ocs(200, [parent, group(1), group(2)]));
    const rooms = await configureBreakoutRooms({ token: 'k7a', mode: BREAKOUT_MODE_AUTOMATIC, amount: 2 });
    expect(fake.request()).toEqual({ url: '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms/k7a', method: 'POST', body: { mode: 1, amount: 2 }, ocsHeader: 'true' });
    expect(rooms.filter((r) => isBreakoutRoomOf(r, 'k7a')).map((r) => [r.token, breakoutRoomNumber(r)])).toEqual([
      ['g1', 1],
      ['g2', 2],
    ]);
  });

  it('sends a manual assignment as the JSON-encoded attendee map Talk expects', async () => {
    const fake = answer(ocs(200, [parent, group(1)]));
    await configureBreakoutRooms({ token: 'k7a', mode: 2, amount: 1, attendeeMap: { 41: 0, 42: 0 } });
    expect(fake.request().body).toEqual({ mode: 2, amount: 1, attendeeMap: '{"41":0,"42":0}' });
  });

  it.each([
    ['start', () => startBreakoutRooms({ token: 'k7a' }), 'POST', '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms/k7a/rooms'],
    ['stop', () => stopBreakoutRooms({ token: 'k7a' }), 'DELETE', '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms/k7a/rooms'],
    ['list', () => listBreakoutRooms({ token: 'k7a' }), 'GET', '/ocs/v2.php/apps/spreed/api/v4/room/k7a/breakout-rooms'],
  ])('%s asks the right endpoint and reads the rooms', async (_name, call, method, url) => {
    const fake = answer(ocs(200, [group(1), group(2)]));
    const rooms = await call();
    expect(fake.request()).toMatchObject({ url, method });
    expect(rooms.map((r) => r.token)).toEqual(['g1', 'g2']);
  });

  it('broadcasts a message to all breakout rooms (201)', async () => {
    const fake = answer(ocs(201, [group(1), group(2)]));
    await broadcastToBreakoutRooms({ token: 'k7a', message: 'Noch 5 Minuten' });
    expect(fake.request()).toMatchObject({ url: '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms/k7a/broadcast', method: 'POST', body: { message: 'Noch 5 Minuten' } });
  });

  it('requests and withdraws assistance on the breakout room, and switches in free mode', async () => {
    let fake = answer(ocs(200, { ...group(2), breakoutRoomStatus: 2 }));
    expect((await requestAssistance({ token: 'g2' })).breakoutRoomStatus).toBe(2);
    expect(fake.request()).toMatchObject({ url: '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms/g2/request-assistance', method: 'POST' });
    fake = answer(ocs(200, group(2)));
    expect((await resetAssistance({ token: 'g2' })).breakoutRoomStatus).toBe(1);
    expect(fake.request().method).toBe('DELETE');
    fake = answer(ocs(200, group(1)));
    expect((await switchBreakoutRoom({ token: 'k7a', target: 'g1' })).token).toBe('g1');
    expect(fake.request()).toMatchObject({ url: '/ocs/v2.php/apps/spreed/api/v1/breakout-rooms/k7a/switch', body: { target: 'g1' } });
    fake = answer(ocs(200, { ...parent, breakoutRoomMode: 0, breakoutRoomStatus: 0 }));
    expect((await removeBreakoutRooms({ token: 'k7a' })).breakoutRoomMode).toBe(0);
    expect(fake.request().method).toBe('DELETE');
  });

  it("turns Talk's refusals into ApiErrors: a student's start is forbidden, an unconfigured list a bad request", async () => {
    answer(ocs(403, null));
    const forbidden = await startBreakoutRooms({ token: 'k7a' }).catch((e: unknown) => e);
    expect(isApiError(forbidden) && forbidden.kind).toBe('forbidden');
    answer(ocs(400, { error: 'mode' }));
    const unconfigured = await listBreakoutRooms({ token: 'k7a' }).catch((e: unknown) => e);
    expect(isApiError(unconfigured) && unconfigured.kind).toBe('bad-request');
  });

  it('finds the room number in names of either language, and none in a renamed room', () => {
    expect(breakoutRoomNumber({ name: 'Room 3' })).toBe(3);
    expect(breakoutRoomNumber({ name: 'Raum 10' })).toBe(10);
    expect(breakoutRoomNumber({ name: 'Die Füchse' })).toBeNull();
  });
});
