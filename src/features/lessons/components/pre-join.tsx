import { useEffect, useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import type { LocalMedia } from '../transport/call-transport';
import { VideoTile } from './video-tile';

/** Before joining: camera and microphone choice with a preview, audio only. */
export function PreJoin({ teacher, busy, onJoin }: { teacher: boolean; busy: boolean; onJoin: (media: LocalMedia) => void }) {
  const t = useT();
  const id = useId();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [audioOnly, setAudioOnly] = useState(false);
  const [camera, setCamera] = useState<string>('');
  const [mic, setMic] = useState<string>('');
  const [preview, setPreview] = useState<MediaStream | null>(null);
  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: audioOnly ? false : camera === '' ? true : { deviceId: { exact: camera } }, audio: false })
      .then(async (s) => {
        if (stopped) {
          for (const tr of s.getTracks()) tr.stop();
          return;
        }
        stream = s;
        setPreview(s);
        setDevices(await navigator.mediaDevices.enumerateDevices());
      })
      .catch((err: unknown) => {
        console.warn('lessons: no camera preview', err);
        setPreview(null);
      });
    return () => {
      stopped = true;
      for (const tr of stream?.getTracks() ?? []) tr.stop();
    };
  }, [audioOnly, camera]);
  const cameras = devices.filter((d) => d.kind === 'videoinput');
  const mics = devices.filter((d) => d.kind === 'audioinput');
  return (
    <section aria-label={t('lessons.prejoin.region')} className="flex flex-col gap-4">
      {audioOnly ? null : <VideoTile stream={preview} muted label={t('lessons.prejoin.preview')} />}
      <div className="flex flex-wrap gap-4">
        <label htmlFor={`${id}-camera`} className="flex flex-col gap-1">
          {t('lessons.prejoin.camera')}
          <select id={`${id}-camera`} value={camera} disabled={audioOnly} onChange={(e) => setCamera(e.target.value)} className="rounded border px-2 py-1">
            <option value="">{t('lessons.prejoin.defaultDevice')}</option>
            {cameras.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label === '' ? d.deviceId : d.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-mic`} className="flex flex-col gap-1">
          {t('lessons.prejoin.microphone')}
          <select id={`${id}-mic`} value={mic} onChange={(e) => setMic(e.target.value)} className="rounded border px-2 py-1">
            <option value="">{t('lessons.prejoin.defaultDevice')}</option>
            {mics.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label === '' ? d.deviceId : d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={audioOnly} onChange={(e) => setAudioOnly(e.target.checked)} />
          {t('lessons.prejoin.audioOnly')}
        </label>
      </div>
      {teacher ? null : <p>{t('lessons.prejoin.studentMuted')}</p>}
      <div>
        <Button
          disabled={busy}
          onClick={() => {
            for (const tr of preview?.getTracks() ?? []) tr.stop();
            onJoin({ audio: true, video: !audioOnly, audioDeviceId: mic === '' ? undefined : mic, videoDeviceId: camera === '' ? undefined : camera });
          }}
        >
          {busy ? <Spinner /> : null}
          {teacher ? t('lessons.prejoin.start') : t('lessons.prejoin.join')}
        </Button>
      </div>
    </section>
  );
}
