import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { hasCameraVideo } from '../lib/call-layout';
import type { CallTransport, RemoteParticipant } from '../transport/call-transport';
import { VideoTile } from './video-tile';

export type Layout = 'grid' | 'speaker';

interface TileProps {
  transport: CallTransport;
  teacher: boolean;
  /** Whose camera video is received (absent: wanted). */
  wanted: Map<string, boolean>;
  onError: (err: unknown) => void;
}

/** A remote participant's picture (their raised hand in its name), with "Entfernen" for teachers. */
function RemoteTile({ participant: r, size = 'normal', transport, teacher, wanted, onError }: TileProps & { participant: RemoteParticipant; size?: 'large' | 'normal' }) {
  const t = useT();
  return (
    <div className="flex min-w-0 flex-col gap-1">
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
            transport.removeParticipant(r.id).catch(onError);
          }}
        >
          {t('lessons.moderation.remove')}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * The call's pictures: the gallery (a shared screen across the whole row first), or the speaker view with the shared
 * screen or the featured participant large and everyone else small below.
 */
export function CallStage({
  layout,
  remotes,
  featured,
  sharer,
  ...tiles
}: TileProps & { layout: Layout; remotes: RemoteParticipant[]; featured: string | null; sharer: RemoteParticipant | undefined }) {
  const t = useT();
  const { transport } = tiles;
  const local = transport.local;
  // The own connection's quality is shown once, above the call.
  const localTile = <VideoTile stream={local.stream} muted label={t('lessons.call.you')} showVideo={local.videoOn} />;
  const remoteTile = (r: RemoteParticipant, size: 'large' | 'normal' = 'normal') => <RemoteTile key={r.id} participant={r} size={size} {...tiles} />;
  const featuredRemote = remotes.find((r) => r.id === featured);
  const screenTile =
    sharer?.screenStream != null ? (
      <VideoTile stream={sharer.screenStream} muted transport={transport} participantId={sharer.id} screen label={t('lessons.screen.of', { name: sharer.displayName })} size="large" />
    ) : null;
  if (layout === 'grid') {
    return (
      <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,14rem),1fr))] items-start gap-3" data-testid="lesson-grid">
        {/* A shared screen stays readable in the gallery too: the whole row. */}
        {screenTile === null ? null : <div className="col-span-full">{screenTile}</div>}
        {localTile}
        {remotes.map((r) => remoteTile(r))}
      </div>
    );
  }
  return (
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
      <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,9rem),1fr))] items-start gap-2">
        {featuredRemote !== undefined || sharer !== undefined ? localTile : null}
        {remotes.filter((r) => r.id !== featuredRemote?.id || sharer !== undefined).map((r) => remoteTile(r))}
      </div>
    </div>
  );
}
