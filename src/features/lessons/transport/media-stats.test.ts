import { describe, expect, it, vi } from 'vitest';
import { MediaStatsMonitor, watchParticipantMedia, worstQuality, type StatsReportLike } from './media-stats';

// Reports shaped like Chromium's getStats(): inbound-rtp per received track, the nominated candidate pair.

interface Inbound {
  track: string;
  kind: 'audio' | 'video';
  packetsReceived: number;
  packetsLost?: number;
  bytesReceived: number;
  jitter?: number;
  audioLevel?: number;
  totalAudioEnergy?: number;
  totalSamplesDuration?: number;
}

function report(inbound: Inbound[], rtt = 0.05): StatsReportLike {
  const stats: unknown[] = [
    ...inbound.map((i) => ({ type: 'inbound-rtp', id: `IT-${i.track}`, trackIdentifier: i.track, packetsLost: 0, jitter: 0.005, ...i })),
    { type: 'candidate-pair', id: 'CP1', nominated: true, currentRoundTripTime: rtt },
    { type: 'transport', id: 'T1' },
  ];
  return new Map(stats.map((s, i) => [String(i), s]));
}

const audio = (n: number, level: number, extra: Partial<Inbound> = {}): Inbound => ({ track: 'a1', kind: 'audio', packetsReceived: 50 * n, bytesReceived: 4000 * n, audioLevel: level, ...extra });
const video = (n: number, extra: Partial<Inbound> = {}): Inbound => ({ track: 'v1', kind: 'video', packetsReceived: 100 * n, bytesReceived: 90000 * n, ...extra });

describe('MediaStatsMonitor', () => {
  it('reads every inbound track from getStats() with its level', async () => {
    const m = new MediaStatsMonitor();
    const pc = { getStats: () => Promise.resolve(report([audio(1, 0.3), video(1)])) };
    const out = await m.sample(pc, 1000);
    expect(out).toEqual([
      { trackId: 'a1', kind: 'audio', audioLevel: 0.3, speaking: true, quality: 'good' },
      { trackId: 'v1', kind: 'video', audioLevel: null, speaking: false, quality: 'good' },
    ]);
  });

  it('derives the level from the energy counters when audioLevel is missing', () => {
    const m = new MediaStatsMonitor();
    m.read(report([audio(1, 0, { audioLevel: undefined, totalAudioEnergy: 0, totalSamplesDuration: 1 })]), 0);
    // 0.04 energy over 1 s of samples: RMS 0.2.
    const [a] = m.read(report([audio(2, 0, { audioLevel: undefined, totalAudioEnergy: 0.04, totalSamplesDuration: 2 })]), 500);
    expect(a?.audioLevel).toBeCloseTo(0.2, 5);
    expect(a?.speaking).toBe(true);
  });

  it('keeps speaking through short pauses and ends it only after a second below the lower threshold', () => {
    const m = new MediaStatsMonitor();
    const speakingAt = (n: number, level: number) => m.read(report([audio(n, level)]), n * 250)[0]?.speaking;
    expect(speakingAt(1, 0.01)).toBe(false);
    expect(speakingAt(2, 0.04)).toBe(false); // between the thresholds: does not start
    expect(speakingAt(3, 0.2)).toBe(true);
    expect(speakingAt(4, 0.03)).toBe(true); // between the thresholds: does not end
    expect(speakingAt(5, 0.0)).toBe(true); // quiet since 1250 ms
    expect(speakingAt(6, 0.1)).toBe(true); // a word: the pause is over
    expect(speakingAt(7, 0.0)).toBe(true); // quiet since 1750 ms
    expect(speakingAt(8, 0.0)).toBe(true);
    expect(speakingAt(9, 0.0)).toBe(true);
    expect(speakingAt(10, 0.0)).toBe(true); // 750 ms quiet
    expect(speakingAt(11, 0.0)).toBe(false); // 1000 ms quiet
  });

  it('turns poor after two lossy intervals and good again only after three clean ones', () => {
    const m = new MediaStatsMonitor();
    let received = 0;
    let lost = 0;
    const q = (t: number, newReceived: number, newLost: number) => {
      received += newReceived;
      lost += newLost;
      return m.read(report([video(1, { packetsReceived: received, packetsLost: lost, bytesReceived: received * 1000 })]), t * 1000)[0]?.quality;
    };
    expect(q(0, 100, 0)).toBe('good');
    expect(q(1, 90, 10)).toBe('good'); // 10 % lost once
    expect(q(2, 90, 10)).toBe('poor');
    expect(q(3, 100, 0)).toBe('poor');
    expect(q(4, 100, 0)).toBe('poor');
    expect(q(5, 100, 0)).toBe('good');
  });

  it('counts high jitter and a slow round trip as bad', () => {
    const jittery = new MediaStatsMonitor();
    const slow = new MediaStatsMonitor();
    const qualities: string[] = [];
    for (let n = 1; n <= 3; n++) {
      qualities.push(jittery.read(report([audio(n, 0, { jitter: 0.12 })]), n * 1000)[0]?.quality ?? '');
      qualities.push(slow.read(report([audio(n, 0)], 0.9), n * 1000)[0]?.quality ?? '');
    }
    expect(qualities).toEqual(['good', 'good', 'good', 'good', 'poor', 'poor']);
  });

  it('reports lost when a track stops receiving bytes, and recovers when they flow again', () => {
    const m = new MediaStatsMonitor();
    const at = (t: number, bytes: number) => m.read(report([video(1, { bytesReceived: bytes, packetsReceived: bytes / 1000 })]), t)[0]?.quality;
    expect(at(0, 0)).toBe('good'); // nothing received yet: not lost, just starting
    expect(at(5000, 0)).toBe('good');
    expect(at(6000, 10_000)).toBe('good');
    expect(at(9000, 10_000)).toBe('good');
    expect(at(10_000, 10_000)).toBe('lost');
    expect(at(11_000, 20_000)).toBe('good');
  });

  it('does not call a lost track speaking', () => {
    const m = new MediaStatsMonitor({ lostAfterMs: 2000 });
    m.read(report([audio(1, 0.3)]), 0);
    expect(m.read(report([audio(1, 0.3)]), 2000)[0]).toMatchObject({ speaking: false, quality: 'lost' });
  });

  it('forgets a track that is no longer reported', () => {
    const m = new MediaStatsMonitor();
    m.read(report([audio(1, 0.3)]), 0);
    m.read(report([]), 500);
    // Back with the same id: a fresh start, no speaking carried over.
    expect(m.read(report([audio(1, 0.0)]), 1000)[0]?.speaking).toBe(false);
  });
});

describe('worstQuality', () => {
  it('picks the worst', () => {
    expect(worstQuality([])).toBe('good');
    expect(worstQuality(['good', 'poor'])).toBe('poor');
    expect(worstQuality(['poor', 'lost', 'good'])).toBe('lost');
  });
});

describe('watchParticipantMedia', () => {
  it('reports each participant when speaking or quality change, not at every sample, and stops', async () => {
    vi.useFakeTimers();
    try {
      let level = 0;
      let bytes = 0;
      let flowing = true;
      const lena = {
        getStats: () => {
          if (flowing) bytes += 1000;
          return Promise.resolve(report([audio(1, level, { bytesReceived: bytes })]));
        },
      };
      const closing = { getStats: () => Promise.reject(new Error('closed')) };
      const changes: [string, unknown][] = [];
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const stop = watchParticipantMedia({
        sources: () => [
          ['s7a1', lena],
          ['s7a2', closing],
        ],
        onChange: (id, media) => changes.push([id, media]),
        intervalMs: 500,
        monitor: { lostAfterMs: 1500 },
      });
      const tick = async () => {
        await vi.advanceTimersByTimeAsync(500);
      };
      await tick();
      await tick();
      expect(changes).toEqual([]);
      level = 0.4;
      await tick();
      await tick();
      expect(changes).toEqual([['s7a1', { speaking: true, quality: 'good' }]]);
      // No bytes for 1.5 s: lost (and not speaking).
      flowing = false;
      await tick();
      await tick();
      await tick();
      expect(changes.at(-1)).toEqual(['s7a1', { speaking: false, quality: 'lost' }]);
      expect(warn).toHaveBeenCalled();
      flowing = true;
      await tick();
      expect(changes.at(-1)).toEqual(['s7a1', { speaking: true, quality: 'good' }]);
      const count = changes.length;
      stop();
      level = 0;
      await vi.advanceTimersByTimeAsync(5000);
      expect(changes).toHaveLength(count);
      warn.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });
});
