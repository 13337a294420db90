import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { DESKTOP_MIN_WIDTH, pickFeatured, videoCap, videoWanted } from '../lib/call-layout';
import { useRateLimited } from '../lib/use-rate-limited';
import { useViewportWidth } from '../lib/use-viewport-width';
import { CallTransportError, type CallTransport, type ConnectionQuality, type RemoteParticipant } from '../transport/call-transport';
import { CallControls } from './call-controls';
import { CallStage, type Layout } from './call-stage';
import { ConnectionQualityBadge } from './connection-quality';
import { HandQueue } from './hand-queue';
import { Loading } from '../../../components/ui/query-state';

/** How often the screen reader hears who speaks, at most. */
const SPEAKER_ANNOUNCE_GAP_MS = 3000;

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

/** The view, switched to the speaker view when a new screen is shared (shown large; the user may switch back). */
function useLayout(sharerId: string | null): [Layout, (layout: Layout) => void] {
  const [layout, setLayout] = useState<Layout>('grid');
  const shownSharer = useRef<string | null>(null);
  useEffect(() => {
    if (sharerId !== null && sharerId !== shownSharer.current) setLayout('speaker');
    shownSharer.current = sharerId;
  }, [sharerId]);
  return [layout, setLayout];
}

/** Grid or speaker view, and the own connection's quality (shown once, above the call). */
function CallHeader({ layout, setLayout, quality }: { layout: Layout; setLayout: (layout: Layout) => void; quality: ConnectionQuality }) {
  const t = useT();
  return (
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
        <ConnectionQualityBadge quality={quality} />
      </p>
    </div>
  );
}

export function CallView({ transport, teacher, onLeave, sidePanel }: { transport: CallTransport; teacher: boolean; onLeave: () => void; sidePanel?: ReactNode }) {
  const t = useT();
  const id = useId();
  useTransportSnapshot(transport);
  const [error, setError] = useState<string | null>(null);
  const [chatOpen, setChatOpen] = useState(false);
  const width = useViewportWidth();
  const wide = width >= DESKTOP_MIN_WIDTH;
  const local = transport.local;
  const remotes: RemoteParticipant[] = transport.participants();
  const sharer = remotes.find((r) => r.screenStream !== null);
  const [layout, setLayout] = useLayout(sharer?.id ?? null);
  useWithdrawOnLoweredHand(transport, remotes, teacher);
  const { featured, speaker } = useFeatured(remotes);
  const wanted = videoWanted(remotes, videoCap(width), layout === 'speaker' ? featured : (speaker?.id ?? null));
  useVideoWanted(transport, wanted);
  const announced = useRateLimited(speaker?.displayName ?? null, SPEAKER_ANNOUNCE_GAP_MS);
  const ownQuality: ConnectionQuality = local.quality ?? (transport.state === 'reconnecting' ? 'lost' : 'good');
  const fail = (err: unknown) => {
    setError(t(err instanceof CallTransportError && err.code === 'not-allowed' ? 'lessons.errors.notAllowed' : 'lessons.errors.generic'));
  };
  const chatId = `${id}-chat`;
  const chatShown = sidePanel !== undefined && (wide || chatOpen);

  return (
    <div className={wide && sidePanel !== undefined ? 'flex items-start gap-4' : 'flex flex-col gap-4'}>
      <section aria-label={t('lessons.call.region')} className="flex min-w-0 flex-1 flex-col gap-4" data-transport-state={transport.state} data-layout={layout}>
        {transport.state === 'reconnecting' ? <Loading label={t('lessons.call.reconnecting')} /> : null}
        {error !== null ? <Alert>{error}</Alert> : null}
        <CallHeader layout={layout} setLayout={setLayout} quality={ownQuality} />
        <CallStage layout={layout} remotes={remotes} featured={featured} sharer={sharer} transport={transport} teacher={teacher} wanted={wanted} onError={fail} />
        <p aria-live="polite" className="sr-only">
          {announced === null ? '' : t('lessons.call.speakingNow', { name: announced })}
        </p>
        {local.screenSharing ? <p role="status">{t('lessons.screen.youShare')}</p> : null}
        {teacher ? (
          <HandQueue transport={transport} remotes={remotes} onError={fail} />
        ) : (
          <p role="status">{local.mayPublishAudio ? (local.audioOn ? t('lessons.hands.youSpeak') : t('lessons.hands.youMaySpeak')) : local.handRaised ? t('lessons.hands.waiting') : null}</p>
        )}
        <CallControls
          transport={transport}
          teacher={teacher}
          setError={setError}
          fail={fail}
          chat={sidePanel !== undefined && !wide ? { id: chatId, open: chatOpen, toggle: () => setChatOpen(!chatOpen) } : null}
          onLeave={onLeave}
        />
      </section>
      {sidePanel !== undefined ? (
        <aside id={chatId} aria-label={t('lessons.call.chat')} hidden={!chatShown} className={wide ? 'w-80 shrink-0 xl:w-96' : 'w-full'}>
          {chatShown ? sidePanel : null}
        </aside>
      ) : null}
    </div>
  );
}
