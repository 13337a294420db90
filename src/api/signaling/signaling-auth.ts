/**
 * From Talk's signaling settings to what the standalone signaling server needs: its WebSocket URL and the hello
 * credentials (the v2 token, whose issuer is the Nextcloud URL the signaling server validates against; the
 * browser itself only knows the gateway).
 */
import type { SignalingSettings } from '../talk/call';
import type { SignalingAuth } from './signaling-connection';

/** True when Talk uses a high-performance backend (external signaling with a server). */
export function hasHpb(settings: SignalingSettings): boolean {
  return settings.signalingMode === 'external' && settings.server !== '';
}

/** ws(s)://host/spreed for the server the settings name. */
export function signalingUrl(settings: SignalingSettings): string {
  return `${settings.server.replace(/^http/, 'ws').replace(/\/+$/, '')}/spreed`;
}

/** The Nextcloud URL: the v2 token's issuer. */
function backendFromToken(token: string): string | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iss?: unknown };
    return typeof json.iss === 'string' ? json.iss.replace(/\/+$/, '') : null;
  } catch (err) {
    console.warn('signaling: unreadable signaling token', err);
    return null;
  }
}

/** The v2 hello credentials; null when the token names no backend. */
export function helloAuth(settings: SignalingSettings): SignalingAuth | null {
  const v2 = settings.helloAuthParams['2.0'].token;
  const backend = backendFromToken(v2);
  if (backend === null) return null;
  return { url: `${backend}/ocs/v2.php/apps/spreed/api/v3/signaling/backend`, version: '2.0', params: { token: v2 } };
}
