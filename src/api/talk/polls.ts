import { z } from 'zod';
import type { components } from '../generated/spreed';
import type { CallOptions } from '../client';
import { ocsRequest } from '../ocs';

/** Talk polls (spreed API v1 /poll/{token}). Creating one posts an object_shared message with a talk-poll parameter. */

type SpreedPoll = components['schemas']['Poll'];

const POLL = '/ocs/v2.php/apps/spreed/api/v1/poll';

export const POLL_OPEN = 0;
export const POLL_CLOSED = 1;
/** resultMode 0: everyone sees results at once; 1: hidden until closed. */
export const POLL_RESULTS_PUBLIC = 0;
export const POLL_RESULTS_HIDDEN = 1;

const pollSchema = z.object({
  id: z.number(),
  question: z.string(),
  options: z.array(z.string()),
  actorType: z.string(),
  actorId: z.string(),
  actorDisplayName: z.string(),
  status: z.number(),
  resultMode: z.number(),
  maxVotes: z.number(),
  /** "option-0" → count; PHP sends an empty map as []. */
  votes: z
    .union([z.record(z.string(), z.number()), z.array(z.unknown()).length(0)])
    .transform((value): Record<string, number> => (Array.isArray(value) ? {} : value))
    .optional(),
  numVoters: z.number().optional(),
  votedSelf: z.array(z.number()).optional(),
}) satisfies z.ZodType<Pick<SpreedPoll, 'id' | 'question' | 'options' | 'actorId' | 'maxVotes' | 'numVoters' | 'votedSelf'>>;

export type Poll = z.infer<typeof pollSchema>;

/** Votes for one option (0 when Talk does not tell, e.g. hidden results). */
export function votesFor(poll: Poll, optionId: number): number {
  return poll.votes?.[`option-${optionId}`] ?? 0;
}

export function createPoll(
  { token, question, options, resultMode = POLL_RESULTS_PUBLIC, maxVotes = 1 }: { token: string; question: string; options: string[]; resultMode?: number; maxVotes?: number },
  { signal }: CallOptions = {},
): Promise<Poll> {
  return ocsRequest(`${POLL}/${encodeURIComponent(token)}`, pollSchema, {
    method: 'POST',
    json: { question, options, resultMode, maxVotes },
    signal,
  });
}

export function getPoll({ token, pollId }: { token: string; pollId: number }, { signal }: CallOptions = {}): Promise<Poll> {
  return ocsRequest(`${POLL}/${encodeURIComponent(token)}/${pollId}`, pollSchema, { signal });
}

export function votePoll(
  { token, pollId, optionIds }: { token: string; pollId: number; optionIds: number[] },
  { signal }: CallOptions = {},
): Promise<Poll> {
  return ocsRequest(`${POLL}/${encodeURIComponent(token)}/${pollId}`, pollSchema, { method: 'POST', json: { optionIds }, signal });
}

/** DELETE closes the poll (creator or moderator). */
export function closePoll({ token, pollId }: { token: string; pollId: number }, { signal }: CallOptions = {}): Promise<Poll> {
  return ocsRequest(`${POLL}/${encodeURIComponent(token)}/${pollId}`, pollSchema, { method: 'DELETE', signal });
}
