import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error';
import type { ChatMessage } from '../../../api/talk/chat-messages';
import { deliver, forgetOutbox, headsByToken, localOutboxStorage, newReferenceId, Outbox, outboxKey, type DeliveryDeps, type Mutex, type OutboxItem, type OutboxStorage } from './outbox';

function memoryStorage(): OutboxStorage & { raw: () => string } {
  let raw = '[]';
  return {
    load: () => JSON.parse(raw) as OutboxItem[],
    save: (items) => {
      raw = JSON.stringify(items);
    },
    raw: () => raw,
  };
}

const directMutex: Mutex = (fn) => Promise.resolve(fn());

type Fault = 'drop-after-store' | 'unavailable' | 'rate-limited' | 'forbidden' | 'offline';

/** A Talk chat that, like the real one, stores every POST (it does not deduplicate referenceIds). */
class FakeTalk {
  stored: ChatMessage[] = [];
  faults: Fault[] = [];
  private nextId = 100;

  seed(count: number) {
    for (let i = 0; i < count; i++) this.store('room', 'earlier', '');
  }

  private store(token: string, message: string, referenceId: string): ChatMessage {
    const m: ChatMessage = {
      id: this.nextId++,
      token,
      actorType: 'users',
      actorId: 's7a1',
      actorDisplayName: 'Lena Becker',
      timestamp: 0,
      message,
      messageParameters: {},
      systemMessage: '',
      messageType: 'comment',
      isReplyable: true,
      referenceId,
      reactions: {},
      markdown: true,
    };
    this.stored.push(m);
    return m;
  }

  deps(delivered: ChatMessage[] = []): DeliveryDeps {
    return {
      send: (item) => {
        const fault = this.faults.shift();
        if (fault === 'offline') return Promise.reject(new ApiError({ kind: 'network', status: null }));
        if (fault === 'unavailable') return Promise.reject(new ApiError({ kind: 'unavailable', status: 503 }));
        if (fault === 'rate-limited') return Promise.reject(new ApiError({ kind: 'rate-limited', status: 429, retryAfterMs: 1000 }));
        if (fault === 'forbidden') return Promise.reject(new ApiError({ kind: 'forbidden', status: 403 }));
        const m = this.store(item.token, item.message, item.referenceId);
        if (fault === 'drop-after-store') return Promise.reject(new ApiError({ kind: 'network', status: null }));
        return Promise.resolve(m);
      },
      findByReference: (item) =>
        Promise.resolve(this.stored.find((m) => m.token === item.token && m.id > item.afterId && m.referenceId === item.referenceId) ?? null),
      delivered: (_item, m) => delivered.push(m),
    };
  }

  texts(token = 'room') {
    return this.stored.filter((m) => m.token === token && m.message !== 'earlier').map((m) => m.message);
  }
}

/** What the leader's loop does: deliver heads until the outbox is empty or only failures remain. */
async function drain(outbox: Outbox, talk: FakeTalk, delivered: ChatMessage[] = [], maxRounds = 50) {
  const signal = new AbortController().signal;
  for (let round = 0; round < maxRounds; round++) {
    const heads = headsByToken(outbox.list());
    if (heads.length === 0) return;
    for (const head of heads) await deliver(outbox, head, talk.deps(delivered), signal);
  }
  throw new Error('outbox did not drain');
}

describe('newReferenceId', () => {
  it('is 64 lowercase hex characters and random', () => {
    const a = newReferenceId();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newReferenceId()).not.toBe(a);
  });
});

describe('outbox delivery', () => {
  it('delivers queued messages in the order they were written', async () => {
    const talk = new FakeTalk();
    const outbox = new Outbox(memoryStorage(), directMutex);
    for (const text of ['eins', 'zwei', 'drei']) await outbox.add({ token: 'room', message: text, afterId: 99 });
    const delivered: ChatMessage[] = [];
    await drain(outbox, talk, delivered);
    expect(talk.texts()).toEqual(['eins', 'zwei', 'drei']);
    expect(delivered.map((m) => m.message)).toEqual(['eins', 'zwei', 'drei']);
    expect(outbox.list()).toEqual([]);
  });

  it('does not send twice when the connection dropped after the server stored the message', async () => {
    const talk = new FakeTalk();
    talk.seed(5);
    const outbox = new Outbox(memoryStorage(), directMutex);
    await outbox.add({ token: 'room', message: 'Hausaufgabe fertig', afterId: 104 });
    talk.faults = ['drop-after-store'];
    await drain(outbox, talk);
    expect(talk.texts()).toEqual(['Hausaufgabe fertig']);
  });

  it('sends again after a 503 when the server has no copy, and only once', async () => {
    const talk = new FakeTalk();
    const outbox = new Outbox(memoryStorage(), directMutex);
    await outbox.add({ token: 'room', message: 'a', afterId: 0 });
    await outbox.add({ token: 'room', message: 'b', afterId: 0 });
    talk.faults = ['unavailable', 'unavailable', 'offline', 'drop-after-store', 'rate-limited'];
    await drain(outbox, talk);
    expect(talk.texts()).toEqual(['a', 'b']);
  });

  it('marks the item unknown after an outage, so a reload reconciles before sending', async () => {
    const talk = new FakeTalk();
    const storage = memoryStorage();
    const outbox = new Outbox(storage, directMutex);
    await outbox.add({ token: 'room', message: 'x', afterId: 0 });
    talk.faults = ['drop-after-store'];
    const [head] = headsByToken(outbox.list());
    if (!head) throw new Error('no head');
    const result = await deliver(outbox, head, talk.deps(), new AbortController().signal);
    expect(result.outcome).toBe('retry');
    expect(outbox.list()[0]?.state).toBe('unknown');
    // "Reload": a new Outbox over the same storage finishes the job without a second copy.
    await drain(new Outbox(storage, directMutex), talk);
    expect(talk.texts()).toEqual(['x']);
  });

  it('treats an item left "sending" by a closed tab as unknown', async () => {
    const talk = new FakeTalk();
    const storage = memoryStorage();
    const outbox = new Outbox(storage, directMutex);
    const item = await outbox.add({ token: 'room', message: 'mid-flight', afterId: 0 });
    await outbox.update(item.localId, { state: 'sending' });
    talk.deps().send(item, new AbortController().signal).catch(() => undefined); // the server got it, the tab died
    await outbox.recoverInterrupted();
    expect(outbox.list()[0]?.state).toBe('unknown');
    await drain(outbox, talk);
    expect(talk.texts()).toEqual(['mid-flight']);
  });

  it('sets a refused message aside as failed and still delivers the ones after it', async () => {
    const talk = new FakeTalk();
    const outbox = new Outbox(memoryStorage(), directMutex);
    await outbox.add({ token: 'room', message: 'refused', afterId: 0 });
    await outbox.add({ token: 'room', message: 'next', afterId: 0 });
    talk.faults = ['forbidden'];
    await drain(outbox, talk);
    expect(talk.texts()).toEqual(['next']);
    expect(outbox.list().map((i) => [i.message, i.state, i.errorKind])).toEqual([['refused', 'failed', 'forbidden']]);
  });

  it('keeps order per conversation and handles conversations independently', async () => {
    const talk = new FakeTalk();
    const outbox = new Outbox(memoryStorage(), directMutex);
    await outbox.add({ token: 'a', message: 'a1', afterId: 0 });
    await outbox.add({ token: 'b', message: 'b1', afterId: 0 });
    await outbox.add({ token: 'a', message: 'a2', afterId: 0 });
    expect(headsByToken(outbox.list()).map((i) => i.message)).toEqual(['a1', 'b1']);
    await drain(outbox, talk);
    expect(talk.texts('a')).toEqual(['a1', 'a2']);
    expect(talk.texts('b')).toEqual(['b1']);
  });

  it('survives a reload: items are in storage with their referenceId', async () => {
    const storage = memoryStorage();
    const first = await new Outbox(storage, directMutex).add({ token: 'room', message: 'offline geschrieben', afterId: 7 });
    const reloaded = new Outbox(storage, directMutex).list();
    expect(reloaded).toHaveLength(1);
    expect(reloaded[0]?.referenceId).toBe(first.referenceId);
    expect(reloaded[0]?.afterId).toBe(7);
  });

  it('keeps the text as written (mentions by name) beside the one Talk gets, and sends only the latter', async () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage, directMutex);
    const item = await outbox.add({ token: 'room', message: 'Bitte @s7a2 melden', shown: 'Bitte @Jonas Weber melden', afterId: 7 });
    const plain = await outbox.add({ token: 'room', message: 'Danke', shown: 'Danke', afterId: 7 });
    expect(new Outbox(storage, directMutex).list().map((i) => [i.message, i.shown])).toEqual([
      ['Bitte @s7a2 melden', 'Bitte @Jonas Weber melden'],
      ['Danke', undefined],
    ]);
    const talk = new FakeTalk();
    await deliver(outbox, item, talk.deps(), new AbortController().signal);
    await deliver(outbox, plain, talk.deps(), new AbortController().signal);
    expect(talk.stored.map((m) => m.message)).toEqual(['Bitte @s7a2 melden', 'Danke']);
  });
});

/** A Web Storage over a Map (localStorage as the browser has it, per test). */
function mapStorage(): { store: Map<string, string>; storage: Storage } {
  const store = new Map<string, string>();
  const storage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  } as unknown as Storage;
  return { store, storage };
}

describe('forgetOutbox', () => {
  it("removes the signed-out user's unsent messages from the device and nobody else's", () => {
    const { storage } = mapStorage();
    const item = { referenceId: 'r', token: 't', message: 'Hallo', state: 'queued' } as unknown as OutboxItem;
    localOutboxStorage(outboxKey('s7a1'), storage).save([item]);
    localOutboxStorage(outboxKey('s7a2'), storage).save([item]);
    forgetOutbox('s7a1', storage);
    expect(localOutboxStorage(outboxKey('s7a1'), storage).load()).toEqual([]);
    expect(localOutboxStorage(outboxKey('s7a2'), storage).load()).toHaveLength(1);
  });

  it('stays forgotten: a tab becoming leader afterwards (recovering interrupted sends) writes nothing back', async () => {
    const { store, storage } = mapStorage();
    forgetOutbox('s7a2', storage);
    await new Outbox(localOutboxStorage(outboxKey('s7a2'), storage), directMutex).recoverInterrupted();
    expect(store.has(outboxKey('s7a2'))).toBe(false);
  });
});
