import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { freePort, mib, rssBytes, startNodeProcess, stopProcess, type Figure } from './support.js';

const CHUNK = Buffer.alloc(256 * 1024, 7);

function zeros(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(CHUNK.length, total - sent);
      sent += n;
      this.push(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    },
  });
}

/** A stand-in Nextcloud that swallows uploads and serves downloads of any size, plus the few Login Flow
 * endpoints the gateway needs to sign in. */
async function startSink(total: number): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/index.php/login/v2') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ poll: { token: 't', endpoint: `http://${req.headers.host ?? ''}/index.php/login/v2/poll` }, login: `http://${req.headers.host ?? ''}/login/v2/flow/x` }));
    } else if (url === '/index.php/login/v2/poll') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ server: '', loginName: 'bench', appPassword: 'bench-app-password' }));
    } else if (url.startsWith('/ocs/v2.php/cloud/user')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ocs: { meta: { status: 'ok', statuscode: 200, message: 'OK' }, data: { id: 'bench', 'display-name': 'Bench' } } }));
    } else if (req.method === 'PUT') {
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => {
        res.writeHead(201);
        res.end();
      });
    } else {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
      zeros(total).pipe(res);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function transfer(base: string, method: 'PUT' | 'GET', path: string, headers: Record<string, string>, total: number): Promise<{ bytes: number; ms: number }> {
  const url = new URL(base);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: url.hostname, port: url.port, method, path, headers: method === 'PUT' ? { ...headers, 'content-length': String(total) } : headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ bytes, ms: performance.now() - start }));
    });
    req.on('error', reject);
    if (method === 'PUT') zeros(total).pipe(req);
    else req.end();
  });
}

/** Gateway memory while a 1 GiB upload and a 1 GiB download stream through it (the gateway runs in its
 * own process; its RSS is sampled from /proc every 50 ms), and its throughput against going direct. */
export async function measureGatewayMemory(total = 1024 ** 3): Promise<Figure[]> {
  const sink = await startSink(total);
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const gw = await startNodeProcess(
    'gateway/src/main.ts',
    { PORT: String(port), HOST: '127.0.0.1', APP_URL: appUrl, NEXTCLOUD_URL: sink.url, AUTH_MODE: 'loginflow', OAUTH_CLIENT_ID: '', OAUTH_CLIENT_SECRET: '' },
    `${appUrl}/healthz`,
  );
  const pid = gw.pid ?? 0;
  try {
    const csrf = { 'x-requested-with': 'klassenraum' };
    const start = await fetch(`${appUrl}/auth/flow/start`, { method: 'POST', headers: csrf });
    const cookie = (start.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const done = await fetch(`${appUrl}/auth/flow/poll`, { method: 'POST', headers: { ...csrf, cookie } });
    const signedIn = (done.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const headers = { ...csrf, cookie: signedIn };
    // Warm up, then take the baseline.
    await transfer(appUrl, 'GET', '/remote.php/dav/files/bench/warm', headers, 0);
    const baseline = rssBytes(pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(pid));
    }, 50);
    const up = await transfer(appUrl, 'PUT', '/remote.php/dav/uploads/bench/big/00001', headers, total);
    const down = await transfer(appUrl, 'GET', '/remote.php/dav/files/bench/big.bin', headers, total);
    clearInterval(sampler);
    const directUp = await transfer(sink.url, 'PUT', '/direct', {}, total);
    const directDown = await transfer(sink.url, 'GET', '/direct', {}, total);
    if (sink.received() < 2 * total || down.bytes !== total) throw new Error('the transfers did not complete');
    const mbps = (bytes: number, ms: number): string => `${((bytes / 1024 / 1024) / (ms / 1000)).toFixed(0)} MiB/s`;
    const how = `1 GiB PUT and 1 GiB GET through the gateway (own process) to a sink on loopback; RSS sampled every 50 ms`;
    return [
      { name: 'Gateway memory while streaming 1 GiB up and down', value: `peak ${mib(peak)}, baseline ${mib(baseline)} (+${mib(peak - baseline)}; ${((peak - baseline) / total * 100).toFixed(2)}% of the data moved one way)`, how },
      {
        name: 'Streaming throughput (gateway ÷ direct)',
        value: `upload ${(directUp.ms / up.ms).toFixed(2)}× (${mbps(total, up.ms)} vs ${mbps(total, directUp.ms)}), download ${(directDown.ms / down.ms).toFixed(2)}× (${mbps(total, down.ms)} vs ${mbps(total, directDown.ms)})`,
        how: 'same transfers, gateway path vs straight to the sink, in one run',
      },
    ];
  } finally {
    await stopProcess(gw);
    await sink.close();
  }
}
