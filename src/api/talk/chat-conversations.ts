import { z } from 'zod';
import type { components } from '../generated/spreed';
import type { CallOptions, NoParams } from '../client';
import { ocsRequest } from '../ocs';
import { PERMISSION } from './constants';

/** Conversations as the chat needs them (read markers, permissions, last message); rooms.ts has the class-space view. */

type SpreedRoom = components['schemas']['Room'];

const TALK = '/ocs/v2.php/apps/spreed/api/v4';

/** Kept for the chat feature's imports; the names live in ./constants. */
export { isModeratorType } from './constants';
export const PERMISSION_CHAT = PERMISSION.chat;

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

export function listConversations(_params: NoParams = {}, { signal }: CallOptions = {}): Promise<Conversation[]> {
  return ocsRequest(`${TALK}/room?includeLastMessage=true`, z.array(conversationSchema), { signal });
}

export function getConversation({ token }: { token: string }, { signal }: CallOptions = {}): Promise<Conversation> {
  return ocsRequest(`${TALK}/room/${encodeURIComponent(token)}`, conversationSchema, { signal });
}
