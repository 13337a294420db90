import { queryOptions, useQuery } from '@tanstack/react-query';
import { getCallConfig } from '../../../api/livekit/livekit';
import { hasHpb } from '../../../api/signaling/signaling-auth';
import { getSignalingSettings } from '../../../api/talk/call';

/** Whether this server can carry video lessons at all: LiveKit through the gateway, or Talk with a high-performance backend. */
export type VideoSetup = 'ready' | 'not-configured';

export const videoSetupKeys = {
  room: (token: string) => ['lessons', 'video-setup', token] as const,
};

/**
 * Asks once per lesson tab: the gateway's call transport, and for Talk its signaling settings. Talk without an HPB
 * answers `signalingMode: "internal"` and an empty `server` (Talk's settings docs: internal when no HPB is
 * configured); such a Talk carries no lesson video, so there is nothing to queue for.
 */
export async function getVideoSetup(token: string, signal?: AbortSignal): Promise<VideoSetup> {
  const config = await getCallConfig({ signal });
  if (config.callTransport === 'livekit') return 'ready';
  const settings = await getSignalingSettings({ token }, { signal });
  return hasHpb(settings) ? 'ready' : 'not-configured';
}

export function videoSetupQueryOptions(token: string, check: (token: string, signal: AbortSignal) => Promise<VideoSetup> = getVideoSetup) {
  return queryOptions({
    queryKey: videoSetupKeys.room(token),
    queryFn: ({ signal }) => check(token, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useVideoSetup(token: string, check?: (token: string, signal: AbortSignal) => Promise<VideoSetup>) {
  return useQuery(videoSetupQueryOptions(token, check));
}
