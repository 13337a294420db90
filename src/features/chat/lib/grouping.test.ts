import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { toRows } from './grouping';

const base = new Date(2026, 10, 23, 9, 0, 0).getTime() / 1000;

function msg(id: number, actorId: string, offsetS: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id, token: 't', actorType: 'users', actorId, actorDisplayName: actorId, timestamp: base + offsetS, message: `m${id}`,
    messageParameters: {}, systemMessage: '', messageType: 'comment', isReplyable: true, referenceId: '', reactions: {}, markdown: true, ...extra,
  };
}

describe('toRows', () => {
  it('groups consecutive messages of one author within five minutes', () => {
    const rows = toRows([msg(1, 'schmidt', 0), msg(2, 'schmidt', 60), msg(3, 's7a1', 90), msg(4, 's7a1', 90 + 600)], null, 'schmidt');
    expect(rows.map((r) => r.continued)).toEqual([false, true, false, false]);
  });

  it('puts a day separator above the first message of each day', () => {
    const rows = toRows([msg(1, 'schmidt', 0), msg(2, 'schmidt', 60), msg(3, 'schmidt', 24 * 3600)], null, 'schmidt');
    expect(rows.map((r) => r.newDay)).toEqual([true, false, true]);
  });

  it('marks the first unread message from someone else', () => {
    const rows = toRows([msg(1, 's7a1', 0), msg(2, 'schmidt', 10), msg(3, 's7a1', 20), msg(4, 's7a1', 30)], 1, 'schmidt');
    expect(rows.map((r) => r.firstUnread)).toEqual([false, false, true, false]);
    expect(rows[2]?.continued).toBe(false);
  });
});
