/**
 * Test helper: a fetch stand-in that answers like the gateway from a route table and records every
 * request, so tests can assert on URLs, methods and headers. Not part of the app bundle.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  signal: AbortSignal | null;
  /** The body when it was text (JSON, XML), else null. */
  body: string | null;
}

export type FakeReply = Response | (() => Response | Promise<Response>);

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** Routes are keyed "METHOD /path" (path without query string) or "METHOD /path?query" (exact). */
export function createFakeGateway(routes: Record<string, FakeReply | FakeReply[]>) {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, FakeReply[]>();
  for (const [key, reply] of Object.entries(routes)) queues.set(key, Array.isArray(reply) ? [...reply] : [reply]);

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(raw, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    requests.push({
      method,
      url: url.pathname + url.search,
      headers: new Headers(init.headers),
      credentials: init.credentials,
      signal: init.signal ?? null,
      body: typeof init.body === 'string' ? init.body : null,
    });
    const queue = queues.get(`${method} ${url.pathname}${url.search}`) ?? queues.get(`${method} ${url.pathname}`);
    if (!queue || queue.length === 0) return jsonResponse(404, { error: 'no fake route', method, url: url.href });
    // The last reply repeats, earlier ones are used once each.
    const reply = queue.length > 1 ? queue.shift() : queue[0];
    if (reply === undefined) throw new Error('unreachable');
    const response = typeof reply === 'function' ? await reply() : reply.clone();
    return response;
  };

  return {
    fetch,
    requests,
    /** Requests to one path (any query), in order. */
    requestsTo: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.url.split('?')[0] === path),
    setRoute: (key: string, reply: FakeReply | FakeReply[]) => {
      queues.set(key, Array.isArray(reply) ? [...reply] : [reply]);
    },
  };
}

/** jsdom lacks ResizeObserver, which Radix popovers measure with. */
export function installResizeObserverStub(): void {
  if ('ResizeObserver' in globalThis) return;
  class ResizeObserverStub {
    observe(): void {
      /* nothing to measure in jsdom */
    }
    unobserve(): void {
      /* nothing to measure in jsdom */
    }
    disconnect(): void {
      /* nothing to measure in jsdom */
    }
  }
  Object.defineProperty(globalThis, 'ResizeObserver', { value: ResizeObserverStub, configurable: true });
}
