import { z } from 'zod';
import type { operations } from '../generated/user-status';
import { readBody, send, type CallOptions } from '../client';
import { unwrapOcs } from '../ocs';

/** The user_status app's heartbeat (what Nextcloud's own web client sends to keep the user online or away). */

type HeartbeatBody = operations['heartbeat-heartbeat']['requestBody']['content']['application/json'];

export type HeartbeatStatus = 'online' | 'away';

const HEARTBEAT = '/ocs/v2.php/apps/user_status/api/v1/heartbeat';

/** The own status after the heartbeat; a status the user chose (dnd, invisible, "in a call") stays. */
const privateStatusSchema = z.object({ userId: z.string(), status: z.string() });

export type OwnStatus = z.infer<typeof privateStatusSchema>;

/**
 * PUT /heartbeat {status}: Nextcloud keeps the automatic status for 15 minutes after the last beat. Answers the
 * own status, or null (204) when the user has no status Nextcloud could keep alive.
 */
export async function sendHeartbeat({ status }: { status: HeartbeatStatus }, { signal }: CallOptions = {}): Promise<OwnStatus | null> {
  const json: HeartbeatBody = { status };
  const response = await send(HEARTBEAT, { method: 'PUT', headers: { 'OCS-APIRequest': 'true' }, json, signal });
  if (response.status === 204) {
    await response.body?.cancel();
    return null;
  }
  return unwrapOcs(response, await readBody(response), privateStatusSchema);
}
