import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { CallTransportError, type CallTransport, type RemoteParticipant } from '../transport/call-transport';
import { VideoTile } from './video-tile';

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

export function CallView({ transport, teacher, onLeave }: { transport: CallTransport; teacher: boolean; onLeave: () => void }) {
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
        <VideoTile stream={local.stream} muted label={t('lessons.call.you')} />
        {remotes.map((r) => (
          <div key={r.id} className="flex flex-col gap-1">
            <VideoTile stream={r.stream} muted={false} transport={transport} participantId={r.id} label={r.handRaisedAt === null ? r.displayName : t('lessons.hands.raisedBy', { name: r.displayName })} />
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
