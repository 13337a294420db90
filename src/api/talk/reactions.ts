import { z } from 'zod';
import type { components } from '../generated/spreed';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/** Talk reactions (spreed API v1 /reaction/{token}/{messageId}). */

type SpreedReaction = components['schemas']['Reaction'];

const REACTION = '/ocs/v2.php/apps/spreed/api/v1/reaction';

const reactorSchema = z.object({
  actorType: z.string(),
  actorId: z.string(),
  actorDisplayName: z.string(),
  timestamp: z.number(),
}) satisfies z.ZodType<SpreedReaction>;

export type Reactor = z.infer<typeof reactorSchema>;

/** emoji → who reacted; PHP sends an empty map as []. */
const reactionMapSchema = z
  .union([z.record(z.string(), z.array(reactorSchema)), z.array(z.unknown()).length(0)])
  .transform((value): Record<string, Reactor[]> => (Array.isArray(value) ? {} : value));

export type ReactionMap = z.infer<typeof reactionMapSchema>;

function path(token: string, messageId: number): string {
  return `${REACTION}/${encodeURIComponent(token)}/${messageId}`;
}

export function listReactions({ token, messageId }: { token: string; messageId: number }, { signal }: CallOptions = {}): Promise<ReactionMap> {
  return ocsRequest(path(token, messageId), reactionMapSchema, { signal });
}

/** POST: 201 when added, 200 when the user had already reacted with it. */
export function addReaction(
  { token, messageId, reaction }: { token: string; messageId: number; reaction: string },
  { signal }: CallOptions = {},
): Promise<ReactionMap> {
  return ocsRequest(path(token, messageId), reactionMapSchema, { method: 'POST', json: { reaction }, signal });
}

export function removeReaction(
  { token, messageId, reaction }: { token: string; messageId: number; reaction: string },
  { signal }: CallOptions = {},
): Promise<ReactionMap> {
  return ocsRequest(`${path(token, messageId)}?${new URLSearchParams({ reaction }).toString()}`, reactionMapSchema, {
    method: 'DELETE',
    signal,
  });
}
