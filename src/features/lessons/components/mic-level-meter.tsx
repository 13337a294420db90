import { useEffect, useState } from 'react';
import { useT } from '../../../i18n/i18n';

function hasAudio(stream: MediaStream | null): stream is MediaStream {
  return stream !== null && stream.getAudioTracks().length > 0 && typeof AudioContext === 'function';
}

/** 0-100: the microphone's loudness (RMS of the waveform, scaled so speech fills most of the bar); null without one. */
function useMicLevel(stream: MediaStream | null): number | null {
  const [reading, setReading] = useState<{ stream: MediaStream; level: number } | null>(null);
  useEffect(() => {
    if (!hasAudio(stream)) return undefined;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    const source = context.createMediaStreamSource(new MediaStream(stream.getAudioTracks()));
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    // Ten readings a second are enough for a meter and cheap on a school tablet.
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const v of samples) sum += ((v - 128) / 128) ** 2;
      const rms = Math.sqrt(sum / samples.length);
      setReading({ stream, level: Math.min(100, Math.round(rms * 300)) });
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      context.close().catch((err: unknown) => {
        console.warn('lessons: closing the level meter failed', err);
      });
    };
  }, [stream]);
  if (!hasAudio(stream)) return null;
  return reading?.stream === stream ? reading.level : 0;
}

/** The microphone level in the pre-join preview: a native meter, so screen readers announce it as one. */
export function MicLevelMeter({ stream }: { stream: MediaStream | null }) {
  const t = useT();
  const level = useMicLevel(stream);
  if (level === null) return null;
  return (
    <label className="flex flex-col gap-1 text-sm">
      {t('lessons.prejoin.micLevel')}
      <meter min={0} max={100} low={10} high={85} optimum={50} value={level} className="h-3 w-full max-w-xs" />
    </label>
  );
}
