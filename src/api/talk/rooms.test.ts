import { afterEach, describe, expect, it, vi } from 'vitest';
import live from '../../../devserver/fixtures/recordings/talk-live.json';
import { createOneToOne } from './rooms';

interface Exchange {
  name: string;
  request: { method: string; path: string; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

function recorded(name: string): Exchange {
  const exchange = (live.exchanges as unknown as Exchange[]).find((e) => e.name === name);
  if (!exchange) throw new Error(`no recording ${name}`);
  return exchange;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createOneToOne on the recorded Talk answer', () => {
  it('sends roomType 1 with the invited user and reads the private conversation', async () => {
    const exchange = recorded('5. s7a1 creates one-to-one with teacher schmidt');
    const fetchMock = vi.fn((_url: string, _init?: RequestInit) =>
      Promise.resolve(new Response(JSON.stringify(exchange.response.body), { status: exchange.response.status, headers: exchange.response.headers })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const room = await createOneToOne({ userId: 'schmidt' });
    expect(room).toMatchObject({ type: 1, token: 'c2dgbs9p', name: 'schmidt', displayName: 'Frau Schmidt' });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(String(url)).toMatch(/\/ocs\/v2\.php\/apps\/spreed\/api\/v4\/room$/);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual(exchange.request.body);
  });
});
