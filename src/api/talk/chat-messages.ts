import { z } from 'zod';
import type { components } from '../generated/spreed';
import { send, readBody, type CallOptions } from '../client';
import { ocsRequest, unwrapOcs } from '../ocs';

/** Talk chat (spreed API v1): receive (history and long-poll), send, edit, delete, read marker, mentions. */

type SpreedRichObject = components['schemas']['RichObjectParameter'];
type SpreedChatMessage = components['schemas']['ChatMessage'];
type SpreedMention = components['schemas']['ChatMentionSuggestion'];

const CHAT = '/ocs/v2.php/apps/spreed/api/v1/chat';

const richObjectSchema = z
  .object({
    type: z.string(),
    id: z.string(),
    name: z.string(),
    link: z.string().optional(),
    path: z.string().optional(),
    size: z.string().optional(),
    mimetype: z.string().optional(),
    'preview-available': z.enum(['yes', 'no']).optional(),
    'mention-id': z.string().optional(),
  }) satisfies z.ZodType<Pick<SpreedRichObject, 'type' | 'id' | 'name' | 'link' | 'path' | 'size' | 'mimetype' | 'preview-available'>>;

export type RichObject = z.infer<typeof richObjectSchema>;

/** PHP encodes an empty map as `[]`: Talk sends `messageParameters: []` for plain messages. */
const parametersSchema = z
  .union([z.record(z.string(), richObjectSchema), z.array(z.unknown()).length(0)])
  .transform((value): Record<string, RichObject> => (Array.isArray(value) ? {} : value));

const reactionsSchema = z
  .union([z.record(z.string(), z.number()), z.array(z.unknown()).length(0)])
  .transform((value): Record<string, number> => (Array.isArray(value) ? {} : value));

const baseMessageShape = {
  id: z.number(),
  token: z.string(),
  actorType: z.string(),
  actorId: z.string(),
  actorDisplayName: z.string(),
  timestamp: z.number(),
  message: z.string(),
  messageParameters: parametersSchema,
  systemMessage: z.string(),
  messageType: z.string(),
  isReplyable: z.boolean(),
  referenceId: z.string(),
  reactions: reactionsSchema,
  reactionsSelf: z.array(z.string()).optional(),
  markdown: z.boolean().default(true),
  lastEditTimestamp: z.number().optional(),
  lastEditActorDisplayName: z.string().optional(),
  silent: z.boolean().optional(),
};

const parentSchema = z.union([
  z.object(baseMessageShape),
  z.object({ id: z.number(), deleted: z.literal(true) }).transform((p) => ({ id: p.id, deleted: true as const })),
]);

const messageSchema = z.object({ ...baseMessageShape, parent: parentSchema.optional() });

export type ChatParentMessage = z.infer<typeof parentSchema>;
export type ChatMessage = z.infer<typeof messageSchema>;

/** The fields every message has, typed from Talk's OpenAPI spec (ChatMessage is assignable to it). */
export type ChatMessageFields = Pick<SpreedChatMessage, 'id' | 'token' | 'actorType' | 'actorId' | 'timestamp' | 'message' | 'systemMessage' | 'messageType' | 'referenceId'>;
export function messageFields(m: ChatMessage): ChatMessageFields {
  return m;
}

export interface ChatBatch {
  /** Oldest first. */
  messages: ChatMessage[];
  /** X-Chat-Last-Given: the cursor for the next request, null when nothing came (304). */
  lastGiven: number | null;
  /** X-Chat-Last-Common-Read: the newest message everyone (with public read status) has read. */
  lastCommonRead: number | null;
}

function intHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

export interface ReceiveParams {
  token: string;
  /** true: wait for newer messages (long-poll); false: page into the history. */
  lookIntoFuture: boolean;
  lastKnownMessageId?: number | undefined;
  /** Seconds the server may hold a long-poll (Talk caps at 60). */
  timeout?: number | undefined;
  limit?: number | undefined;
}

/**
 * GET /chat/{token}. Never moves the read marker (setReadMarker=0): reading is an explicit act.
 * A long-poll with nothing new answers 304 with an empty body: that is an empty batch, not an error.
 */
export async function receiveMessages(params: ReceiveParams, { signal }: CallOptions = {}): Promise<ChatBatch> {
  const query = new URLSearchParams({
    lookIntoFuture: params.lookIntoFuture ? '1' : '0',
    limit: String(params.limit ?? 100),
    setReadMarker: '0',
    includeLastKnown: '0',
  });
  if (params.lastKnownMessageId !== undefined && params.lastKnownMessageId > 0) {
    query.set('lastKnownMessageId', String(params.lastKnownMessageId));
  }
  if (params.lookIntoFuture) {
    query.set('timeout', String(params.timeout ?? 30));
    query.set('markNotificationsAsRead', '0');
  }
  const response = await send(`${CHAT}/${encodeURIComponent(params.token)}?${query.toString()}`, {
    headers: { 'OCS-APIRequest': 'true' },
    signal,
  });
  const lastCommonRead = intHeader(response.headers, 'X-Chat-Last-Common-Read');
  if (response.status === 304) {
    await response.body?.cancel();
    return { messages: [], lastGiven: null, lastCommonRead };
  }
  const body = await readBody(response);
  const messages = unwrapOcs(response, body, z.array(messageSchema));
  messages.sort((a, b) => a.id - b.id);
  return { messages, lastGiven: intHeader(response.headers, 'X-Chat-Last-Given'), lastCommonRead };
}

export interface SendParams {
  token: string;
  message: string;
  /** 64 hex characters; Talk stores it and echoes it, but does NOT deduplicate on it. */
  referenceId: string;
  replyTo?: number | undefined;
  silent?: boolean | undefined;
}

/** POST /chat/{token}: answers 201 with the stored message (its parent included for replies). */
export function sendMessage(params: SendParams, { signal }: CallOptions = {}): Promise<ChatMessage> {
  const json: Record<string, unknown> = { message: params.message, referenceId: params.referenceId };
  if (params.replyTo !== undefined) json['replyTo'] = params.replyTo;
  if (params.silent) json['silent'] = true;
  return ocsRequest(`${CHAT}/${encodeURIComponent(params.token)}`, messageSchema, { method: 'POST', json, signal });
}

/** PUT /chat/{token}/{id}: answers with the system message "message_edited" whose parent is the edited message. */
export function editMessage(
  { token, messageId, message }: { token: string; messageId: number; message: string },
  { signal }: CallOptions = {},
): Promise<ChatMessage> {
  return ocsRequest(`${CHAT}/${encodeURIComponent(token)}/${messageId}`, messageSchema, {
    method: 'PUT',
    json: { message },
    signal,
  });
}

/** DELETE /chat/{token}/{id}: own messages, or any as moderator; answers with "message_deleted" (parent = the tombstone). */
export function deleteMessage({ token, messageId }: { token: string; messageId: number }, { signal }: CallOptions = {}): Promise<ChatMessage> {
  return ocsRequest(`${CHAT}/${encodeURIComponent(token)}/${messageId}`, messageSchema, { method: 'DELETE', signal });
}

/** POST /chat/{token}/read with lastReadMessage. */
export async function setReadMarker(
  { token, lastReadMessage }: { token: string; lastReadMessage: number },
  { signal }: CallOptions = {},
): Promise<void> {
  await ocsRequest(`${CHAT}/${encodeURIComponent(token)}/read`, z.unknown(), {
    method: 'POST',
    json: { lastReadMessage },
    signal,
  });
}

const mentionSchema = z.object({
  id: z.string(),
  label: z.string(),
  source: z.string(),
  mentionId: z.string().optional(),
  details: z.string().optional(),
}) satisfies z.ZodType<Pick<SpreedMention, 'id' | 'label' | 'source' | 'details'>>;

export type MentionSuggestion = z.infer<typeof mentionSchema>;

/** GET /chat/{token}/mentions: who can be mentioned; "all" (source "calls") only when Talk allows it for this user. */
export function searchMentions(
  { token, search, limit = 10 }: { token: string; search: string; limit?: number },
  { signal }: CallOptions = {},
): Promise<MentionSuggestion[]> {
  const query = new URLSearchParams({ search, limit: String(limit) });
  return ocsRequest(`${CHAT}/${encodeURIComponent(token)}/mentions?${query.toString()}`, z.array(mentionSchema), { signal });
}
