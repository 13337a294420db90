import { z } from 'zod';
import type { CallOptions, NoParams } from '../client';
import { ocsRequest } from '../ocs';

export interface CurrentUser {
  id: string;
  displayName: string;
  email: string | null;
  groups: string[];
  /** Nextcloud language code, e.g. "de", "en"; null when the user never chose one. */
  language: string | null;
}

const userSchema = z.object({
  id: z.string(),
  displayname: z.string().nullish(),
  'display-name': z.string().nullish(),
  email: z.string().nullish(),
  groups: z.array(z.string()).default([]),
  language: z.string().nullish(),
});

function toCurrentUser(data: z.infer<typeof userSchema>): CurrentUser {
  const displayName = data.displayname || data['display-name'] || data.id;
  return {
    id: data.id,
    displayName,
    email: data.email || null,
    groups: data.groups,
    language: data.language || null,
  };
}

/** GET /ocs/v2.php/cloud/user: the signed-in user (through the gateway). */
export async function getCurrentUser(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<CurrentUser> {
  return toCurrentUser(await ocsRequest('/ocs/v2.php/cloud/user', userSchema, { signal }));
}

/** The same user from cloud/user's OCS data the gateway passed on with the session (`firstWave`); null
 * when it does not have the expected shape. */
export function currentUserFromOcsData(data: unknown): CurrentUser | null {
  const parsed = userSchema.safeParse(data);
  return parsed.success ? toCurrentUser(parsed.data) : null;
}
