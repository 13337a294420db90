import { z } from 'zod';
import type { components } from '../generated/notifications';
import { readBody, send, type CallOptions } from '../client';
import { ocsRequest, unwrapOcs } from '../ocs';

/** Nextcloud notifications (apps/notifications API v2): list with ETag, delete one, delete all. */

type NcNotification = components['schemas']['Notification'];

const NOTIFICATIONS = '/ocs/v2.php/apps/notifications/api/v2/notifications';

const notificationSchema = z.object({
  notification_id: z.number(),
  app: z.string(),
  datetime: z.string(),
  object_type: z.string(),
  object_id: z.string(),
  subject: z.string(),
  message: z.string(),
  link: z.string(),
  subjectRich: z.string().optional(),
}) satisfies z.ZodType<Pick<NcNotification, 'notification_id' | 'app' | 'datetime' | 'object_type' | 'object_id' | 'subject' | 'message' | 'link' | 'subjectRich'>>;

export type AppNotification = z.infer<typeof notificationSchema>;

export type NotificationList =
  | { changed: true; notifications: AppNotification[]; etag: string | null }
  | { changed: false; etag: string | null };

/**
 * GET the list; with `etag` the server answers 304 when nothing changed (no body to transfer or parse).
 */
export async function listNotifications({ etag }: { etag?: string | null }, { signal }: CallOptions = {}): Promise<NotificationList> {
  const headers: Record<string, string> = { 'OCS-APIRequest': 'true' };
  if (etag) headers['If-None-Match'] = etag;
  const response = await send(NOTIFICATIONS, { headers, signal });
  const newEtag = response.headers.get('ETag') ?? etag ?? null;
  if (response.status === 304) {
    await response.body?.cancel();
    return { changed: false, etag: newEtag };
  }
  const body = await readBody(response);
  const notifications = unwrapOcs(response, body, z.array(notificationSchema));
  return { changed: true, notifications, etag: newEtag };
}

export async function deleteNotification({ id }: { id: number }, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(`${NOTIFICATIONS}/${id}`, z.unknown(), { method: 'DELETE', signal });
}

export async function deleteAllNotifications(_params: Record<string, never> = {}, { signal }: CallOptions = {}): Promise<void> {
  await ocsRequest(NOTIFICATIONS, z.unknown(), { method: 'DELETE', signal });
}

/** The poll interval Nextcloud asks clients to use (capabilities core.pollinterval, seconds). */
export async function getPollIntervalSeconds(_params: Record<string, never> = {}, { signal }: CallOptions = {}): Promise<number> {
  const data = await ocsRequest(
    '/ocs/v2.php/cloud/capabilities',
    z.object({ capabilities: z.object({ core: z.object({ pollinterval: z.number().optional() }).optional() }) }),
    { signal },
  );
  return data.capabilities.core?.pollinterval ?? 60;
}
