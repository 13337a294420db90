import { z } from 'zod';
import type { components } from '../generated/core';
import type { CallOptions, NoParams } from '../client';
import { ocsRequest } from '../ocs';

/** Teams (the Circles app) the user belongs to, and what each team has linked to it. */

type CoreTeamResource = components['schemas']['TeamResource'];

const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
});
export type Team = z.infer<typeof teamSchema>;

// The spec says `id: number`, but real Nextcloud sends strings ("163", a Talk token): the recordings win.
const resourceSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  label: z.string(),
  provider: z.object({ id: z.string() }),
}) satisfies z.ZodType<Pick<CoreTeamResource, 'label'>>;

/** A linked resource: provider "talk" (id = room token), "deck" (id = board id), "files" (id = file id). */
export type TeamResource = z.infer<typeof resourceSchema>;

/** GET /apps/circles/circles: the teams the user is a member of (also through a group). */
export function listTeams(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<Team[]> {
  return ocsRequest('/ocs/v2.php/apps/circles/circles', z.array(teamSchema), { signal });
}

/** GET /teams/{teamId}/resources (core API). */
export async function listTeamResources({ teamId }: { teamId: string }, { signal }: CallOptions = {}): Promise<TeamResource[]> {
  const data = await ocsRequest(
    `/ocs/v2.php/teams/${encodeURIComponent(teamId)}/resources`,
    z.object({ resources: z.array(resourceSchema) }),
    { signal },
  );
  return data.resources;
}
