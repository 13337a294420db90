import type { NextcloudClient } from './nextcloud-client.js';
import { authorizationHeader } from './nextcloud-auth.js';
import type { SessionAuth } from './session-store.js';
import type { FirstWave } from '../../src/api/gateway-contract.js';

/** How long the session answer waits for Nextcloud; after that the app asks itself (as before). */
export const FIRST_WAVE_TIMEOUT_MS = 3_000;

/** The fields of cloud/user the app reads (src/api/core/current-user.ts); nothing else is passed on. */
const USER_FIELDS = ['id', 'displayname', 'display-name', 'email', 'groups', 'language'] as const;

async function ocsData(client: NextcloudClient, path: string, auth: SessionAuth, clientIp: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await client.call(path, {
      headers: { authorization: authorizationHeader(auth), 'ocs-apirequest': 'true', accept: 'application/json', 'x-forwarded-for': clientIp },
      timeoutMs: FIRST_WAVE_TIMEOUT_MS,
    });
    if (res.status !== 200) return null;
    const body = JSON.parse(res.body.toString('utf8')) as { ocs?: { data?: unknown } };
    const data = body.ocs?.data;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What the app's first screen needs from Nextcloud besides the session, fetched server to server while the
 * gateway answers GET /auth/session, so the browser does not wait a round trip for it: the user (with
 * groups and language, from cloud/user) and the capability it uses (core.pollinterval). Whatever fails or
 * takes too long is left out; the app then asks Nextcloud itself, through the relay, as before.
 */
export async function fetchFirstWave(client: NextcloudClient, auth: SessionAuth, clientIp: string): Promise<FirstWave> {
  const [user, capabilities] = await Promise.all([
    ocsData(client, '/ocs/v2.php/cloud/user?format=json', auth, clientIp),
    ocsData(client, '/ocs/v2.php/cloud/capabilities?format=json', auth, clientIp),
  ]);
  const wave: FirstWave = {};
  if (user !== null && typeof user['id'] === 'string') {
    wave.currentUser = Object.fromEntries(USER_FIELDS.filter((f) => f in user).map((f) => [f, user[f]]));
  }
  const core = (capabilities?.['capabilities'] as { core?: { pollinterval?: unknown } } | undefined)?.core;
  if (typeof core?.pollinterval === 'number') wave.pollInterval = core.pollinterval;
  return wave;
}
