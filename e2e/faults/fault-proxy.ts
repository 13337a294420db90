import http from 'node:http';
import type net from 'node:net';

/** What "Nextcloud" answers to API requests while a fault is on. */
export type Fault = { status: 503 | 429; retryAfter?: string } | null;

export interface FaultProxy {
  url: string;
  /** API requests (OCS, WebDAV, Deck) that reached "Nextcloud" since the last reset, with the time they arrived. */
  requests(): { method: string; url: string; at: number }[];
  reset(): void;
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

const API = /^\/(ocs\/v[12]\.php\/|remote\.php\/|index\.php\/apps\/(deck|spreed)\/)/;

/**
 * Stands between the gateway and the dev server like a Nextcloud that can be put into maintenance (503, with
 * or without Retry-After) or rate limiting (429): API requests get the fault, everything else (login, token
 * endpoint) passes; every API request is counted here, at "Nextcloud".
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let fault: Fault = null;
  let log: { method: string; url: string; at: number }[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const isApi = API.test(url);
    if (isApi) log.push({ method: req.method ?? 'GET', url, at: Date.now() });
    if (isApi && fault !== null) {
      req.resume();
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      const message = fault.status === 503 ? 'Nextcloud is in maintenance mode' : 'Reached maximum delay';
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify({ ocs: { meta: { status: 'failure', statuscode: fault.status, message }, data: [] } }));
      return;
    }
    const forward = http.request(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => log.slice(),
    reset: () => {
      log = [];
    },
    setFault: (f) => {
      fault = f;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
