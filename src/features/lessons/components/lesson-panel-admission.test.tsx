import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error';
import { useLanguageStore } from '../../../i18n/language-store';
import { createFakeGateway, jsonResponse } from '../../../testing/fake-gateway';
import { INITIAL_DEVICE_CHOICES, useDeviceChoices } from '../lib/device-choices';
import { STUDENT_ADMISSION, type PacedAdmissionOptions } from '../lib/paced-admission';
import { CallTransportError, type CallTransport } from '../transport/call-transport';
import { FakeTransport } from '../testing/fake-transport';
import { LessonPanel } from './lesson-panel';

// The waiting room and the admission queue of the lesson panel, on a transport without media and real (short) timers.

const ROOM = '/ocs/v2.php/apps/spreed/api/v4/room/k7a';

function room(hasCall: boolean, participantType = 3) {
  const data = { id: 17, token: 'k7a', type: 2, name: 'Klasse 7a', displayName: 'Klasse 7a', description: '', participantType, unreadMessages: 0, unreadMention: false, hasCall, lastActivity: 1795345821 };
  return jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
}

function setup({
  hasCall,
  student = {},
  transports,
  participantType = 3,
  routes = {},
}: {
  hasCall: boolean;
  student?: Partial<PacedAdmissionOptions>;
  transports: (() => Promise<CallTransport>)[];
  participantType?: number;
  routes?: Record<string, Response>;
}) {
  const gateway = createFakeGateway({ [`GET ${ROOM}`]: room(hasCall, participantType), ...routes });
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  let created = 0;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <LessonPanel
        roomToken="k7a"
        admission={{ student: { ...STUDENT_ADMISSION, spreadMs: 0, ...student }, waitingPollMs: () => 30 }}
        createTransport={() => {
          const next = transports[Math.min(created, transports.length - 1)];
          created++;
          return next === undefined ? Promise.reject(new Error('no transport')) : next();
        }}
      />
    </QueryClientProvider>,
  );
  return { gateway, created: () => created };
}

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
  useDeviceChoices.setState(INITIAL_DEVICE_CHOICES);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
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
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('waiting room', () => {
  it('a student who comes before the teacher waits, and is let in automatically once the lesson is open', async () => {
    const transport = new FakeTransport();
    const { gateway, created } = setup({ hasCall: false, transports: [() => Promise.resolve(transport)] });
    expect((await screen.findByText(/Deine Lehrkraft hat den Unterricht noch nicht geöffnet/)).closest('[role="status"]')).not.toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Unterricht beitreten' }));
    const status = await screen.findByText('Der Unterricht hat noch nicht begonnen. Du kommst automatisch hinein, sobald deine Lehrkraft ihn öffnet.');
    expect(status.closest('[role="status"]')).not.toBeNull();
    // Asking again while waiting, but not joining.
    await waitFor(() => expect(gateway.requestsTo('GET', ROOM).length).toBeGreaterThanOrEqual(3));
    expect(created()).toBe(0);

    gateway.setRoute(`GET ${ROOM}`, room(true));
    expect(await screen.findByRole('region', { name: 'Unterricht' })).toBeTruthy();
    expect(transport.calls.map((c) => c.method)).toEqual(['connect']);
  });

  it('stops waiting when the student cancels: back to the pre-join screen, no more questions', async () => {
    const { gateway, created } = setup({ hasCall: false, transports: [() => Promise.resolve(new FakeTransport())] });
    fireEvent.click(await screen.findByRole('button', { name: 'Unterricht beitreten' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Warten abbrechen' }));
    expect(await screen.findByRole('button', { name: 'Unterricht beitreten' })).toBeTruthy();
    const asked = gateway.requestsTo('GET', ROOM).length;
    await new Promise((r) => setTimeout(r, 200));
    expect(gateway.requestsTo('GET', ROOM).length).toBe(asked);
    expect(created()).toBe(0);
  });
});

describe('admission queue', () => {
  it('shows the queue while the join is spread, and lets the student leave the queue', async () => {
    const { created } = setup({ hasCall: true, student: { spreadMs: 10_000, random: () => 0.5 }, transports: [() => Promise.resolve(new FakeTransport())] });
    fireEvent.click(await screen.findByRole('button', { name: 'Unterricht beitreten' }));
    const queued = await screen.findByText('Du bist in der Warteschlange … Gleich bist du dran.');
    expect(queued.closest('[role="status"]')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Warten abbrechen' }));
    expect(await screen.findByRole('button', { name: 'Unterricht beitreten' })).toBeTruthy();
    expect(created()).toBe(0);
  });

  it('queues again when the server is overloaded (503 with Retry-After), then joins', async () => {
    const transport = new FakeTransport();
    let releaseRetry: () => void = () => undefined;
    const retried = new Promise<void>((r) => {
      releaseRetry = r;
    });
    const { created } = setup({
      hasCall: true,
      student: { backoff: { baseMs: 20, capMs: 100 }, random: () => 0 },
      transports: [
        () => Promise.reject(new ApiError({ kind: 'unavailable', status: 503, retryAfterMs: 300 })),
        async () => {
          await retried;
          return transport;
        },
      ],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Unterricht beitreten' }));
    expect((await screen.findByText('Du bist in der Warteschlange … Der Server ist gerade sehr beschäftigt. Du kommst automatisch hinein.')).closest('[role="status"]')).not.toBeNull();
    expect(created()).toBe(1);
    expect(await screen.findByText('Du wirst hineingelassen …', {}, { timeout: 2000 })).toBeTruthy();
    releaseRetry();
    expect(await screen.findByRole('region', { name: 'Unterricht' })).toBeTruthy();
    expect(created()).toBe(2);
  });
});

/** Talk's signaling settings on a Nextcloud without a high-performance backend: internal signaling, no server. */
function internalSignaling() {
  const data = {
    signalingMode: 'internal',
    userId: 's7a1',
    hideWarning: false,
    server: '',
    ticket: 'ticket',
    helloAuthParams: { '1.0': { userid: 's7a1', ticket: 'ticket' }, '2.0': { token: 'a.b.c' } },
    federation: null,
    stunservers: [{ urls: ['stun:stun.nextcloud.com:443'] }],
    turnservers: [],
    sipDialinInfo: '',
  };
  return jsonResponse(200, { ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data } });
}

const NO_HPB = {
  'GET /api/config': jsonResponse(200, { callTransport: 'talk-hpb' }),
  'GET /ocs/v2.php/apps/spreed/api/v3/signaling/settings': internalSignaling(),
};

describe('a server without a video backend', () => {
  it.each([
    ['teacher', 1, 'Du kannst hier keinen Videounterricht starten.'],
    ['student', 3, 'Videounterricht gibt es hier noch nicht.'],
  ])('tells the %s that video is not set up and what the admin must do, with nothing to join or wait for', async (_who, participantType, line) => {
    const { created } = setup({ hasCall: false, participantType, routes: NO_HPB, transports: [() => Promise.resolve(new FakeTransport())] });
    expect(await screen.findByRole('heading', { name: 'Video ist auf diesem Server nicht eingerichtet' })).toBeTruthy();
    expect(screen.getByText(line, { exact: false })).toBeTruthy();
    expect(screen.getByText(/High-Performance-Backend/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Signaling-Server (nextcloud-spreed-signaling)' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Unterricht (starten|beitreten)/ })).toBeNull();
    expect(screen.queryByText(/Warteschlange/)).toBeNull();
    expect(created()).toBe(0);
  });

  it('says so in English too', async () => {
    useLanguageStore.getState().setLanguage('en');
    setup({ hasCall: true, routes: NO_HPB, transports: [() => Promise.resolve(new FakeTransport())] });
    expect(await screen.findByRole('heading', { name: 'Video is not set up on this server' })).toBeTruthy();
    expect(screen.getByText(/needs a high-performance backend/)).toBeTruthy();
  });

  it('a join that finds no video backend is not queued as a busy server: one attempt, then the explanation', async () => {
    // The question before the join failed (no /api/config route here); the transport finds out at connect.
    const { created } = setup({ hasCall: true, transports: [() => Promise.reject(new CallTransportError('not-configured'))] });
    fireEvent.click(await screen.findByRole('button', { name: 'Unterricht beitreten' }));
    expect(await screen.findByRole('heading', { name: 'Video ist auf diesem Server nicht eingerichtet' })).toBeTruthy();
    expect(screen.queryByText(/Warteschlange/)).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(created()).toBe(1);
  });
});
