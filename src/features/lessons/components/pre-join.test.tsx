import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLanguageStore } from '../../../i18n/language-store';
import { INITIAL_DEVICE_CHOICES, useDeviceChoices } from '../lib/device-choices';
import type { LocalMedia } from '../transport/call-transport';
import { PreJoin } from './pre-join';

// jsdom has no media devices: each test plays the browser's answer to getUserMedia.

class FakeTrack {
  stopped = false;
  constructor(readonly kind: 'audio' | 'video') {}
  stop() {
    this.stopped = true;
  }
}

class FakeStream {
  constructor(private readonly tracks: FakeTrack[]) {}
  getTracks() {
    return this.tracks;
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
}

function streamFor(c: MediaStreamConstraints): FakeStream {
  const tracks: FakeTrack[] = [];
  if (c.audio !== false && c.audio !== undefined) tracks.push(new FakeTrack('audio'));
  if (c.video !== false && c.video !== undefined) tracks.push(new FakeTrack('video'));
  return new FakeStream(tracks);
}

function browser({ answers = [], kinds = ['videoinput', 'audioinput'] }: { answers?: (Error | 'ok')[]; kinds?: MediaDeviceKind[] } = {}) {
  const asked: MediaStreamConstraints[] = [];
  const getUserMedia = vi.fn((c: MediaStreamConstraints) => {
    asked.push(c);
    const answer = answers.shift() ?? 'ok';
    return answer === 'ok' ? Promise.resolve(streamFor(c)) : Promise.reject(answer);
  });
  const enumerateDevices = vi.fn(() => Promise.resolve(kinds.map((kind, i) => ({ kind, deviceId: `${kind}-${String(i)}`, label: '', groupId: '' }))));
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia, enumerateDevices } });
  return { asked };
}

function renderPreJoin({ teacher = false, phone = false } = {}) {
  const joined: LocalMedia[] = [];
  const view = render(<PreJoin teacher={teacher} busy={false} phone={phone} onJoin={(m) => joined.push(m)} />);
  return { joined, view };
}

const cameraOff = () => screen.getByRole('checkbox', { name: 'Nur Audio' });

beforeEach(() => {
  useLanguageStore.getState().setLanguage('de');
  useDeviceChoices.setState(INITIAL_DEVICE_CHOICES);
  localStorage.clear();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('pre-join', () => {
  it('explains a blocked camera with what to do, and lets the student go on without it', async () => {
    const { asked } = browser({ answers: [new DOMException('Permission denied', 'NotAllowedError'), 'ok'] });
    const { joined } = renderPreJoin();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Dein Browser hat den Zugriff auf Kamera und Mikrofon blockiert. Erlaube ihn in den Website-Einstellungen');

    fireEvent.click(screen.getByRole('button', { name: 'Ohne Kamera teilnehmen' }));
    expect(cameraOff()).toHaveProperty('checked', true);
    await act(async () => {
      await Promise.resolve();
    });
    expect(asked.at(-1)?.video).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Unterricht beitreten' }));
    // A student joins muted: her microphone goes on only when she switches it on in the lesson.
    expect(joined).toEqual([{ audio: false, video: false, audioDeviceId: undefined, videoDeviceId: undefined, dataSaver: false }]);
  });

  it('says when there is no camera at all', async () => {
    browser({ answers: [new DOMException('Requested device not found', 'NotFoundError')], kinds: ['audioinput'] });
    renderPreJoin();
    expect((await screen.findByRole('alert')).textContent).toContain('Wir haben keine Kamera gefunden. Du kannst ohne Kamera teilnehmen, nur mit Ton.');
    expect(screen.getByRole('button', { name: 'Ohne Kamera teilnehmen' })).toBeTruthy();
  });

  it('names a camera held by another app, and tries again on request', async () => {
    const { asked } = browser({ answers: [new DOMException('Could not start video source', 'NotReadableError'), 'ok'] });
    renderPreJoin();
    expect((await screen.findByRole('alert')).textContent).toContain('von einer anderen App benutzt');
    fireEvent.click(screen.getByRole('button', { name: 'Erneut versuchen' }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(asked).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('starts students on a phone with the camera off, teachers with it on', async () => {
    const student = browser();
    const first = renderPreJoin({ phone: true });
    expect(cameraOff()).toHaveProperty('checked', true);
    await act(async () => {
      await Promise.resolve();
    });
    expect(student.asked[0]?.video).toBe(false);
    first.view.unmount();

    const teacher = browser();
    renderPreJoin({ teacher: true, phone: true });
    expect(cameraOff()).toHaveProperty('checked', false);
    await act(async () => {
      await Promise.resolve();
    });
    expect(teacher.asked[0]?.video).not.toBe(false);
  });

  it('data saver asks the camera for a small picture, joins with it, and is remembered in this browser', async () => {
    const { asked } = browser();
    const first = renderPreJoin();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Datensparmodus' }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(asked.at(-1)?.video).toMatchObject({ width: { ideal: 320 }, height: { ideal: 180 }, frameRate: { max: 15 } });
    fireEvent.click(screen.getByRole('button', { name: 'Unterricht beitreten' }));
    expect(first.joined[0]).toMatchObject({ video: true, dataSaver: true });
    first.view.unmount();

    expect(JSON.parse(localStorage.getItem('klassenraum.lesson-devices') ?? '{}')).toMatchObject({ state: { dataSaver: true } });
    renderPreJoin();
    expect(screen.getByRole('checkbox', { name: 'Datensparmodus' })).toHaveProperty('checked', true);
  });

  it('shows the microphone level as a meter that moves with the sound', async () => {
    browser();
    let loudness = 0;
    class FakeAudioContext {
      createAnalyser() {
        return {
          fftSize: 0,
          getByteTimeDomainData(out: Uint8Array) {
            for (let i = 0; i < out.length; i++) out[i] = i % 2 === 0 ? 128 + loudness : 128 - loudness;
          },
        };
      }
      createMediaStreamSource() {
        return { connect: () => undefined, disconnect: () => undefined };
      }
      close() {
        return Promise.resolve();
      }
    }
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('MediaStream', FakeStream);
    vi.useFakeTimers();
    try {
      renderPreJoin();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(150);
      });
      const meter = screen.getByRole('meter', { name: 'Mikrofonpegel' });
      expect(meter.getAttribute('value')).toBe('0');
      loudness = 40;
      await act(async () => {
        await vi.advanceTimersByTimeAsync(100);
      });
      expect(Number(meter.getAttribute('value'))).toBeGreaterThan(50);
    } finally {
      vi.useRealTimers();
    }
  });
});
