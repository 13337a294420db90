import { receiveMessages, sendMessage } from '../../../api/talk/chat-messages';
import { createOneToOne } from '../../../api/talk/rooms';
import type { CallOptions } from '../../../api/call-options';

/** How far back the one-to-one chat is read to find a message sent before (a retry after a lost answer). */
const HISTORY_LIMIT = 50;

/**
 * Talk's referenceId for a message that must reach a student once: 64 hex characters derived from what the
 * message is about (e.g. "returned:<card>:<student>"), so a retry carries the same id.
 */
export async function referenceIdOf(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`klassenraum:${key}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface PrivateMessage {
  /** The student's user id. */
  userId: string;
  text: string;
  /** What makes this message unique (see referenceIdOf). */
  key: string;
}

/**
 * Sends `text` to one user in the teacher's private one-to-one Talk conversation with her (opened if there is
 * none: POST /room answers the existing one with 200). Talk notifies the recipient of every one-to-one message
 * (docs/adr/0006). Talk does not deduplicate referenceIds, so the recent history is read first: a message with
 * this referenceId that is already there (an earlier attempt whose answer was lost) is not sent again.
 * Returns false when it was there already.
 */
export async function sendPrivateOnce({ userId, text, key }: PrivateMessage, options: CallOptions = {}): Promise<boolean> {
  const [room, referenceId] = await Promise.all([createOneToOne({ userId }, options), referenceIdOf(key)]);
  const history = await receiveMessages({ token: room.token, lookIntoFuture: false, limit: HISTORY_LIMIT }, options);
  if (history.messages.some((m) => m.referenceId === referenceId)) return false;
  await sendMessage({ token: room.token, message: text, referenceId }, options);
  return true;
}
