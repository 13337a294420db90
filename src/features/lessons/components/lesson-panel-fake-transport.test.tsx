import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { CallTransportError } from '../transport/call-transport';
import { INITIAL_DEVICE_CHOICES, useDeviceChoices } from '../lib/device-choices';
import { STUDENT_ADMISSION } from '../lib/paced-admission';
import { FakeTransport, type FakeTransportOptions } from '../testing/fake-transport';
import { LessonPanel } from './lesson-panel';

// The lesson UI is shared by both transports (Talk HPB, LiveKit); here it runs on a transport without media.
// Tiles are found by their video's label (jsdom computes no accessible name for <figure> from <figcaption>).

function ocs(data: unknown) {
  return jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
}

function talkRoom(participantType: number) {
  return { id: 17, token: 'k7a', type: 2, name: 'Klasse 7a', displayName: 'Klasse 7a', description: '', participantType, unreadMessages: 0, unreadMention: false, hasCall: true, lastActivity: 1795345821 };
}

function setup(participantType: number, options: FakeTransportOptions = {}) {
  const gateway = createFakeGateway({
    'GET /ocs/v2.php/apps/spreed/api/v4/room/k7a': ocs(talkRoom(participantType)),
    'PUT /ocs/v2.php/apps/spreed/api/v4/room/k7a/permissions/default': ocs([]),
  });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  const transport = new FakeTransport(options);
  const created: string[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <LessonPanel
        roomToken="k7a"
        // No admission spread here (paced admission has its own tests).
        admission={{ student: { ...STUDENT_ADMISSION, spreadMs: 0 } }}
        createTransport={({ token }) => {
          created.push(token);
          return Promise.resolve(transport);
        }}
      />
    </QueryClientProvider>,
  );
  return { gateway, transport, created };
}

async function join(name: 'Unterricht beitreten' | 'Unterricht starten'): Promise<HTMLElement> {
  fireEvent.click(await screen.findByRole('button', { name }));
  const call = await screen.findByRole('region', { name: 'Unterricht' });
  // Let the panel subscribe to the transport (a passive effect) before the test plays the server.
  await act(async () => {
    await Promise.resolve();
  });
  return call;
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
  useDeviceChoices.setState(INITIAL_DEVICE_CHOICES);
  // The pre-join preview asks for the camera; jsdom has none (the panel then shows no preview).
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: vi.fn(() => Promise.reject(new DOMException('no camera in jsdom', 'NotFoundError'))),
      enumerateDevices: vi.fn(() => Promise.resolve([])),
    },
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('lesson panel on a transport', () => {
  it('lets a student join muted with the camera, and shows a tile per participant as they come and go', async () => {
    const { transport, created, gateway } = setup(3, { participants: [{ id: 'schmidt', displayName: 'Frau Schmidt', videoPublished: true }] });
    const call = await join('Unterricht beitreten');

    expect(created).toEqual(['k7a']);
    expect(transport.calls[0]).toEqual({ method: 'connect', media: { audio: false, video: true, audioDeviceId: undefined, videoDeviceId: undefined, dataSaver: false } });
    // Students do not switch lesson mode on.
    expect(gateway.requestsTo('PUT', '/ocs/v2.php/apps/spreed/api/v4/room/k7a/permissions/default')).toHaveLength(0);
    expect(within(call).getByLabelText('Du')).toBeTruthy();
    expect(within(call).getByLabelText('Frau Schmidt')).toBeTruthy();
    expect(within(call).getByRole('button', { name: 'Mikrofon an' }).getAttribute('aria-pressed')).toBe('false');

    act(() => transport.serverJoin({ id: 's7a2', displayName: 'Ben Schulz' }));
    expect(within(call).getByLabelText('Ben Schulz')).toBeTruthy();
    act(() => transport.serverLeave('s7a2'));
    expect(within(call).queryByLabelText('Ben Schulz')).toBeNull();
  });

  it('explains a refused unmute, and lets the student speak once the server allows it', async () => {
    const { transport } = setup(3);
    const call = await join('Unterricht beitreten');

    fireEvent.click(within(call).getByRole('button', { name: 'Mikrofon an' }));
    expect((await within(call).findByRole('alert')).textContent).toBe('Du darfst noch nicht sprechen. Deine Lehrkraft muss dir das Mikrofon freigeben.');
    expect(transport.local.audioOn).toBe(false);

    act(() => transport.serverPermissions({ mayPublishAudio: true }));
    fireEvent.click(within(call).getByRole('button', { name: 'Mikrofon an' }));
    const mute = await within(call).findByRole('button', { name: 'Mikrofon aus' });
    expect(mute.getAttribute('aria-pressed')).toBe('true');
    expect(within(call).queryByRole('alert')).toBeNull();
    expect(transport.calls.filter((c) => c.method === 'setAudio')).toEqual([
      { method: 'setAudio', on: true },
      { method: 'setAudio', on: true },
    ]);

    // The teacher takes the word back: the microphone button follows the server.
    act(() => transport.serverPermissions({ mayPublishAudio: false }));
    expect(within(call).getByRole('button', { name: 'Mikrofon an' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('a grant never switches the microphone on: after a refused unmute the student joins or stays muted until she clicks', async () => {
    // Talk keeps a student's own permission (a word given before she left and came back): the join stays muted.
    const { transport } = setup(3, { mayPublishAudio: true });
    const call = await join('Unterricht beitreten');
    expect(transport.local.audioOn).toBe(false);
    expect(within(call).getByRole('button', { name: 'Mikrofon an' }).getAttribute('aria-pressed')).toBe('false');
    expect(within(call).getByText('Du darfst jetzt sprechen. Schalte dein Mikrofon ein.').closest('[role="status"]')).not.toBeNull();

    // The word is taken back, her unmute is refused, the word comes again: still muted, the button waits for her.
    act(() => transport.serverPermissions({ mayPublishAudio: false }));
    fireEvent.click(within(call).getByRole('button', { name: 'Mikrofon an' }));
    expect((await within(call).findByRole('alert')).textContent).toBe('Du darfst noch nicht sprechen. Deine Lehrkraft muss dir das Mikrofon freigeben.');
    act(() => transport.serverPermissions({ mayPublishAudio: true }));
    expect(transport.local.audioOn).toBe(false);
    expect(within(call).getByRole('button', { name: 'Mikrofon an' }).getAttribute('aria-pressed')).toBe('false');
    expect(transport.calls.filter((c) => c.method === 'setAudio')).toEqual([{ method: 'setAudio', on: true }]);

    // Her click, and only her click, switches it on; the status then says so instead of asking her to.
    fireEvent.click(within(call).getByRole('button', { name: 'Mikrofon an' }));
    expect((await within(call).findByRole('button', { name: 'Mikrofon aus' })).getAttribute('aria-pressed')).toBe('true');
    expect(within(call).getByText('Dein Mikrofon ist an: die Klasse hört dich.').closest('[role="status"]')).not.toBeNull();
    expect(within(call).queryByText('Du darfst jetzt sprechen. Schalte dein Mikrofon ein.')).toBeNull();
  });

  it('shows the reconnecting banner while the transport reconnects, and removes it afterwards', async () => {
    const { transport } = setup(3, { participants: [{ id: 'schmidt', displayName: 'Frau Schmidt' }] });
    const call = await join('Unterricht beitreten');
    expect(within(call).queryByText('Verbindung wird wiederhergestellt …')).toBeNull();

    act(() => transport.serverReconnecting());
    expect(within(call).getByText('Verbindung wird wiederhergestellt …').closest('[role="status"]')).not.toBeNull();
    // The tiles stay while the media reconnects.
    expect(within(call).getByLabelText('Frau Schmidt')).toBeTruthy();

    act(() => transport.serverReconnected());
    expect(within(call).queryByText('Verbindung wird wiederhergestellt …')).toBeNull();
  });

  it('tells a student the lesson has not started when Talk keeps refusing the call join, and keeps the join button', async () => {
    const { transport } = setup(3, { failConnect: new CallTransportError('cannot-start') });
    fireEvent.click(await screen.findByRole('button', { name: 'Unterricht beitreten' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Der Unterricht hat noch nicht begonnen. Nur die Lehrkraft kann ihn starten.');
    expect(screen.queryByRole('region', { name: 'Unterricht' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Unterricht beitreten' })).toBeTruthy();
    // Refused three times although the room said the call runs (it ended meanwhile each time), then told.
    expect(transport.calls.map((c) => c.method)).toEqual(['connect', 'disconnect', 'connect', 'disconnect', 'connect', 'disconnect']);
  });

  it('lets a teacher start in lesson mode, see raised hands in order and give the word', async () => {
    const { transport, gateway } = setup(1, { mayPublishAudio: true });
    const call = await join('Unterricht starten');
    const put = gateway.requestsTo('PUT', '/ocs/v2.php/apps/spreed/api/v4/room/k7a/permissions/default');
    expect(put).toHaveLength(1);
    expect(within(call).getByRole('button', { name: 'Mikrofon aus' }).getAttribute('aria-pressed')).toBe('true');

    act(() => {
      transport.serverJoin({ id: 's7a1', displayName: 'Lena Becker' });
      transport.serverJoin({ id: 's7a2', displayName: 'Ben Schulz' });
      transport.serverUpdate('s7a2', { handRaisedAt: 1000 });
      transport.serverUpdate('s7a1', { handRaisedAt: 2000 });
    });
    const hands = within(call).getByRole('region', { name: 'Wortmeldungen' });
    expect(within(hands).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringContaining('Ben Schulz'), expect.stringContaining('Lena Becker')]);
    expect(within(call).getByLabelText('Ben Schulz (meldet sich)')).toBeTruthy();

    fireEvent.click(within(hands).getByRole('button', { name: 'Sprechen erlauben: Ben Schulz' }));
    expect(transport.calls).toContainEqual({ method: 'allowSpeaking', participantId: 's7a2', allowed: true });
    expect(await within(hands).findByText('darf sprechen')).toBeTruthy();

    fireEvent.click(within(call).getByRole('button', { name: 'Alle stummschalten' }));
    expect(transport.calls).toContainEqual({ method: 'muteAll' });
    fireEvent.click(within(call).getByRole('button', { name: 'Entfernen: Lena Becker' }));
    expect(transport.calls).toContainEqual({ method: 'removeParticipant', participantId: 's7a1' });
    expect(within(call).queryByLabelText(/Lena Becker/)).toBeNull();
  });

  it('leaves the lesson: the transport disconnects and the pre-join screen returns', async () => {
    const { transport } = setup(3);
    const call = await join('Unterricht beitreten');
    fireEvent.click(within(call).getByRole('button', { name: 'Verlassen' }));
    expect(await screen.findByRole('button', { name: 'Unterricht beitreten' })).toBeTruthy();
    expect(transport.calls.at(-1)).toEqual({ method: 'disconnect' });
  });
});
