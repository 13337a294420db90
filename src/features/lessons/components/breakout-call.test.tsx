import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { CallTransportError } from '../transport/call-transport';
import { FakeTransport } from '../testing/fake-transport';
import { BreakoutCall } from './breakout-call';

// The lesson following Talk's breakout rooms, on transports without media: the server's switchto is played with
// FakeTransport.serverSwitchTo, Talk's REST answers come from a fake gateway.

const SPREED = '/ocs/v2.php/apps/spreed/api';

function ocs(data: unknown, status = 200) {
  return jsonResponse(status, { ocs: { meta: { status: status < 300 ? 'ok' : 'failure', statuscode: status, message: '' }, data } });
}

function group(n: number, change: Record<string, unknown> = {}) {
  return { token: `g${String(n)}`, name: `Room ${String(n)}`, displayName: `Room ${String(n)}`, objectType: 'room', objectId: 'k7a', participantType: 3, breakoutRoomMode: 1, breakoutRoomStatus: 1, lobbyState: 0, ...change };
}

function student(attendeeId: number, displayName: string) {
  return { attendeeId, actorType: 'users', actorId: `s${String(attendeeId)}`, displayName, participantType: 3, inCall: 0 };
}

function message(id: number, actorDisplayName: string, text: string) {
  return {
    id,
    token: 'g2',
    actorType: 'users',
    actorId: 'schmidt',
    actorDisplayName,
    timestamp: 1795345900,
    message: text,
    messageParameters: [],
    systemMessage: '',
    messageType: 'comment',
    isReplyable: true,
    referenceId: '',
    reactions: [],
  };
}

/** `notStarted`: how many connections to a token Talk refuses first with 403 (no call running, may not start one). */
async function setup(teacher: boolean, routes: Parameters<typeof createFakeGateway>[0], notStarted: Record<string, number> = {}) {
  const gateway = createFakeGateway(routes);
  const fetchMock = vi.fn(gateway.fetch);
  vi.stubGlobal('fetch', fetchMock);
  const lesson = new FakeTransport({ mayPublishAudio: teacher });
  await lesson.connect({ audio: true, video: true });
  const created = new Map<string, FakeTransport>();
  const order: string[] = [];
  const onLeave = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <BreakoutCall
        parentToken="k7a"
        transport={lesson}
        teacher={teacher}
        onLeave={onLeave}
        notStartedRetryMs={10}
        createTransport={({ token }) => {
          const refuse = (notStarted[token] ?? 0) > 0;
          if (refuse) notStarted[token] = (notStarted[token] ?? 0) - 1;
          const next = new FakeTransport({ mayPublishAudio: teacher || token !== 'k7a', ...(refuse ? { failConnect: new CallTransportError('cannot-start') } : {}) });
          created.set(token, next);
          order.push(token);
          return Promise.resolve(next);
        }}
      />
    </QueryClientProvider>,
  );
  // Let the component subscribe to the transport (a passive effect) before the test plays the server.
  await act(async () => {
    await Promise.resolve();
  });
  const bodyOf = (method: string, path: string): unknown => {
    const url = (input: RequestInfo | URL) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const call = fetchMock.mock.calls.find(([input, init]) => url(input).split('?')[0] === path && (init?.method ?? 'GET') === method);
    const body = call?.[1]?.body;
    return typeof body === 'string' ? (JSON.parse(body) as unknown) : null;
  };
  return { gateway, lesson, created, order, onLeave, bodyOf };
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a student in breakout rooms', () => {
  it('follows switchto into the group with the same media, can ask for help, sees the teacher’s message, and comes back', async () => {
    const { gateway, lesson, created, order } = await setup(false, {
      [`GET ${SPREED}/v4/room/k7a/breakout-rooms`]: ocs({ error: 'mode' }, 400),
      [`POST ${SPREED}/v1/breakout-rooms/g2/request-assistance`]: ocs(group(2, { breakoutRoomStatus: 2 })),
      [`GET ${SPREED}/v1/chat/g2`]: ocs([message(41, 'Frau Schmidt', 'Noch 5 Minuten')]),
    });
    expect(screen.getByRole('region', { name: 'Unterricht' })).toBeTruthy();

    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(2)]));
    act(() => lesson.serverSwitchTo('g2'));
    expect(screen.getByRole('status').textContent).toMatch(/^Du wirst in (Gruppenraum 2|deinen Gruppenraum) verschoben …$/);
    const groupPanel = await screen.findByRole('region', { name: 'Du bist in Gruppenraum 2' });
    expect(order).toEqual(['g2']);
    // The lesson's connection ended first; the group got the same camera, the microphone as it was (off).
    expect(lesson.calls.at(-1)).toEqual({ method: 'disconnect' });
    expect(created.get('g2')?.calls[0]).toEqual({ method: 'connect', media: { audio: false, video: true, audioDeviceId: undefined, videoDeviceId: undefined } });
    expect(screen.getByRole('region', { name: 'Unterricht' })).toBeTruthy();
    expect(await within(groupPanel).findByText('Noch 5 Minuten')).toBeTruthy();

    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(2, { breakoutRoomStatus: 2 })]));
    fireEvent.click(within(groupPanel).getByRole('button', { name: 'Hilfe anfordern' }));
    expect(await within(groupPanel).findByText('Deine Lehrkraft sieht, dass deine Gruppe Hilfe braucht.')).toBeTruthy();
    expect(gateway.requestsTo('POST', `${SPREED}/v1/breakout-rooms/g2/request-assistance`)).toHaveLength(1);
    expect(within(groupPanel).getByRole('button', { name: 'Hilfeanfrage zurückziehen' }).getAttribute('aria-pressed')).toBe('true');

    // The teacher ends the breakout rooms: Talk sends everyone in the group back to the lesson (and closes the
    // group's lobby). The group's state cached before must not send the student back into it.
    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, () => new Promise<Response>((resolve) => setTimeout(() => resolve(ocs([group(2, { lobbyState: 1 })])), 30)));
    act(() => created.get('g2')?.serverSwitchTo('k7a'));
    await waitFor(() => {
      expect(screen.queryByRole('region', { name: 'Du bist in Gruppenraum 2' })).toBeNull();
    });
    expect(order).toEqual(['g2', 'k7a']);
    expect(created.get('g2')?.calls.at(-1)).toEqual({ method: 'disconnect' });
    expect(created.get('k7a')?.state).toBe('connected');
    expect(await screen.findByRole('region', { name: 'Unterricht' })).toBeTruthy();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    expect(order).toEqual(['g2', 'k7a']);
  });

  it('joining while the groups run (the switchto was sent before), goes to the own group at once', async () => {
    const { order } = await setup(false, { [`GET ${SPREED}/v4/room/k7a/breakout-rooms`]: ocs([group(2)]) });
    expect(await screen.findByRole('region', { name: 'Du bist in Gruppenraum 2' })).toBeTruthy();
    expect(order).toEqual(['g2']);
  });

  it('coming back while the lesson’s call is not running yet (the teacher was visiting), asks again until it is', async () => {
    const { gateway, lesson, created, order } = await setup(false, { [`GET ${SPREED}/v4/room/k7a/breakout-rooms`]: ocs({ error: 'mode' }, 400) }, { k7a: 2 });
    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(1)]));
    act(() => lesson.serverSwitchTo('g1'));
    await screen.findByRole('region', { name: 'Du bist in Gruppenraum 1' });
    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(1, { lobbyState: 1 })]));
    act(() => created.get('g1')?.serverSwitchTo('k7a'));
    await waitFor(() => {
      expect(created.get('k7a')?.state).toBe('connected');
    });
    // Refused twice by Talk (no call, students may not start one), let in on the third try: no error shown.
    expect(order).toEqual(['g1', 'k7a', 'k7a', 'k7a']);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Du bist in Gruppenraum 1' })).toBeNull();
  });

  it('offers a retry when the group cannot be reached, and gets there on the second try', async () => {
    const { gateway, lesson, order } = await setup(false, { [`GET ${SPREED}/v4/room/k7a/breakout-rooms`]: ocs({ error: 'mode' }, 400) });
    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(1)]));
    let attempts = 0;
    // The first connection to the group fails (as when Talk's lobby was still closed).
    const connect = vi.spyOn(FakeTransport.prototype, 'connect');
    connect.mockImplementationOnce(() => {
      attempts++;
      return Promise.reject(new Error('lobby'));
    });
    act(() => lesson.serverSwitchTo('g1'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Der Wechsel des Raums hat nicht geklappt.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Erneut versuchen' }));
    expect(await screen.findByRole('region', { name: 'Du bist in Gruppenraum 1' })).toBeTruthy();
    expect(order).toEqual(['g1', 'g1']);
    expect(attempts).toBe(1);
  });
});

describe('the teacher’s breakout rooms', () => {
  it('opens automatic groups, shows who is where and who asks for help, broadcasts, visits a group and ends them', async () => {
    const { gateway, order, bodyOf } = await setup(true, {
      [`GET ${SPREED}/v4/room/k7a/breakout-rooms`]: ocs({ error: 'mode' }, 400),
      [`POST ${SPREED}/v1/breakout-rooms/k7a`]: ocs([group(1, { lobbyState: 1 }), group(2, { lobbyState: 1 }), group(3, { lobbyState: 1 })]),
      [`POST ${SPREED}/v1/breakout-rooms/k7a/rooms`]: ocs([group(1), group(2), group(3)]),
      [`POST ${SPREED}/v1/breakout-rooms/k7a/broadcast`]: ocs([group(1), group(2), group(3)], 201),
      [`DELETE ${SPREED}/v1/breakout-rooms/k7a/rooms`]: ocs([group(1, { lobbyState: 1 })]),
      [`GET ${SPREED}/v4/room/g1/participants`]: ocs([{ ...student(1, 'Frau Schmidt'), participantType: 1 }, student(11, 'Lena Becker')]),
      [`GET ${SPREED}/v4/room/g2/participants`]: ocs([student(12, 'Jonas Weber')]),
      [`GET ${SPREED}/v4/room/g3/participants`]: ocs([]),
    });
    const panel = await screen.findByRole('region', { name: 'Gruppenräume' });
    const amount = await within(panel).findByRole('spinbutton', { name: 'Anzahl der Gruppen' });
    expect(amount.getAttribute('min')).toBe('2');
    expect(amount.getAttribute('max')).toBe('10');
    fireEvent.change(amount, { target: { value: '3' } });

    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(1), group(2, { breakoutRoomStatus: 2 }), group(3)]));
    fireEvent.click(within(panel).getByRole('button', { name: 'Gruppenräume starten' }));
    expect(await within(panel).findByText('Lena Becker')).toBeTruthy();
    expect(bodyOf('POST', `${SPREED}/v1/breakout-rooms/k7a`)).toEqual({ mode: 1, amount: 3 });
    expect(gateway.requestsTo('POST', `${SPREED}/v1/breakout-rooms/k7a/rooms`)).toHaveLength(1);
    // The teacher is in every group but not listed as a member; group 2 asks for help; group 3 is empty.
    expect(within(panel).queryByText('Frau Schmidt')).toBeNull();
    expect(within(panel).getByRole('heading', { name: 'Gruppenraum 2 bittet um Hilfe' })).toBeTruthy();
    expect(await within(panel).findByText('Jonas Weber')).toBeTruthy();
    expect(within(panel).getByText('Noch niemand in dieser Gruppe')).toBeTruthy();

    fireEvent.change(within(panel).getByRole('textbox', { name: 'Nachricht an alle Gruppen' }), { target: { value: 'Noch 5 Minuten' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'An alle Gruppen senden' }));
    expect(await within(panel).findByText('Die Nachricht ist in allen Gruppen angekommen.')).toBeTruthy();
    expect(bodyOf('POST', `${SPREED}/v1/breakout-rooms/k7a/broadcast`)).toEqual({ message: 'Noch 5 Minuten' });

    // Visiting group 2 connects there (the teacher is a moderator in every group) and back.
    fireEvent.click(within(panel).getByRole('button', { name: 'Gruppenraum 2 besuchen' }));
    expect(await within(panel).findByText('Du besuchst Gruppenraum 2.')).toBeTruthy();
    expect(order).toEqual(['g2']);
    fireEvent.click(within(panel).getByRole('button', { name: 'Zurück in den Unterricht' }));
    await waitFor(() => {
      expect(order).toEqual(['g2', 'k7a']);
    });
    await waitFor(() => {
      expect(within(panel).queryByText('Du besuchst Gruppenraum 2.')).toBeNull();
    });

    gateway.setRoute(`GET ${SPREED}/v4/room/k7a/breakout-rooms`, ocs([group(1, { lobbyState: 1 }), group(2, { lobbyState: 1 }), group(3, { lobbyState: 1 })]));
    fireEvent.click(within(panel).getByRole('button', { name: 'Gruppenräume beenden' }));
    expect(await within(panel).findByRole('button', { name: 'Gruppenräume erneut starten' })).toBeTruthy();
    expect(gateway.requestsTo('DELETE', `${SPREED}/v1/breakout-rooms/k7a/rooms`)).toHaveLength(1);
    expect(within(panel).queryByRole('button', { name: 'Gruppenraum 1 besuchen' })).toBeNull();
  });

  it('says so when Talk refuses to open the groups', async () => {
    await setup(true, {
      [`GET ${SPREED}/v4/room/k7a/breakout-rooms`]: ocs({ error: 'mode' }, 400),
      [`POST ${SPREED}/v1/breakout-rooms/k7a`]: ocs({ error: 'room' }, 400),
    });
    const panel = await screen.findByRole('region', { name: 'Gruppenräume' });
    fireEvent.click(await within(panel).findByRole('button', { name: 'Gruppenräume starten' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe('Das hat nicht geklappt. Bitte versuche es noch einmal.');
  });
});
