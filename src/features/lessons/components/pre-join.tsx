import { useEffect, useId, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { useDeviceChoices } from '../lib/device-choices';
import { cameraConstraints, isPhone, mediaProblem, microphoneConstraints, type MediaProblem } from '../lib/media-constraints';
import type { LocalMedia } from '../transport/call-transport';
import { MicLevelMeter } from './mic-level-meter';
import { VideoTile } from './video-tile';

const PROBLEM_TEXT = {
  denied: 'lessons.prejoin.problems.denied',
  'no-camera': 'lessons.prejoin.problems.noCamera',
  'no-microphone': 'lessons.prejoin.problems.noMicrophone',
  'in-use': 'lessons.prejoin.problems.inUse',
  other: 'lessons.prejoin.problems.other',
} as const satisfies Record<MediaProblem, string>;

async function deviceKinds(): Promise<MediaDeviceKind[]> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).map((d) => d.kind);
  } catch (err) {
    console.warn('lessons: cannot list devices', err);
    return [];
  }
}

/** Camera and microphone preview for the current choices; a failure is turned into a problem the user can act on. */
function usePreview(camera: { on: boolean; id: string; dataSaver: boolean }, microphoneId: string, attempt: number) {
  const choose = useDeviceChoices((s) => s.choose);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [preview, setPreview] = useState<MediaStream | null>(null);
  // A problem belongs to the choices it was found with; new choices start without one.
  const key = `${String(camera.on)}|${camera.id}|${String(camera.dataSaver)}|${microphoneId}|${String(attempt)}`;
  const [found, setFound] = useState<{ key: string; problem: MediaProblem } | null>(null);
  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: camera.on ? cameraConstraints(camera.id, camera.dataSaver) : false, audio: microphoneConstraints(microphoneId) })
      .then(async (s) => {
        if (stopped) {
          for (const tr of s.getTracks()) tr.stop();
          return;
        }
        stream = s;
        setPreview(s);
        setDevices(await navigator.mediaDevices.enumerateDevices());
      })
      .catch(async (err: unknown) => {
        console.warn('lessons: no camera/microphone preview', err);
        if (stopped) return;
        setPreview(null);
        // A remembered device that is gone (another computer in the same browser profile, an unplugged webcam):
        // fall back to the default devices instead of explaining.
        if (err instanceof Error && err.name === 'OverconstrainedError' && (camera.id !== '' || microphoneId !== '')) {
          choose({ cameraId: '', microphoneId: '' });
          return;
        }
        const problem = mediaProblem(err, { video: camera.on }, await deviceKinds());
        setFound({ key, problem });
      });
    return () => {
      stopped = true;
      for (const tr of stream?.getTracks() ?? []) tr.stop();
    };
  }, [camera.on, camera.id, camera.dataSaver, microphoneId, key, choose]);
  return { devices, preview, problem: found?.key === key ? found.problem : null };
}

/** What went wrong with camera or microphone, with the ways out that fit: without the camera, or try again. */
function ProblemAlert({ problem, onWithoutCamera, onRetry }: { problem: MediaProblem; onWithoutCamera: (() => void) | null; onRetry: (() => void) | null }) {
  const t = useT();
  return (
    <Alert>
      <p>{t(PROBLEM_TEXT[problem])}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        {onWithoutCamera !== null ? (
          <Button variant="secondary" onClick={onWithoutCamera}>
            {t('lessons.prejoin.problems.withoutCamera')}
          </Button>
        ) : null}
        {onRetry !== null ? (
          <Button variant="secondary" onClick={onRetry}>
            {t('lessons.prejoin.problems.retry')}
          </Button>
        ) : null}
      </div>
    </Alert>
  );
}

/** A choice of camera or microphone: the browser's default first, then the devices (by label once permitted). */
function DeviceSelect({ id, label, value, disabled, devices, onChange }: { id: string; label: string; value: string; disabled?: boolean; devices: MediaDeviceInfo[]; onChange: (deviceId: string) => void }) {
  const t = useT();
  return (
    <label htmlFor={id} className="flex min-w-0 max-w-full flex-col gap-1">
      {label}
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} className="min-h-11 max-w-full rounded border px-2 py-1">
        <option value="">{t('lessons.prejoin.defaultDevice')}</option>
        {devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label === '' ? d.deviceId : d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Before joining: camera and microphone with a preview and a level meter, camera off ("Nur Audio"), data saver.
 * The choices are remembered in this browser; students on phones start with the camera off until they choose.
 */
export function PreJoin({ teacher, busy, onJoin, phone = isPhone() }: { teacher: boolean; busy: boolean; onJoin: (media: LocalMedia) => void; phone?: boolean }) {
  const t = useT();
  const id = useId();
  const { cameraId, microphoneId, cameraOff: chosenCameraOff, dataSaver, choose } = useDeviceChoices();
  const cameraOff = chosenCameraOff ?? (!teacher && phone);
  const [attempt, setAttempt] = useState(0);
  const { devices, preview, problem } = usePreview({ on: !cameraOff, id: cameraId, dataSaver }, microphoneId, attempt);
  return (
    // From a tablet up, the preview sits beside the choices, so "Unterricht starten" stays on screen; the preview
    // is never taller than about a third of the screen (a phone's too).
    <section aria-label={t('lessons.prejoin.region')} className="grid min-w-0 grid-cols-1 items-start gap-4 md:grid-cols-[minmax(0,1fr)_minmax(15rem,22rem)]">
      {problem === null ? null : (
        <div className="min-w-0 md:col-span-2">
          <ProblemAlert
            problem={problem}
            onWithoutCamera={!cameraOff && (problem === 'no-camera' || problem === 'denied' || problem === 'in-use') ? () => choose({ cameraOff: true }) : null}
            onRetry={problem === 'in-use' || problem === 'other' || problem === 'denied' ? () => setAttempt((n) => n + 1) : null}
          />
        </div>
      )}
      <div className="flex min-w-0 flex-col gap-2">
        {cameraOff ? null : (
          <div className="w-full max-w-[calc(34svh*16/9)] md:max-w-[calc(45svh*16/9)]">
            <VideoTile stream={preview} muted label={t('lessons.prejoin.preview')} />
          </div>
        )}
        <MicLevelMeter stream={preview} />
      </div>
      <div className="flex min-w-0 flex-col gap-4">
        <div className="flex flex-wrap gap-4">
          <DeviceSelect id={`${id}-camera`} label={t('lessons.prejoin.camera')} value={cameraId} disabled={cameraOff} devices={devices.filter((d) => d.kind === 'videoinput')} onChange={(v) => choose({ cameraId: v })} />
          <DeviceSelect id={`${id}-mic`} label={t('lessons.prejoin.microphone')} value={microphoneId} devices={devices.filter((d) => d.kind === 'audioinput')} onChange={(v) => choose({ microphoneId: v })} />
        </div>
        <div className="flex flex-col gap-2">
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" checked={cameraOff} onChange={(e) => choose({ cameraOff: e.target.checked })} className="size-5" />
            {t('lessons.prejoin.audioOnly')}
          </label>
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" checked={dataSaver} aria-describedby={`${id}-saver`} onChange={(e) => choose({ dataSaver: e.target.checked })} className="size-5" />
            {t('lessons.prejoin.dataSaver')}
          </label>
          <p id={`${id}-saver`} className="text-sm">
            {t('lessons.prejoin.dataSaverHint')}
          </p>
        </div>
        {teacher ? <p>{t('lessons.prejoin.teacherOpenEarly')}</p> : <p>{t('lessons.prejoin.studentMuted')}</p>}
        <div>
          <Button
            disabled={busy}
            onClick={() => {
              for (const tr of preview?.getTracks() ?? []) tr.stop();
              onJoin({
                // Students join muted, even when Talk already lets them speak (a word given before they left, a
                // group where everyone may): the student switches her microphone on herself, never a grant.
                audio: teacher,
                video: !cameraOff,
                audioDeviceId: microphoneId === '' ? undefined : microphoneId,
                videoDeviceId: cameraId === '' ? undefined : cameraId,
                dataSaver,
              });
            }}
          >
            {busy ? <Spinner /> : null}
            {teacher ? t('lessons.prejoin.start') : t('lessons.prejoin.join')}
          </Button>
        </div>
      </div>
    </section>
  );
}
