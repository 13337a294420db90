/** Test helper: a Talk chat comment as the app parses it, with the fields a test cares about overridden. Not part of the app bundle. */
import type { ChatMessage } from '../api/talk/chat-messages';

export function chatComment(fields: Pick<ChatMessage, 'id'> & Partial<ChatMessage>): ChatMessage {
  return {
    token: 't',
    actorType: 'users',
    actorId: 'schmidt',
    actorDisplayName: 'Frau Schmidt',
    timestamp: 1_800_000_000 + fields.id,
    message: `m${String(fields.id)}`,
    messageParameters: {},
    systemMessage: '',
    messageType: 'comment',
    isReplyable: true,
    referenceId: '',
    reactions: {},
    markdown: true,
    ...fields,
  };
}
