import { normaliseReturnTo } from '../../src/lib/return-to.js';

/**
 * Where a login may return to. The decision is the app's own `normaliseReturnTo` (src/lib/return-to.ts, no
 * imports, shared on purpose): the gateway and the app accept exactly the same paths and both hand on the
 * normalised value, never the raw string. The gateway adds one last check against its real origin: the
 * path, resolved as the browser will resolve the Location header, must land on the app.
 */
export function safeReturnTo(raw: unknown, publicOrigin: string): string {
  const path = normaliseReturnTo(raw);
  return new URL(path, publicOrigin).origin === publicOrigin ? path : '/';
}
