/** The dev server's side of Talk's high-performance backend: the signaling backend API and the room notifier. */
import type { App } from '../context.js';
import { configureSignalingBackend, type SignalingBackendConfig } from './backend.js';
import { startSignalingNotifier } from './notifier.js';

export { signalingBackendRoutes } from './backend.js';

/** Configures the shared secret and, with a signaling server, starts notifying it; returns the stop function. */
export function installSignaling(app: App, server: SignalingBackendConfig | undefined): () => void {
  configureSignalingBackend(app, server);
  if (server === undefined) return () => undefined;
  const notifier = startSignalingNotifier(app);
  return () => {
    notifier.stop();
  };
}
