/**
 * Picks what carries a class's video lesson from the server's configuration (`GET /api/config`): Talk's
 * high-performance backend, or LiveKit where the school runs one. Each implementation is its own chunk, so a
 * school downloads only the media code it uses; the lesson UI is the same for both.
 */
import { getCallConfig, type CallConfig } from '../../../api/livekit/livekit';
import type { CallTransport } from './call-transport';

export interface CreateTransportOptions {
  /** The class's Talk conversation token. */
  token: string;
  /** The server configuration (fetched when not given). */
  config?: CallConfig;
}

export async function createTransport({ token, config }: CreateTransportOptions): Promise<CallTransport> {
  const chosen = config ?? (await getCallConfig());
  if (chosen.callTransport === 'livekit') {
    const { LiveKitTransport } = await import('./livekit-transport');
    return new LiveKitTransport({ token });
  }
  const { TalkHpbTransport } = await import('./talk-hpb-transport');
  return new TalkHpbTransport({ token });
}
