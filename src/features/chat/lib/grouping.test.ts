import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { collapseSystemRuns, toRows } from './grouping';

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

describe('collapseSystemRuns', () => {
  const system = (id: number, offsetS: number, systemMessage: string) => msg(id, 'schmidt', offsetS, { messageType: 'system', systemMessage, isReplyable: false });
  const shape = (messages: ChatMessage[]) =>
    collapseSystemRuns(toRows(messages, null, 'schmidt')).map((e) => (e.kind === 'message' ? e.row.message.id : e.messages.map((m) => m.id)));

  it('folds the "… added …" lines that open a new class chat into one entry, messages around it stay', () => {
    const opening = [system(1, 0, 'conversation_created'), ...[2, 3, 4, 5, 6, 7].map((id) => system(id, 1, 'user_added'))];
    expect(shape([...opening, msg(8, 'schmidt', 60), system(9, 70, 'user_removed')])).toEqual([[1, 2, 3, 4, 5, 6, 7], 8, 9]);
  });

  it('calls, locking, clearing and poll results stay on their own line and split a run', () => {
    const messages = [system(1, 0, 'user_added'), system(2, 1, 'call_started'), system(3, 2, 'call_joined'), system(4, 3, 'call_left'), system(5, 4, 'call_ended'), system(6, 5, 'read_only'), system(7, 6, 'poll_closed')];
    expect(shape(messages)).toEqual([1, 2, [3, 4], 5, 6, 7]);
  });

  it('a run ends at midnight, and its entry carries the day separator of its first message', () => {
    const entries = collapseSystemRuns(toRows([msg(1, 's7a1', 0), system(2, 10, 'user_added'), system(3, 11, 'user_added'), system(4, 24 * 3600, 'user_added'), system(5, 24 * 3600 + 1, 'user_added')], null, 'schmidt'));
    expect(entries.map((e) => (e.kind === 'message' ? e.row.message.id : e.messages.map((m) => m.id)))).toEqual([1, [2, 3], [4, 5]]);
    expect(entries.map((e) => (e.kind === 'message' ? e.row.newDay : e.newDay))).toEqual([true, false, true]);
  });
});
