/**
 * Who is shown large and whose camera video is received in the call view. Pure functions, transport-neutral.
 * Decoding many videos at once overloads school tablets and phones, so the number of remote camera videos is
 * capped by the screen: participants beyond the cap get a tile with their initials and the transport is told not
 * to receive their video (CallTransport.setRemoteVideoWanted).
 */
import type { RemoteParticipant } from '../transport/call-transport';

/** Below this viewport width (px) the device counts as a tablet or phone. */
export const DESKTOP_MIN_WIDTH = 1024;
export const VIDEO_CAP_SMALL = 9;
export const VIDEO_CAP_DESKTOP = 16;

export function videoCap(viewportWidth: number): number {
  return viewportWidth < DESKTOP_MIN_WIDTH ? VIDEO_CAP_SMALL : VIDEO_CAP_DESKTOP;
}

/** The remote camera video is (or may be) coming: published, or a live track with frames. */
export function hasCameraVideo(p: RemoteParticipant): boolean {
  if (p.videoPublished) return true;
  return (p.stream?.getVideoTracks() ?? []).some((t) => t.readyState === 'live' && !t.muted);
}

/**
 * The participant shown large in the speaker view: whoever shares a screen; else who speaks (the current one
 * stays while still speaking, so two speakers do not flip the view); else the last speaker; else a teacher; else
 * the first participant. Null when nobody else is in the call.
 */
export function pickFeatured(remotes: readonly RemoteParticipant[], currentId: string | null, lastSpeakerId: string | null): string | null {
  const sharing = remotes.find((r) => r.screenStream !== null);
  if (sharing !== undefined) return sharing.id;
  const speaking = remotes.filter((r) => r.speaking);
  if (speaking.some((r) => r.id === currentId)) return currentId;
  const first = speaking[0];
  if (first !== undefined) return first.id;
  if (lastSpeakerId !== null && remotes.some((r) => r.id === lastSpeakerId)) return lastSpeakerId;
  return remotes.find((r) => r.moderator === true)?.id ?? remotes[0]?.id ?? null;
}

/**
 * The remotes whose camera video is received: `first` (the featured participant) before the others, then in
 * order, until `cap` videos. Participants without a camera video never count against the cap and stay "wanted"
 * (their video comes as soon as they switch the camera on and there is room).
 */
export function videoWanted(remotes: readonly RemoteParticipant[], cap: number, first: string | null): Map<string, boolean> {
  const wanted = new Map<string, boolean>();
  let used = 0;
  const ordered = [...remotes.filter((r) => r.id === first), ...remotes.filter((r) => r.id !== first)];
  for (const r of ordered) {
    if (!hasCameraVideo(r)) {
      wanted.set(r.id, true);
      continue;
    }
    wanted.set(r.id, used < cap);
    if (used < cap) used++;
  }
  return wanted;
}
