import { z } from 'zod';
import type { operations } from '../generated/provisioning-api';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

type EditUserBody = NonNullable<operations['users-edit-user']['requestBody']>['content']['application/json'];

/**
 * PUT /cloud/users/{userId} key=language: the user's own Nextcloud language (what Nextcloud writes in when it
 * renders for them: notifications, e-mails). It wins over the Accept-Language the app sends. Nextcloud refuses
 * it (403) where the admin fixed the language (force_language).
 */
export async function setOwnLanguage({ userId, language }: { userId: string; language: string }, { signal }: CallOptions = {}): Promise<void> {
  const json: EditUserBody = { key: 'language', value: language };
  await ocsRequest(`/ocs/v2.php/cloud/users/${encodeURIComponent(userId)}`, z.unknown(), { method: 'PUT', json, signal });
}
