import { z } from 'zod';
import type { components } from '../generated/spreed';
import type { CallOptions, NoParams } from '../client';
import { ocsRequest } from '../ocs';
import { PARTICIPANT_GUEST_MODERATOR, PARTICIPANT_MODERATOR, PARTICIPANT_OWNER } from './rooms';

/** Conversations as the chat needs them (read markers, permissions, last message); rooms.ts has the class-space view. */

type SpreedRoom = components['schemas']['Room'];

const TALK = '/ocs/v2.php/apps/spreed/api/v4';

/** Attendee permission bit: may post messages, share and react (constants.md). */
export const PERMISSION_CHAT = 128;
/** mentionPermissions 1: only moderators may mention @all. */
export const MENTION_MODERATORS_ONLY = 1;

const lastMessageSchema = z
  .object({ id: z.number(), actorDisplayName: z.string(), message: z.string(), timestamp: z.number(), messageType: z.string() })
  .partial({ actorDisplayName: true });

const conversationSchema = z.object({
  id: z.number(),
  token: z.string(),
  type: z.number(),
  displayName: z.string(),
  participantType: z.number(),
  permissions: z.number().default(PERMISSION_CHAT),
  readOnly: z.number().default(0),
  unreadMessages: z.number(),
  unreadMention: z.boolean(),
  lastActivity: z.number(),
  lastReadMessage: z.number().default(0),
  lastCommonReadMessage: z.number().default(0),
  mentionPermissions: z.number().default(0),
  lobbyState: z.number().default(0),
  lastMessage: z.union([lastMessageSchema, z.array(z.unknown())]).optional().transform((v) => (Array.isArray(v) ? undefined : v)),
}) satisfies z.ZodType<Pick<SpreedRoom, 'id' | 'token' | 'type' | 'displayName' | 'participantType' | 'unreadMessages' | 'unreadMention' | 'lastReadMessage'>>;

export type Conversation = z.infer<typeof conversationSchema>;

/** Owner, moderator or guest moderator: may moderate the conversation. */
export function isModeratorType(participantType: number): boolean {
  return participantType === PARTICIPANT_OWNER || participantType === PARTICIPANT_MODERATOR || participantType === PARTICIPANT_GUEST_MODERATOR;
}

export function listConversations(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<Conversation[]> {
  return ocsRequest(`${TALK}/room?includeLastMessage=true`, z.array(conversationSchema), { signal });
}

export function getConversation({ token }: { token: string }, { signal }: CallOptions = {}): Promise<Conversation> {
  return ocsRequest(`${TALK}/room/${encodeURIComponent(token)}`, conversationSchema, { signal });
}
