import { afterEach, describe, expect, it } from 'vitest';
import type { ChatHub } from './chat-hub';
import { getChatHub, setChatHub, whenChatHub } from './use-chat-hub';

afterEach(() => {
  setChatHub(null);
});

describe('the tab\'s chat hub', () => {
  it('a message written before the hub\'s code has loaded waits for the hub instead of being dropped', async () => {
    expect(getChatHub()).toBeNull();
    const sent: string[] = [];
    const hub = { enqueue: (item: { message: string }) => sent.push(item.message) } as unknown as ChatHub;
    const waiting = whenChatHub().then((h) => h.enqueue({ token: 't', message: 'eins', shown: 'eins', afterId: 0 }));
    await Promise.resolve();
    expect(sent).toEqual([]);
    setChatHub(hub);
    await waiting;
    expect(sent).toEqual(['eins']);
    // Once there, at once.
    await (await whenChatHub()).enqueue({ token: 't', message: 'zwei', shown: 'zwei', afterId: 0 });
    expect(sent).toEqual(['eins', 'zwei']);
  });
});
