import { afterEach, describe, expect, it, vi } from 'vitest';
import talk from '../../../devserver/fixtures/recordings/talk.json';
import { receiveMessages, sendMessage } from './chat-messages';

interface Exchange {
  name: string;
  request: { method: string; path: string; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

function recorded(name: string): Exchange {
  const exchange = (talk.exchanges as unknown as Exchange[]).find((e) => e.name === name);
  if (!exchange) throw new Error(`no recording ${name}`);
  return exchange;
}

function serve(exchange: Exchange) {
  const { status, headers, body } = exchange.response;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const fetchMock = vi.fn((_url: string, _init?: RequestInit) =>
    Promise.resolve(new Response(status === 304 ? null : text, { status, headers: status === 304 ? {} : headers })),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('receiveMessages on recorded Talk answers', () => {
  it('reads a history page oldest first, with the cursor headers', async () => {
    const fetchMock = serve(recorded('receive history (student)'));
    const batch = await receiveMessages({ token: 'i23gvc8a', lookIntoFuture: false, limit: 100 });
    const ids = batch.messages.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(batch.lastGiven).toBe(170);
    expect(batch.lastCommonRead).toBe(171);
    const url = String(fetchMock.mock.calls[0]?.[0]);
    expect(url).toContain('lookIntoFuture=0');
    expect(url).toContain('setReadMarker=0');
    expect(url).toContain('includeLastKnown=0');
  });

  it('treats the long-poll 304 (empty body) as an empty batch and asks with the long-poll parameters', async () => {
    const fetchMock = serve(recorded('long-poll with nothing new (timeout 3 -> 304)'));
    const batch = await receiveMessages({ token: 'i23gvc8a', lookIntoFuture: true, lastKnownMessageId: 279, timeout: 30 });
    expect(batch.messages).toEqual([]);
    expect(batch.lastGiven).toBeNull();
    const url = new URL(String(fetchMock.mock.calls[0]?.[0]), 'http://app.example');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ lookIntoFuture: '1', lastKnownMessageId: '279', timeout: '30', setReadMarker: '0', includeLastKnown: '0' });
  });

  it('accepts PHP\'s empty-array messageParameters and a reply parent', async () => {
    serve(recorded('send reply (student) during long-poll'));
    const message = await sendMessage({ token: 'i23gvc8a', message: 'Ok!', referenceId: 'a'.repeat(64), replyTo: 179 });
    expect(message.messageParameters).toEqual({});
    expect(message.parent && 'message' in message.parent ? message.parent.id : null).toBe(179);
  });

  it('sends the referenceId with the message', async () => {
    const fetchMock = serve(recorded('send message (teacher)'));
    const referenceId = recorded('send message (teacher)').response.body as { ocs: { data: { referenceId: string } } };
    await sendMessage({ token: 'i23gvc8a', message: 'Hallo', referenceId: referenceId.ocs.data.referenceId });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(JSON.parse(init?.body as string)).toEqual({ message: 'Hallo', referenceId: referenceId.ocs.data.referenceId });
  });
});
