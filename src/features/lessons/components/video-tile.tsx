import { useEffect, useRef } from 'react';
import type { CallTransport } from '../transport/call-transport';

/** One camera picture with its name; remote media is played through the transport when it wants the element. */
export function VideoTile({ stream, muted, label, transport, participantId }: { stream: MediaStream | null; muted: boolean; label: string; transport?: CallTransport; participantId?: string }) {
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
