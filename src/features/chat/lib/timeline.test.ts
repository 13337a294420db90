import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { chatComment } from '../../../testing/chat-message';
import { emptyTimeline, mergeMessages } from './timeline';

function msg(id: number, message = `m${id}`, extra: Partial<ChatMessage> = {}): ChatMessage {
  return chatComment({ id, message, ...extra });
}

describe('mergeMessages', () => {
  it('keeps each message once and in id order, whatever the arrival order', () => {
    let t = mergeMessages(emptyTimeline, [msg(5), msg(3)]);
    t = mergeMessages(t, [msg(4), msg(5), msg(6)]);
    t = mergeMessages(t, [msg(3)]);
    expect(t.messages.map((m) => m.id)).toEqual([3, 4, 5, 6]);
    expect(t.newestId).toBe(6);
    expect(t.oldestId).toBe(3);
  });

  it('applies an edit carried by a message_edited system message and does not show the system message', () => {
    let t = mergeMessages(emptyTimeline, [msg(10, 'Heute: Brüche')]);
    const edited = msg(10, 'Heute: Bruchrechnen', { lastEditTimestamp: 1_800_000_100 });
    t = mergeMessages(t, [msg(11, 'You edited a message', { messageType: 'system', systemMessage: 'message_edited', parent: edited })]);
    expect(t.messages.map((m) => m.message)).toEqual(['Heute: Bruchrechnen']);
    expect(t.newestId).toBe(11);
  });

  it('updates reaction counts from a reaction system message', () => {
    let t = mergeMessages(emptyTimeline, [msg(10)]);
    t = mergeMessages(t, [msg(12, '{reaction}', { messageType: 'system', systemMessage: 'reaction', parent: msg(10, 'm10', { reactions: { '👍': 2 } }) })]);
    expect(t.messages[0]?.reactions).toEqual({ '👍': 2 });
  });

  it('shows a deletion as the tombstone Talk sends', () => {
    let t = mergeMessages(emptyTimeline, [msg(10, 'oops')]);
    const tombstone = msg(10, 'Message deleted by you', { messageType: 'comment_deleted' });
    t = mergeMessages(t, [msg(13, 'You deleted a message', { messageType: 'system', systemMessage: 'message_deleted', parent: tombstone })]);
    expect(t.messages[0]?.messageType).toBe('comment_deleted');
  });
});
