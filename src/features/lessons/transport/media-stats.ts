/**
 * Audio level, speaking and connection quality of received media, read from WebRTC statistics. Transport-neutral:
 * give it anything with `getStats()` (an RTCPeerConnection, an RTCRtpReceiver) and call `sample()` periodically
 * (every 300–1000 ms). Use one monitor per stats source: tracks a sample no longer reports are forgotten. It keeps the previous sample per track, so loss and "no bytes" are judged over the interval,
 * and applies hysteresis so neither speaking nor quality flickers:
 * - speaking starts when the level reaches `speakingOn` and ends only after it stayed below `speakingOff` for
 *   `speakingHoldMs`;
 * - quality turns 'poor' after `poorAfterSamples` bad samples in a row and 'good' again only after
 *   `goodAfterSamples` good ones; 'lost' when a track that received bytes gets none for `lostAfterMs`
 *   (it returns to 'poor'/'good' as soon as bytes flow again).
 */
import type { ConnectionQuality } from './call-transport';

/** What we read of a stats report: a maplike of RTCStats dictionaries (RTCStatsReport has forEach). */
export interface StatsReportLike {
  forEach(callback: (value: unknown) => void): void;
}

/** Anything with getStats(): RTCPeerConnection, RTCRtpReceiver. */
export interface StatsSource {
  getStats(): Promise<StatsReportLike>;
}

export interface InboundTrackStats {
  /** The receiving MediaStreamTrack's id (`inbound-rtp.trackIdentifier`). */
  trackId: string;
  kind: 'audio' | 'video';
  /** 0..1 (linear, as WebRTC reports it); null for video. */
  audioLevel: number | null;
  /** With hysteresis; always false for video. */
  speaking: boolean;
  /** With hysteresis. */
  quality: ConnectionQuality;
}

export interface MediaStatsOptions {
  /** Level (0..1) at which speaking starts. Default 0.05. */
  speakingOn?: number;
  /** Level below which speaking may end. Default 0.02. */
  speakingOff?: number;
  /** How long the level must stay below `speakingOff` before speaking ends. Default 1000 ms. */
  speakingHoldMs?: number;
  /** Packet loss over an interval (0..1) that counts as bad. Default 0.05. */
  poorLoss?: number;
  /** Jitter in seconds that counts as bad. Default 0.05. */
  poorJitter?: number;
  /** Round-trip time in seconds that counts as bad. Default 0.4. */
  poorRtt?: number;
  poorAfterSamples?: number;
  goodAfterSamples?: number;
  /** No bytes for this long after bytes had arrived → 'lost'. Default 4000 ms. */
  lostAfterMs?: number;
}

interface TrackMemory {
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  /** When bytesReceived last grew (ms). */
  lastBytesAt: number;
  /** Bytes have arrived at least once. */
  everReceived: boolean;
  totalAudioEnergy: number | null;
  totalSamplesDuration: number | null;
  speaking: boolean;
  quietSince: number | null;
  quality: 'good' | 'poor';
  badRun: number;
  goodRun: number;
  seenAt: number;
}

function num(o: Record<string, unknown>, key: string): number | null {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The worst of several qualities (e.g. a participant's audio and video tracks): lost < poor < good. */
export function worstQuality(qualities: Iterable<ConnectionQuality>): ConnectionQuality {
  let worst: ConnectionQuality = 'good';
  for (const q of qualities) {
    if (q === 'lost') return 'lost';
    if (q === 'poor') worst = 'poor';
  }
  return worst;
}

export class MediaStatsMonitor {
  private readonly memory = new Map<string, TrackMemory>();
  private readonly o: Required<MediaStatsOptions>;

  constructor(options: MediaStatsOptions = {}) {
    this.o = {
      speakingOn: 0.05,
      speakingOff: 0.02,
      speakingHoldMs: 1000,
      poorLoss: 0.05,
      poorJitter: 0.05,
      poorRtt: 0.4,
      poorAfterSamples: 2,
      goodAfterSamples: 3,
      lostAfterMs: 4000,
      ...options,
    };
  }

  /** Reads `source.getStats()` once and returns every inbound audio/video track it reports. */
  async sample(source: StatsSource, now: number = Date.now()): Promise<InboundTrackStats[]> {
    return this.read(await source.getStats(), now);
  }

  /** The same for a report already fetched (several monitors, or a test). */
  read(report: StatsReportLike, now: number = Date.now()): InboundTrackStats[] {
    const inbound: Record<string, unknown>[] = [];
    let rtt: number | null = null;
    report.forEach((s) => {
      if (!isRecord(s)) return;
      if (s['type'] === 'inbound-rtp' && (s['kind'] === 'audio' || s['kind'] === 'video')) inbound.push(s);
      // The nominated candidate pair's RTT is the connection's; remote-outbound-rtp carries one per stream.
      if (s['type'] === 'candidate-pair' && s['nominated'] === true) rtt = num(s, 'currentRoundTripTime') ?? rtt;
      if (s['type'] === 'remote-outbound-rtp' && rtt === null) rtt = num(s, 'roundTripTime');
    });
    const out: InboundTrackStats[] = [];
    for (const s of inbound) {
      const trackId = typeof s['trackIdentifier'] === 'string' ? s['trackIdentifier'] : typeof s['id'] === 'string' ? s['id'] : null;
      if (trackId === null) continue;
      out.push(this.track(trackId, s, rtt, now));
    }
    // Tracks no longer reported are forgotten (a new track with the same id starts fresh).
    for (const [id, m] of this.memory) if (m.seenAt !== now) this.memory.delete(id);
    return out;
  }

  private track(trackId: string, s: Record<string, unknown>, rtt: number | null, now: number): InboundTrackStats {
    const kind = s['kind'] === 'audio' ? 'audio' : 'video';
    const packetsReceived = num(s, 'packetsReceived') ?? 0;
    const packetsLost = Math.max(0, num(s, 'packetsLost') ?? 0);
    const bytesReceived = num(s, 'bytesReceived') ?? 0;
    const energy = num(s, 'totalAudioEnergy');
    const duration = num(s, 'totalSamplesDuration');
    const prev = this.memory.get(trackId);
    const m: TrackMemory = prev ?? {
      packetsReceived: 0,
      packetsLost: 0,
      bytesReceived: 0,
      lastBytesAt: now,
      everReceived: false,
      totalAudioEnergy: null,
      totalSamplesDuration: null,
      speaking: false,
      quietSince: null,
      quality: 'good',
      badRun: 0,
      goodRun: 0,
      seenAt: now,
    };
    const grew = bytesReceived > m.bytesReceived;
    if (grew) {
      m.lastBytesAt = now;
      m.everReceived = true;
    }

    // Level: audioLevel where the browser reports it, else the RMS over the interval from the energy counters.
    let audioLevel: number | null = null;
    if (kind === 'audio') {
      audioLevel = num(s, 'audioLevel');
      if (audioLevel === null && energy !== null && duration !== null && m.totalAudioEnergy !== null && m.totalSamplesDuration !== null) {
        const dt = duration - m.totalSamplesDuration;
        audioLevel = dt > 0 ? Math.sqrt(Math.max(0, energy - m.totalAudioEnergy) / dt) : 0;
      }
      audioLevel = Math.min(1, Math.max(0, audioLevel ?? 0));
      if (audioLevel >= this.o.speakingOn) {
        m.speaking = true;
        m.quietSince = null;
      } else if (m.speaking) {
        if (audioLevel >= this.o.speakingOff) m.quietSince = null;
        else {
          m.quietSince ??= now;
          if (now - m.quietSince >= this.o.speakingHoldMs) {
            m.speaking = false;
            m.quietSince = null;
          }
        }
      }
    }

    // Quality over the interval since the previous sample (the first sample only sets the baseline).
    if (prev !== undefined) {
      const received = packetsReceived - m.packetsReceived;
      const lost = packetsLost - m.packetsLost;
      const loss = received + lost > 0 ? Math.max(0, lost) / (received + lost) : 0;
      const jitter = num(s, 'jitter') ?? 0;
      const bad = loss > this.o.poorLoss || jitter > this.o.poorJitter || (rtt !== null && rtt > this.o.poorRtt);
      if (bad) {
        m.badRun++;
        m.goodRun = 0;
        if (m.badRun >= this.o.poorAfterSamples) m.quality = 'poor';
      } else if (received > 0) {
        m.goodRun++;
        m.badRun = 0;
        if (m.goodRun >= this.o.goodAfterSamples) m.quality = 'good';
      }
    }

    m.packetsReceived = packetsReceived;
    m.packetsLost = packetsLost;
    m.bytesReceived = bytesReceived;
    m.totalAudioEnergy = energy;
    m.totalSamplesDuration = duration;
    m.seenAt = now;
    this.memory.set(trackId, m);

    const lost = m.everReceived && now - m.lastBytesAt >= this.o.lostAfterMs;
    return { trackId, kind, audioLevel, speaking: kind === 'audio' && m.speaking && !lost, quality: lost ? 'lost' : m.quality };
  }
}

/** A participant's received media, summed over its tracks. */
export interface ParticipantMedia {
  /** Any of its audio tracks speaking (with the monitor's hysteresis). */
  speaking: boolean;
  /** The worst of its tracks. */
  quality: ConnectionQuality;
}

export interface WatchParticipantMediaOptions {
  /** The stats source per remote participant right now (e.g. each subscriber peer connection); read every interval. */
  sources: () => Iterable<readonly [participantId: string, source: StatsSource]>;
  /** Called when a participant's speaking or quality changes (also the first time it differs from not speaking / good). */
  onChange: (participantId: string, media: ParticipantMedia) => void;
  /** Default 500 ms. */
  intervalMs?: number;
  monitor?: MediaStatsOptions;
}

/**
 * Polls every participant's stats source and reports changes of speaking and quality: the glue a transport
 * without its own speaker detection (Talk HPB) needs. One MediaStatsMonitor per participant; a participant no
 * longer listed is forgotten. A failing getStats() (connection closing) is skipped for that round. Returns stop().
 */
export function watchParticipantMedia(options: WatchParticipantMediaOptions): () => void {
  const monitors = new Map<string, { monitor: MediaStatsMonitor; last: ParticipantMedia }>();
  let running = false;
  const round = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const listed = new Set<string>();
      for (const [id, source] of options.sources()) {
        listed.add(id);
        let entry = monitors.get(id);
        if (entry === undefined) {
          entry = { monitor: new MediaStatsMonitor(options.monitor), last: { speaking: false, quality: 'good' } };
          monitors.set(id, entry);
        }
        let tracks: InboundTrackStats[];
        try {
          tracks = await entry.monitor.sample(source);
        } catch (err) {
          console.warn('lessons: reading WebRTC stats failed', err);
          continue;
        }
        const next: ParticipantMedia = { speaking: tracks.some((t) => t.speaking), quality: worstQuality(tracks.map((t) => t.quality)) };
        if (next.speaking !== entry.last.speaking || next.quality !== entry.last.quality) {
          entry.last = next;
          options.onChange(id, next);
        }
      }
      for (const id of [...monitors.keys()]) if (!listed.has(id)) monitors.delete(id);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), options.intervalMs ?? 500);
  return () => {
    clearInterval(timer);
  };
}
