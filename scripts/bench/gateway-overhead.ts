import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { CookieClient, passNextcloudLogin } from '../../gateway/testing/browserless-login.js';
import { freePort, percentile, startNodeProcess, stopProcess, type Figure } from './support.js';

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
}

async function timedRun(base: string, requests: Req[], concurrency: number, agent: http.Agent): Promise<{ latencies: number[]; errors: number }> {
  const url = new URL(base);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const one = (r: Req): Promise<void> =>
    new Promise((resolve) => {
      const start = performance.now();
      const req = http.request({ hostname: url.hostname, port: url.port, path: r.path, method: r.method, headers: r.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - start);
          if ((res.statusCode ?? 0) >= 400) errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const r = requests[next++];
        if (r) await one(r);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

/** The same OCS + WebDAV workload sent directly to the dev server and through the gateway (both in their
 * own processes, on loopback), with the same credentials: the gateway's added latency as a ratio. */
export async function measureGatewayOverhead(rounds = 3, perRound = 300, concurrency = 8): Promise<Figure[]> {
  const devPort = await freePort();
  const gwPort = await freePort();
  const devUrl = `http://127.0.0.1:${devPort}`;
  const appUrl = `http://127.0.0.1:${gwPort}`;
  const dev = await startNodeProcess('devserver/src/main.ts', { DEVSERVER_PORT: String(devPort), DEVSERVER_QUIET: '1' }, `${devUrl}/status.php`);
  const gw = await startNodeProcess(
    'gateway/src/main.ts',
    { PORT: String(gwPort), HOST: '127.0.0.1', APP_URL: appUrl, NEXTCLOUD_URL: devUrl, AUTH_MODE: 'loginflow', OAUTH_CLIENT_ID: '', OAUTH_CLIENT_SECRET: '' },
    `${appUrl}/healthz`,
  );
  try {
    // Sign in through the gateway with Login Flow v2 and learn the app password the gateway holds, so the
    // direct requests carry the same kind of credential.
    const client = new CookieClient();
    const csrf = { 'x-requested-with': 'klassenraum' };
    const start = await client.request(`${appUrl}/auth/flow/start`, { method: 'POST', headers: csrf });
    const { loginUrl } = (await start.json()) as { loginUrl: string };
    await passNextcloudLogin(new CookieClient(), loginUrl, 'schmidt', 'klassenraum', () => false);
    await client.request(`${appUrl}/auth/flow/poll`, { method: 'POST', headers: csrf });
    const directFlow = await fetch(`${devUrl}/index.php/login/v2`, { method: 'POST' });
    const direct = (await directFlow.json()) as { login: string; poll: { token: string } };
    await passNextcloudLogin(new CookieClient(), direct.login, 'schmidt', 'klassenraum', () => false);
    const polled = (await (await fetch(`${devUrl}/index.php/login/v2/poll`, { method: 'POST', body: new URLSearchParams({ token: direct.poll.token }) })).json()) as {
      loginName: string;
      appPassword: string;
    };
    const basic = `Basic ${Buffer.from(`${polled.loginName}:${polled.appPassword}`).toString('base64')}`;
    const cookie = `__Host-klassenraum_session=${client.cookie(appUrl, '__Host-klassenraum_session') ?? ''}`;

    const propfind = await fetch(`${devUrl}/remote.php/dav/files/schmidt/`, { method: 'PROPFIND', headers: { authorization: basic, depth: '1' } });
    const withDav = propfind.status === 207;
    const workload = (auth: Record<string, string>): Req[] =>
      Array.from({ length: perRound }, (_, i) =>
        withDav && i % 2 === 1
          ? { method: 'PROPFIND', path: '/remote.php/dav/files/schmidt/', headers: { ...auth, depth: '1' } }
          : { method: 'GET', path: '/ocs/v2.php/cloud/user?format=json', headers: { ...auth, 'ocs-apirequest': 'true', accept: 'application/json' } },
      );
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const viaDirect: number[] = [];
    const viaGateway: number[] = [];
    let errors = 0;
    // Warm up both paths, then alternate so drift hits both equally.
    await timedRun(devUrl, workload({ authorization: basic }).slice(0, 50), concurrency, agent);
    await timedRun(appUrl, workload({ ...csrf, cookie }).slice(0, 50), concurrency, agent);
    for (let r = 0; r < rounds; r++) {
      const d = await timedRun(devUrl, workload({ authorization: basic }), concurrency, agent);
      const g = await timedRun(appUrl, workload({ ...csrf, cookie }), concurrency, agent);
      viaDirect.push(...d.latencies);
      viaGateway.push(...g.latencies);
      errors += d.errors + g.errors;
    }
    agent.destroy();
    viaDirect.sort((a, b) => a - b);
    viaGateway.sort((a, b) => a - b);
    const p = (xs: number[], q: number): number => percentile(xs, q);
    const ms = (x: number): string => `${x.toFixed(2)} ms`;
    const how = `${rounds}×${perRound} requests per path (${withDav ? 'GET /ocs/v2.php/cloud/user and PROPFIND Depth 1 of the user root, alternating' : 'GET /ocs/v2.php/cloud/user; the dev server had no WebDAV'}), ${concurrency} concurrent, keep-alive, dev server and gateway each in their own process on loopback; errors: ${errors}`;
    return [
      { name: 'Gateway overhead p50 (gateway ÷ direct)', value: `${(p(viaGateway, 50) / p(viaDirect, 50)).toFixed(2)}× (${ms(p(viaGateway, 50))} vs ${ms(p(viaDirect, 50))})`, how },
      { name: 'Gateway overhead p99 (gateway ÷ direct)', value: `${(p(viaGateway, 99) / p(viaDirect, 99)).toFixed(2)}× (${ms(p(viaGateway, 99))} vs ${ms(p(viaDirect, 99))})`, how },
    ];
  } finally {
    await stopProcess(gw);
    await stopProcess(dev);
  }
}
