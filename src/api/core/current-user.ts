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

/** GET /ocs/v2.php/cloud/user: the signed-in user (through the gateway). */
export async function getCurrentUser(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<CurrentUser> {
  const data = await ocsRequest('/ocs/v2.php/cloud/user', userSchema, { signal });
  const displayName = data.displayname || data['display-name'] || data.id;
  return {
    id: data.id,
    displayName,
    email: data.email || null,
    groups: data.groups,
    language: data.language || null,
  };
}
