import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/api-error';

/** A tiny Talk: one-to-one rooms per partner and their messages, with what the teacher's client sent. */
const talk = vi.hoisted(() => ({
  rooms: new Map<string, string>(),
  messages: new Map<string, { message: string; referenceId: string }[]>(),
  failFor: new Set<string>(),
  sent: [] as { token: string; message: string; referenceId: string }[],
}));

vi.mock('../../../api/talk/rooms', () => ({
  createOneToOne: vi.fn(({ userId }: { userId: string }) => {
    if (talk.failFor.has(userId)) return Promise.reject(new ApiError({ kind: 'unavailable', status: 503 }));
    const token = talk.rooms.get(userId) ?? `dm-${userId}`;
    talk.rooms.set(userId, token);
    return Promise.resolve({ token, type: 1 });
  }),
}));
vi.mock('../../../api/talk/chat-messages', () => ({
  receiveMessages: vi.fn(({ token }: { token: string }) => Promise.resolve({ messages: talk.messages.get(token) ?? [], lastGiven: null, lastCommonRead: null })),
  sendMessage: vi.fn(({ token, message, referenceId }: { token: string; message: string; referenceId: string }) => {
    talk.sent.push({ token, message, referenceId });
    talk.messages.set(token, [...(talk.messages.get(token) ?? []), { message, referenceId }]);
    return Promise.resolve({ id: talk.sent.length });
  }),
}));

const { remindMissing } = await import('./remind-missing');
const { referenceIdOf, sendPrivateOnce } = await import('./private-message');

const lena = { id: 's7a1', displayName: 'Lena Becker' };
const emma = { id: 's7a3', displayName: 'Emma Wagner' };
const tim = { id: 's7a4', displayName: 'Tim Braun' };

beforeEach(() => {
  talk.rooms.clear();
  talk.messages.clear();
  talk.failFor.clear();
  talk.sent.length = 0;
});

describe('reminding privately', () => {
  it('sends each missing student one message in her own one-to-one conversation, nothing to anyone else', async () => {
    const outcome = await remindMissing({ cardId: 7, round: 'r1', text: 'Bitte abgeben', students: [emma, tim] });
    expect(outcome).toEqual({ sent: [emma, tim], failed: [] });
    expect(talk.sent.map((m) => [m.token, m.message])).toEqual([
      ['dm-s7a3', 'Bitte abgeben'],
      ['dm-s7a4', 'Bitte abgeben'],
    ]);
    expect(talk.sent.every((m) => /^[0-9a-f]{64}$/.test(m.referenceId))).toBe(true);
  });

  it('names who failed, goes on with the others, and a retry of the round sends nobody a second message', async () => {
    talk.failFor.add('s7a3');
    const first = await remindMissing({ cardId: 7, round: 'r1', text: 'Bitte abgeben', students: [emma, tim] });
    expect(first).toEqual({ sent: [tim], failed: [emma] });
    talk.failFor.clear();
    // The teacher retries all of them (e.g. twice clicked): Tim already has it.
    const retry = await remindMissing({ cardId: 7, round: 'r1', text: 'Bitte abgeben', students: [emma, tim] });
    expect(retry.failed).toEqual([]);
    expect(talk.sent.map((m) => m.token)).toEqual(['dm-s7a4', 'dm-s7a3']);
  });

  it('a new round is a new reminder', async () => {
    await remindMissing({ cardId: 7, round: 'r1', text: 'Bitte abgeben', students: [lena] });
    await remindMissing({ cardId: 7, round: 'r2', text: 'Bitte abgeben', students: [lena] });
    expect(talk.sent).toHaveLength(2);
  });
});

describe('sendPrivateOnce', () => {
  it('derives a stable 64-hex referenceId from the key and skips a message that is already there', async () => {
    expect(await referenceIdOf('returned:7:s7a1')).toBe(await referenceIdOf('returned:7:s7a1'));
    expect(await referenceIdOf('returned:7:s7a1')).not.toBe(await referenceIdOf('returned:7:s7a2'));
    expect(await sendPrivateOnce({ userId: 's7a1', text: 'Rückmeldung ist da', key: 'returned:7:s7a1' })).toBe(true);
    expect(await sendPrivateOnce({ userId: 's7a1', text: 'Rückmeldung ist da', key: 'returned:7:s7a1' })).toBe(false);
    expect(talk.sent).toHaveLength(1);
  });
});
