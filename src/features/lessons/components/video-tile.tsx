import { useEffect, useRef } from 'react';
import type { CallTransport, ConnectionQuality } from '../transport/call-transport';
import { ConnectionQualityBadge } from './connection-quality';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

export interface VideoTileProps {
  stream: MediaStream | null;
  muted: boolean;
  /** The tile's accessible name (e.g. "Lena Becker (meldet sich)"). */
  label: string;
  /** The person's name, for the initials shown without video (defaults to the label). */
  name?: string;
  transport?: CallTransport;
  participantId?: string;
  /** A shared screen rather than the camera (played through the transport's screen attach when it has one). */
  screen?: boolean;
  /** False: the initials instead of the picture (camera off, or beyond the cap of decoded videos). Sound still plays. */
  showVideo?: boolean;
  speaking?: boolean;
  quality?: ConnectionQuality;
  size?: 'large' | 'normal';
}

/** One camera picture (or shared screen) with its name; remote media is played through the transport when it wants the element. */
export function VideoTile({ stream, muted, label, name, transport, participantId, screen = false, showVideo = true, speaking = false, quality, size = 'normal' }: VideoTileProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return undefined;
    // Transports that play media themselves (LiveKit's adaptive stream watches the element) get the element.
    if (transport?.attachMedia !== undefined && participantId !== undefined) return transport.attachMedia(participantId, el, screen ? 'screen' : 'media');
    if (el.srcObject !== stream) el.srcObject = stream;
    return undefined;
  }, [stream, transport, participantId, screen]);
  return (
    <figure
      className={`relative flex min-w-0 flex-col overflow-hidden rounded-xl bg-slate-900 text-white ${speaking ? 'ring-4 ring-emerald-400' : ''}`}
      data-speaking={speaking}
      data-video={showVideo ? 'on' : 'off'}
    >
      {/* The element stays without video too: it plays the participant's sound. */}
      <video ref={ref} autoPlay playsInline muted={muted} hidden={!showVideo} className={`aspect-video w-full ${screen ? 'object-contain' : 'object-cover'}`} aria-label={label}>
        {/* Live camera pictures carry no captions; the element needs a track to say so. */}
        <track kind="captions" />
      </video>
      {showVideo ? null : (
        <div className="flex aspect-video w-full items-center justify-center" aria-hidden="true">
          <span className={`flex items-center justify-center rounded-full bg-slate-600 font-semibold ${size === 'large' ? 'h-24 w-24 text-3xl' : 'h-12 w-12 text-lg'}`}>{initials(name ?? label)}</span>
        </div>
      )}
      <figcaption className="flex flex-wrap items-center justify-between gap-x-2 px-3 py-1 text-sm">
        <span className="min-w-0 break-words">{label}</span>
        {quality === undefined ? null : <ConnectionQualityBadge quality={quality} />}
      </figcaption>
    </figure>
  );
}
