import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { getRoom, PARTICIPANT_MODERATOR, PARTICIPANT_OWNER } from '../../../api/talk/rooms';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { enableLessonMode } from '../api/lesson-mode';
import { CallTransportError, type CallTransport, type LocalMedia, type RemoteParticipant } from '../transport/call-transport';
import { createTransport as createConfiguredTransport } from '../transport/create-transport';

function Video({ stream, muted, label, transport, participantId }: { stream: MediaStream | null; muted: boolean; label: string; transport?: CallTransport; participantId?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return undefined;
    // Transports that play media themselves (LiveKit's adaptive stream watches the element) get the element.
    if (transport?.attachMedia !== undefined && participantId !== undefined) return transport.attachMedia(participantId, el);
    if (el.srcObject !== stream) el.srcObject = stream;
    return undefined;
  }, [stream, transport, participantId]);
  return (
    <figure className="overflow-hidden rounded-xl bg-slate-900 text-white">
      <video ref={ref} autoPlay playsInline muted={muted} className="aspect-video w-full object-cover" aria-label={label}>
        {/* Live camera pictures carry no captions; the element needs a track to say so. */}
        <track kind="captions" />
      </video>
      <figcaption className="px-3 py-1 text-sm">{label}</figcaption>
    </figure>
  );
}

/** Re-renders on every transport event; the transport holds the truth (participants, mute state). */
function useTransportSnapshot(transport: CallTransport) {
  const version = useRef(0);
  return useSyncExternalStore(
    (notify) => {
      const offs = (['state', 'participantJoined', 'participantLeft', 'participantChanged', 'local', 'reconnected'] as const).map((e) =>
        transport.on(e, () => {
          version.current++;
          notify();
        }),
      );
      return () => {
        for (const off of offs) off();
      };
    },
    () => version.current,
  );
}

/** Teachers: a participant who lowers the hand loses the word again (the server takes the microphone). */
function useWithdrawOnLoweredHand(transport: CallTransport, remotes: RemoteParticipant[], teacher: boolean) {
  const raised = useRef(new Map<string, boolean>());
  useEffect(() => {
    for (const r of remotes) {
      const was = raised.current.get(r.id) ?? false;
      const now = r.handRaisedAt !== null;
      raised.current.set(r.id, now);
      if (teacher && was && !now && r.mayPublishAudio) {
        transport.allowSpeaking(r.id, false).catch((err: unknown) => {
          console.warn('lessons: taking the word back failed', err);
        });
      }
    }
  });
}

function HandQueue({ transport, remotes, onError }: { transport: CallTransport; remotes: RemoteParticipant[]; onError: (e: unknown) => void }) {
  const t = useT();
  const id = useId();
  const queue = remotes.filter((r) => r.handRaisedAt !== null).sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0));
  return (
    <section aria-labelledby={`${id}-hands`} className="rounded-xl border p-3">
      <h3 id={`${id}-hands`} className="font-semibold">
        {t('lessons.hands.title')}
      </h3>
      {queue.length === 0 ? (
        <p className="text-sm">{t('lessons.hands.empty')}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {queue.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2">
              <span>{r.displayName}</span>
              {r.mayPublishAudio ? (
                <span className="text-sm">{t('lessons.hands.speaking')}</span>
              ) : (
                <Button
                  variant="secondary"
                  aria-label={t('lessons.hands.grantTo', { name: r.displayName })}
                  onClick={() => {
                    transport.allowSpeaking(r.id, true).catch(onError);
                  }}
                >
                  {t('lessons.hands.grant')}
                </Button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function InCall({ transport, teacher, onLeave }: { transport: CallTransport; teacher: boolean; onLeave: () => void }) {
  const t = useT();
  useTransportSnapshot(transport);
  const [error, setError] = useState<string | null>(null);
  const local = transport.local;
  const remotes: RemoteParticipant[] = transport.participants();
  useWithdrawOnLoweredHand(transport, remotes, teacher);
  const fail = (err: unknown) => {
    setError(t(err instanceof CallTransportError && err.code === 'not-allowed' ? 'lessons.errors.notAllowed' : 'lessons.errors.generic'));
  };
  return (
    <section aria-label={t('lessons.call.region')} className="flex flex-col gap-4" data-transport-state={transport.state}>
      {transport.state === 'reconnecting' ? (
        <p role="status" className="flex items-center gap-2">
          <Spinner />
          {t('lessons.call.reconnecting')}
        </p>
      ) : null}
      {error !== null ? <Alert>{error}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="lesson-grid">
        <Video stream={local.stream} muted label={t('lessons.call.you')} />
        {remotes.map((r) => (
          <div key={r.id} className="flex flex-col gap-1">
            <Video stream={r.stream} muted={false} transport={transport} participantId={r.id} label={r.handRaisedAt === null ? r.displayName : t('lessons.hands.raisedBy', { name: r.displayName })} />
            {teacher ? (
              <Button
                variant="secondary"
                aria-label={t('lessons.moderation.removeName', { name: r.displayName })}
                onClick={() => {
                  transport.removeParticipant(r.id).catch(fail);
                }}
              >
                {t('lessons.moderation.remove')}
              </Button>
            ) : null}
          </div>
        ))}
      </div>
      {teacher ? (
        <HandQueue transport={transport} remotes={remotes} onError={fail} />
      ) : (
        <p role="status">{local.mayPublishAudio ? t('lessons.hands.youMaySpeak') : local.handRaised ? t('lessons.hands.waiting') : null}</p>
      )}
      <div className="flex flex-wrap gap-2" role="toolbar" aria-label={t('lessons.call.controls')}>
        <Button
          variant="secondary"
          aria-pressed={local.audioOn}
          onClick={() => {
            setError(null);
            transport.setAudio(!local.audioOn).catch(fail);
          }}
        >
          {local.audioOn ? t('lessons.call.mute') : t('lessons.call.unmute')}
        </Button>
        <Button variant="secondary" aria-pressed={local.videoOn} disabled={local.stream?.getVideoTracks().length === 0} onClick={() => void transport.setVideo(!local.videoOn)}>
          {local.videoOn ? t('lessons.call.cameraOff') : t('lessons.call.cameraOn')}
        </Button>
        {teacher ? (
          <Button
            variant="secondary"
            onClick={() => {
              setError(null);
              transport.muteAll().catch(fail);
            }}
          >
            {t('lessons.moderation.muteAll')}
          </Button>
        ) : (
          <Button
            variant="secondary"
            aria-pressed={local.handRaised}
            onClick={() => {
              setError(null);
              transport.raiseHand(!local.handRaised).catch(fail);
            }}
          >
            {local.handRaised ? t('lessons.hands.lower') : t('lessons.hands.raise')}
          </Button>
        )}
        <Button onClick={onLeave}>{t('lessons.call.leave')}</Button>
      </div>
    </section>
  );
}

function PreJoin({ teacher, busy, onJoin }: { teacher: boolean; busy: boolean; onJoin: (media: LocalMedia) => void }) {
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
      {audioOnly ? null : <Video stream={preview} muted label={t('lessons.prejoin.preview')} />}
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

/** The class's "Unterricht" tab: pre-join, then the lesson (teachers start it in lesson mode; students join muted). */
export function LessonPanel({
  roomToken,
  createTransport = createConfiguredTransport,
}: {
  roomToken: string;
  /** Talk HPB or LiveKit, as the server is configured (replaceable in tests). */
  createTransport?: (options: { token: string }) => Promise<CallTransport>;
}) {
  const t = useT();
  const room = useQuery({ queryKey: ['lessons', 'room', roomToken], queryFn: ({ signal }) => getRoom({ token: roomToken }, { signal }) });
  const [transport, setTransport] = useState<CallTransport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () => () => {
      void transport?.disconnect();
    },
    [transport],
  );
  if (room.isPending) return <Spinner />;
  if (room.data === undefined) return <Alert>{t('lessons.errors.generic')}</Alert>;
  const teacher = room.data.participantType === PARTICIPANT_OWNER || room.data.participantType === PARTICIPANT_MODERATOR;

  async function join(media: LocalMedia) {
    setBusy(true);
    setError(null);
    let next: CallTransport | null = null;
    try {
      next = await createTransport({ token: roomToken });
      if (teacher) await enableLessonMode(roomToken);
      await next.connect(media);
      setTransport(next);
    } catch (err) {
      await next?.disconnect();
      const code = err instanceof CallTransportError ? err.code : null;
      setError(t(code === 'cannot-start' ? 'lessons.errors.notStarted' : code === 'media-denied' ? 'lessons.errors.mediaDenied' : 'lessons.errors.generic'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <h2 className="text-lg font-semibold">{t('lessons.title')}</h2>
      {error !== null ? <Alert>{error}</Alert> : null}
      {transport === null ? (
        <PreJoin teacher={teacher} busy={busy} onJoin={(m) => void join(m)} />
      ) : (
        <InCall
          transport={transport}
          teacher={teacher}
          onLeave={() => {
            void transport.disconnect();
            setTransport(null);
          }}
        />
      )}
    </div>
  );
}
