import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { CallTransportError, type RemoteParticipant } from '../transport/call-transport';
import { FakeTransport, type FakeTransportOptions } from '../testing/fake-transport';
import { CallView } from './call-view';

// The in-call screen on a transport without media. Tiles are found by their video's label (jsdom computes no
// accessible name for <figure> from <figcaption>); a tile without video keeps its (hidden) element for the sound.

function setWidth(width: number) {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: width });
}

function resize(width: number) {
  act(() => {
    setWidth(width);
    window.dispatchEvent(new Event('resize'));
  });
}

function fakeStream(): MediaStream {
  return { getTracks: () => [], getVideoTracks: () => [], getAudioTracks: () => [] } as unknown as MediaStream;
}

function students(n: number, extra: Partial<RemoteParticipant> = {}): Partial<RemoteParticipant>[] {
  return Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, displayName: `Kind ${i + 1}`, videoPublished: true, ...extra }));
}

async function setup(options: FakeTransportOptions = {}, view: { teacher?: boolean; width?: number; sidePanel?: React.ReactNode } = {}) {
  setWidth(view.width ?? 1280);
  const transport = new FakeTransport(options);
  await transport.connect({ audio: false, video: true });
  render(<CallView transport={transport} teacher={view.teacher ?? false} onLeave={() => undefined} sidePanel={view.sidePanel} />);
  const call = screen.getByRole('region', { name: 'Unterricht' });
  return { transport, call };
}

function videoShown(call: HTMLElement, label: string): boolean {
  return !within(call).getByLabelText<HTMLVideoElement>(label).hidden;
}

function shownVideos(call: HTMLElement, prefix: string): number {
  return within(call)
    .getAllByLabelText(new RegExp(`^${prefix}`))
    .filter((v) => !(v as HTMLVideoElement).hidden).length;
}

const pressed = (call: HTMLElement, name: string) => within(call).getByRole('button', { name }).getAttribute('aria-pressed');

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  setWidth(1024);
});

describe('call layout', () => {
  it('switches between gallery and speaker view; the speaker view shows the teacher large while nobody speaks, then who speaks', async () => {
    const { transport, call } = await setup({
      participants: [
        { id: 's7a1', displayName: 'Lena Becker', videoPublished: true },
        { id: 'schmidt', displayName: 'Frau Schmidt', videoPublished: true, moderator: true },
      ],
    });
    expect(pressed(call, 'Galerie')).toBe('true');
    expect(within(call).queryByRole('region', { name: 'Große Ansicht' })).toBeNull();

    fireEvent.click(within(call).getByRole('button', { name: 'Sprecheransicht' }));
    expect(pressed(call, 'Sprecheransicht')).toBe('true');
    expect(pressed(call, 'Galerie')).toBe('false');
    const large = () => within(call).getByRole('region', { name: 'Große Ansicht' });
    expect(within(large()).getByLabelText('Frau Schmidt')).toBeTruthy();

    act(() => transport.serverSpeaking('s7a1', true));
    expect(within(large()).getByLabelText('Lena Becker')).toBeTruthy();
    // Everyone else (and oneself) stays visible in the strip.
    expect(within(call).getByLabelText('Frau Schmidt')).toBeTruthy();
    expect(within(call).getByLabelText('Du')).toBeTruthy();

    // After speaking, the last speaker stays large (no jump back to the teacher at every pause).
    act(() => transport.serverSpeaking('s7a1', false));
    expect(within(large()).getByLabelText('Lena Becker')).toBeTruthy();

    fireEvent.click(within(call).getByRole('button', { name: 'Galerie' }));
    expect(within(call).queryByRole('region', { name: 'Große Ansicht' })).toBeNull();
  });

  it('decodes at most 16 remote videos on a desktop and 9 on a tablet; the others show initials and are not received', async () => {
    const { transport, call } = await setup({ participants: students(20) }, { width: 1280 });
    expect(shownVideos(call, 'Kind ')).toBe(16);
    expect([...transport.videoWanted.values()].filter((w) => !w)).toHaveLength(4);
    expect(transport.videoWanted.get('s17')).toBe(false);
    expect(videoShown(call, 'Kind 17')).toBe(false);
    // Without video the tile shows the initials (and keeps the name).
    expect(within(call).getAllByText('K1').length).toBeGreaterThan(0);

    resize(800);
    expect(shownVideos(call, 'Kind ')).toBe(9);
    expect([...transport.videoWanted.entries()].filter(([, w]) => !w).map(([id]) => id)).toHaveLength(11);
    expect(transport.videoWanted.get('s10')).toBe(false);

    // Back on a wide window, videos are wanted again.
    resize(1400);
    expect(shownVideos(call, 'Kind ')).toBe(16);
    expect(transport.videoWanted.get('s10')).toBe(true);
  });

  it('gives a speaker beyond the cap the video, and never counts participants without camera', async () => {
    const { transport, call } = await setup({ participants: [...students(3, { videoPublished: false }), ...students(12).map((p, i) => ({ ...p, id: `v${i + 1}`, displayName: `Video ${i + 1}` }))] }, { width: 800 });
    expect(shownVideos(call, 'Video ')).toBe(9);
    expect(transport.videoWanted.get('s1')).toBeUndefined();
    expect(videoShown(call, 'Kind 1')).toBe(false);
    expect(videoShown(call, 'Video 12')).toBe(false);

    act(() => transport.serverSpeaking('v12', true));
    expect(videoShown(call, 'Video 12')).toBe(true);
    expect(transport.videoWanted.get('v12')).toBe(true);
    expect(shownVideos(call, 'Video ')).toBe(9);
  });
});

describe('who speaks', () => {
  it('rings the speaking tile and tells screen readers politely, at most every 3 seconds', async () => {
    vi.useFakeTimers();
    const { transport, call } = await setup({
      participants: [
        { id: 's7a1', displayName: 'Lena Becker' },
        { id: 's7a2', displayName: 'Ben Schulz' },
      ],
    });
    const live = call.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toBe('');

    act(() => transport.serverSpeaking('s7a1', true));
    expect(live?.textContent).toBe('Es spricht: Lena Becker');
    expect(within(call).getByLabelText('Lena Becker').closest('figure')?.getAttribute('data-speaking')).toBe('true');
    expect(within(call).getByLabelText('Ben Schulz').closest('figure')?.getAttribute('data-speaking')).toBe('false');

    act(() => {
      transport.serverSpeaking('s7a1', false);
      transport.serverSpeaking('s7a2', true);
    });
    expect(within(call).getByLabelText('Ben Schulz').closest('figure')?.getAttribute('data-speaking')).toBe('true');
    // Too soon after the last announcement.
    expect(live?.textContent).toBe('Es spricht: Lena Becker');
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(live?.textContent).toBe('Es spricht: Ben Schulz');
  });
});

describe('connection quality', () => {
  it('shows each participant’s and the own connection as icon and words', async () => {
    const { transport, call } = await setup({ participants: [{ id: 's7a1', displayName: 'Lena Becker' }] });
    const tile = () => within(call).getByLabelText('Lena Becker').closest('figure') as HTMLElement;
    expect(within(tile()).getByText('Verbindung gut')).toBeTruthy();

    act(() => transport.serverQuality('s7a1', 'poor'));
    expect(within(tile()).getByText('Verbindung schwach')).toBeTruthy();
    act(() => transport.serverQuality('s7a1', 'lost'));
    expect(within(tile()).getByText('Verbindung unterbrochen')).toBeTruthy();

    const own = () => within(call).getByText('Deine Verbindung:').parentElement?.textContent;
    expect(own()).toBe('Deine Verbindung: Verbindung gut');
    act(() => transport.serverReconnecting());
    expect(own()).toBe('Deine Verbindung: Verbindung unterbrochen');
    act(() => transport.serverReconnected());
    act(() => transport.serverLocalQuality('poor'));
    expect(own()).toBe('Deine Verbindung: Verbindung schwach');
  });
});

describe('screen share', () => {
  it('offers a student the button only once allowed, and follows the share', async () => {
    const { transport, call } = await setup();
    expect(within(call).queryByRole('button', { name: 'Bildschirm teilen' })).toBeNull();

    act(() => transport.serverPermissions({ mayPublishScreen: true }));
    fireEvent.click(within(call).getByRole('button', { name: 'Bildschirm teilen' }));
    expect(await within(call).findByRole('button', { name: 'Freigabe beenden' })).toBeTruthy();
    expect(pressed(call, 'Freigabe beenden')).toBe('true');
    expect(within(call).getByText('Du teilst deinen Bildschirm.')).toBeTruthy();

    fireEvent.click(within(call).getByRole('button', { name: 'Freigabe beenden' }));
    expect(await within(call).findByRole('button', { name: 'Bildschirm teilen' })).toBeTruthy();
    expect(transport.calls.filter((c) => c.method === 'setScreenShare')).toEqual([
      { method: 'setScreenShare', on: true },
      { method: 'setScreenShare', on: false },
    ]);
  });

  it('explains a cancelled or refused share', async () => {
    const cancelled = await setup({ mayPublishScreen: true, failScreenShare: new CallTransportError('media-denied') }, { teacher: true });
    fireEvent.click(within(cancelled.call).getByRole('button', { name: 'Bildschirm teilen' }));
    expect((await within(cancelled.call).findByRole('alert')).textContent).toBe('Die Bildschirmfreigabe wurde abgebrochen oder ist in diesem Browser nicht möglich.');
    cleanup();

    const refused = await setup({ mayPublishScreen: true, failScreenShare: new CallTransportError('not-allowed') });
    fireEvent.click(within(refused.call).getByRole('button', { name: 'Bildschirm teilen' }));
    expect((await within(refused.call).findByRole('alert')).textContent).toBe('Du darfst deinen Bildschirm nicht teilen. Deine Lehrkraft kann es dir erlauben.');
  });

  it('has no button on a transport that cannot share screens', async () => {
    const { call } = await setup({ mayPublishScreen: true, noScreenShare: true }, { teacher: true });
    expect(within(call).queryByRole('button', { name: 'Bildschirm teilen' })).toBeNull();
  });

  it('shows a remote screen large, switching to the speaker view', async () => {
    const { transport, call } = await setup({ participants: [{ id: 'schmidt', displayName: 'Frau Schmidt', moderator: true }] });
    expect(pressed(call, 'Galerie')).toBe('true');
    act(() => transport.serverUpdate('schmidt', { screenStream: fakeStream() }));
    expect(pressed(call, 'Sprecheransicht')).toBe('true');
    const large = within(call).getByRole('region', { name: 'Große Ansicht' });
    expect(within(large).getByLabelText('Bildschirm von Frau Schmidt')).toBeTruthy();
    // The teacher's camera tile stays in the strip.
    expect(within(call).getByLabelText('Frau Schmidt')).toBeTruthy();

    act(() => transport.serverUpdate('schmidt', { screenStream: null }));
    expect(within(call).queryByLabelText('Bildschirm von Frau Schmidt')).toBeNull();
  });
});

describe('chat beside the call', () => {
  it('sits beside the call on a wide screen', async () => {
    await setup({}, { width: 1280, sidePanel: <p>Klassenchat</p> });
    const chat = screen.getByRole('complementary', { name: 'Chat zum Unterricht' });
    expect(within(chat).getByText('Klassenchat')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Chat anzeigen' })).toBeNull();
  });

  it('is a panel to open on a narrow screen', async () => {
    const { call } = await setup({}, { width: 600, sidePanel: <p>Klassenchat</p> });
    expect(screen.queryByText('Klassenchat')).toBeNull();
    const toggle = within(call).getByRole('button', { name: 'Chat anzeigen' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(within(screen.getByRole('complementary', { name: 'Chat zum Unterricht' })).getByText('Klassenchat')).toBeTruthy();
    expect(within(call).getByRole('button', { name: 'Chat ausblenden' }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(within(call).getByRole('button', { name: 'Chat ausblenden' }));
    expect(screen.queryByText('Klassenchat')).toBeNull();
  });

  it('has no chat toggle without a side panel', async () => {
    const { call } = await setup({}, { width: 600 });
    expect(within(call).queryByRole('button', { name: 'Chat anzeigen' })).toBeNull();
  });
});
