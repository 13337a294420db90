import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { DESKTOP_MIN_WIDTH, hasCameraVideo, pickFeatured, videoCap, videoWanted } from '../lib/call-layout';
import { useRateLimited } from '../lib/use-rate-limited';
import { useViewportWidth } from '../lib/use-viewport-width';
import { CallTransportError, type CallTransport, type ConnectionQuality, type RemoteParticipant } from '../transport/call-transport';
import { ConnectionQualityBadge } from './connection-quality';
import { VideoTile } from './video-tile';
import { Loading } from '../../../components/ui/query-state';

/** How often the screen reader hears who speaks, at most. */
const SPEAKER_ANNOUNCE_GAP_MS = 3000;

type Layout = 'grid' | 'speaker';

/** Re-renders on every transport event; the transport holds the truth (participants, mute state). */
function useTransportSnapshot(transport: CallTransport) {
  const version = useRef(0);
  return useSyncExternalStore(
    (notify) => {
      const offs = (['state', 'participantJoined', 'participantLeft', 'participantChanged', 'local', 'reconnected', 'speaking', 'quality'] as const).map((e) =>
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

/** Tells the transport whose camera video to receive; only changes are sent (never told means wanted). */
function useVideoWanted(transport: CallTransport, wanted: Map<string, boolean>) {
  const told = useRef(new Map<string, boolean>());
  useEffect(() => {
    for (const [id, want] of wanted) {
      if ((told.current.get(id) ?? true) === want) continue;
      told.current.set(id, want);
      transport.setRemoteVideoWanted?.(id, want);
    }
    for (const id of [...told.current.keys()]) if (!wanted.has(id)) told.current.delete(id);
  });
}

/** The featured participant of the speaker view, kept steady across renders (see pickFeatured). */
function useFeatured(remotes: RemoteParticipant[]): { featured: string | null; speaker: RemoteParticipant | undefined } {
  const [memory, setMemory] = useState<{ featured: string | null; lastSpeaker: string | null }>({ featured: null, lastSpeaker: null });
  const featured = pickFeatured(remotes, memory.featured, memory.lastSpeaker);
  const speaking = remotes.filter((r) => r.speaking);
  const speaker = speaking.find((r) => r.id === memory.lastSpeaker) ?? speaking[0];
  const lastSpeaker = speaker?.id ?? memory.lastSpeaker;
  // Derived state, adjusted while rendering (React re-renders at once, before the screen updates).
  if (featured !== memory.featured || lastSpeaker !== memory.lastSpeaker) setMemory({ featured, lastSpeaker });
  return { featured, speaker };
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

export function CallView({ transport, teacher, onLeave, sidePanel }: { transport: CallTransport; teacher: boolean; onLeave: () => void; sidePanel?: ReactNode }) {
  const t = useT();
  const id = useId();
  useTransportSnapshot(transport);
  const [error, setError] = useState<string | null>(null);
  const [layout, setLayout] = useState<Layout>('grid');
  const [chatOpen, setChatOpen] = useState(false);
  const width = useViewportWidth();
  const wide = width >= DESKTOP_MIN_WIDTH;
  const local = transport.local;
  const remotes: RemoteParticipant[] = transport.participants();
  useWithdrawOnLoweredHand(transport, remotes, teacher);
  const { featured, speaker } = useFeatured(remotes);
  const wanted = videoWanted(remotes, videoCap(width), layout === 'speaker' ? featured : (speaker?.id ?? null));
  useVideoWanted(transport, wanted);

  // A new shared screen is shown large: the view switches to the speaker view (the user may switch back).
  const sharer = remotes.find((r) => r.screenStream !== null);
  const sharerId = sharer?.id ?? null;
  const shownSharer = useRef<string | null>(null);
  useEffect(() => {
    if (sharerId !== null && sharerId !== shownSharer.current) setLayout('speaker');
    shownSharer.current = sharerId;
  }, [sharerId]);

  const announced = useRateLimited(speaker?.displayName ?? null, SPEAKER_ANNOUNCE_GAP_MS);
  const ownQuality: ConnectionQuality = local.quality ?? (transport.state === 'reconnecting' ? 'lost' : 'good');

  // Students' cameras allowed (lesson mode starts with them on); the teacher's switch turns them off for all.
  const [studentCameras, setStudentCameras] = useState(true);
  const fail = (err: unknown) => {
    setError(t(err instanceof CallTransportError && err.code === 'not-allowed' ? 'lessons.errors.notAllowed' : 'lessons.errors.generic'));
  };
  const failScreen = (err: unknown) => {
    const code = err instanceof CallTransportError ? err.code : null;
    setError(t(code === 'not-allowed' ? 'lessons.screen.notAllowed' : code === 'media-denied' ? 'lessons.screen.cancelled' : 'lessons.errors.generic'));
  };

  // The own connection's quality is shown once, above the call.
  const localTile = <VideoTile stream={local.stream} muted label={t('lessons.call.you')} showVideo={local.videoOn} />;
  const remoteTile = (r: RemoteParticipant, size: 'large' | 'normal' = 'normal') => (
    <div key={r.id} className="flex min-w-0 flex-col gap-1">
      <VideoTile
        stream={r.stream}
        muted={false}
        transport={transport}
        participantId={r.id}
        name={r.displayName}
        label={r.handRaisedAt === null ? r.displayName : t('lessons.hands.raisedBy', { name: r.displayName })}
        showVideo={hasCameraVideo(r) && wanted.get(r.id) !== false}
        speaking={r.speaking}
        quality={r.quality}
        size={size}
      />
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
  );

  const featuredRemote = remotes.find((r) => r.id === featured);
  const screenTile =
    sharer?.screenStream != null ? (
      <VideoTile stream={sharer.screenStream} muted transport={transport} participantId={sharer.id} screen label={t('lessons.screen.of', { name: sharer.displayName })} size="large" />
    ) : null;
  const stage =
    layout === 'grid' ? (
      <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,14rem),1fr))] gap-3" data-testid="lesson-grid">
        {/* A shared screen stays readable in the gallery too: the whole row. */}
        {screenTile === null ? null : <div className="col-span-full">{screenTile}</div>}
        {localTile}
        {remotes.map((r) => remoteTile(r))}
      </div>
    ) : (
      <div className="flex flex-col gap-3" data-testid="lesson-speaker">
        <section aria-label={t('lessons.layout.featured')}>
          {screenTile !== null ? (
            screenTile
          ) : featuredRemote !== undefined ? (
            remoteTile(featuredRemote, 'large')
          ) : (
            localTile
          )}
        </section>
        <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,9rem),1fr))] gap-2">
          {featuredRemote !== undefined || sharer !== undefined ? localTile : null}
          {remotes.filter((r) => r.id !== featuredRemote?.id || sharer !== undefined).map((r) => remoteTile(r))}
        </div>
      </div>
    );

  const mayShare = transport.setScreenShare !== undefined && (local.mayPublishScreen || local.screenSharing);
  const chatId = `${id}-chat`;
  const chatShown = sidePanel !== undefined && (wide || chatOpen);

  return (
    <div className={wide && sidePanel !== undefined ? 'flex items-start gap-4' : 'flex flex-col gap-4'}>
      <section aria-label={t('lessons.call.region')} className="flex min-w-0 flex-1 flex-col gap-4" data-transport-state={transport.state} data-layout={layout}>
        {transport.state === 'reconnecting' ? (
          <Loading label={t('lessons.call.reconnecting')} />
        ) : null}
        {error !== null ? <Alert>{error}</Alert> : null}
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div role="group" aria-label={t('lessons.layout.label')} className="flex flex-wrap gap-2">
            <Button variant="secondary" aria-pressed={layout === 'grid'} onClick={() => setLayout('grid')}>
              {t('lessons.layout.grid')}
            </Button>
            <Button variant="secondary" aria-pressed={layout === 'speaker'} onClick={() => setLayout('speaker')}>
              {t('lessons.layout.speaker')}
            </Button>
          </div>
          <p className="text-sm">
            <span className="sr-only">{t('lessons.quality.own')} </span>
            <ConnectionQualityBadge quality={ownQuality} />
          </p>
        </div>
        {stage}
        <p aria-live="polite" className="sr-only">
          {announced === null ? '' : t('lessons.call.speakingNow', { name: announced })}
        </p>
        {local.screenSharing ? <p role="status">{t('lessons.screen.youShare')}</p> : null}
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
          <Button
            variant="secondary"
            aria-pressed={local.videoOn}
            onClick={() => {
              setError(null);
              transport.setVideo(!local.videoOn).catch((err: unknown) => {
                const code = err instanceof CallTransportError ? err.code : null;
                setError(t(code === 'not-allowed' ? 'lessons.errors.cameraNotAllowed' : code === 'media-denied' ? 'lessons.errors.mediaDenied' : 'lessons.errors.generic'));
              });
            }}
          >
            {local.videoOn ? t('lessons.call.cameraOff') : t('lessons.call.cameraOn')}
          </Button>
          {mayShare ? (
            <Button
              variant="secondary"
              aria-pressed={local.screenSharing}
              onClick={() => {
                setError(null);
                transport.setScreenShare?.(!local.screenSharing).catch(failScreen);
              }}
            >
              {local.screenSharing ? t('lessons.screen.stop') : t('lessons.screen.start')}
            </Button>
          ) : null}
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
          ) : null}
          {teacher && transport.setStudentCameras !== undefined ? (
            <Button
              variant="secondary"
              aria-pressed={!studentCameras}
              onClick={() => {
                setError(null);
                const next = !studentCameras;
                transport
                  .setStudentCameras?.(next)
                  .then(() => {
                    setStudentCameras(next);
                  })
                  .catch(fail);
              }}
            >
              {t('lessons.moderation.studentCamerasOff')}
            </Button>
          ) : null}
          {teacher ? null : (
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
          {sidePanel !== undefined && !wide ? (
            <Button variant="secondary" aria-expanded={chatOpen} aria-controls={chatId} onClick={() => setChatOpen(!chatOpen)}>
              {chatOpen ? t('lessons.call.hideChat') : t('lessons.call.showChat')}
            </Button>
          ) : null}
          <Button onClick={onLeave}>{t('lessons.call.leave')}</Button>
        </div>
      </section>
      {sidePanel !== undefined ? (
        <aside id={chatId} aria-label={t('lessons.call.chat')} hidden={!chatShown} className={wide ? 'w-80 shrink-0 xl:w-96' : 'w-full'}>
          {chatShown ? sidePanel : null}
        </aside>
      ) : null}
    </div>
  );
}
