/**
 * Two gateway processes sharing one Redis session store behind one port: a tiny TCP round-robin balancer (as
 * a load balancer in front of two replicas), a real redis-server, the dev server in this process. Used by
 * balanced-gateways.test.ts (npm test) and by `npm run bench`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startDevServer, type DevServer } from '../../../devserver/src/server.js';
import { startRedisServer, type TestRedis } from '../redis-server.js';

export interface Balancer {
  url: string;
  /** Connections handed to each backend so far (index = backend). */
  connections: number[];
  /** Data chunks forwarded from clients to each backend (at least one per request). */
  forwarded: number[];
  close(): Promise<void>;
}

/** Hands each new TCP connection to the next backend that accepts it (round robin, skipping dead ones). */
export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  const connections = backendPorts.map(() => 0);
  const forwarded = backendPorts.map(() => 0);
  const sockets = new Set<net.Socket>();
  let next = 0;
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    // Round robin over connections; a dead backend (connection refused) passes this one to the next backend.
    const first = next++;
    const tryBackend = (attempt: number): void => {
      if (attempt >= backendPorts.length) {
        client.destroy();
        return;
      }
      const index = (first + attempt) % backendPorts.length;
      const upstream = net.connect(backendPorts[index] ?? 0, '127.0.0.1');
      upstream.once('error', () => {
        upstream.destroy();
        tryBackend(attempt + 1);
      });
      upstream.once('connect', () => {
        connections[index] = (connections[index] ?? 0) + 1;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.on('data', () => {
          forwarded[index] = (forwarded[index] ?? 0) + 1;
        });
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    forwarded,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * One gateway in its own Node process (so it can be killed like a crashed replica). It binds a port of the
 * system's choosing and says which (main.ts prints its URL): a free port picked beforehand could be taken by
 * another test file's server while this process starts, and the balancer would then talk to that one.
 */
export class GatewayProcess {
  child: ChildProcess | undefined;
  port = 0;
  constructor(
    private readonly env: Record<string, string>,
    private readonly onListening: (port: number) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], {
      env: { ...process.env, ...this.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const port = /gateway on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
        if (port !== undefined) resolve(Number(port));
      });
      child.once('exit', (code) => {
        reject(new Error(`gateway exited with ${String(code)} before listening`));
      });
    });
    this.onListening(this.port);
  }

  /** SIGKILL: no graceful shutdown, as a crash or an OOM kill. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

export interface BalancedSchool {
  devserver: DevServer;
  balancer: Balancer;
  gateways: GatewayProcess[];
  /** The replicas' shared Redis, on a Unix socket of its own (gateway/testing/redis-server.ts). */
  redis: TestRedis;
  close(): Promise<void>;
}

export async function startBalancedSchool(): Promise<BalancedSchool> {
  const redis = await startRedisServer();
  // Filled in as the replicas listen (again, after a restart: on a new port).
  const ports = [0, 0];
  const balancer = await startBalancer(ports);
  const devserver = await startDevServer({
    quiet: true,
    oauthClients: [{ name: 'Klassenraum', clientId: 'klassenraum-lb', clientSecret: 'lb-secret', redirectUri: `${balancer.url}/auth/callback` }],
  });
  const env = {
    APP_URL: balancer.url,
    NEXTCLOUD_URL: devserver.url,
    OAUTH_CLIENT_ID: 'klassenraum-lb',
    OAUTH_CLIENT_SECRET: 'lb-secret',
    SESSION_STORE: 'redis',
    REDIS_URL: redis.url,
  };
  const gateways = ports.map((_, i) => new GatewayProcess(env, (port) => (ports[i] = port)));
  await Promise.all(gateways.map((g) => g.start()));
  return {
    devserver,
    balancer,
    gateways,
    redis,
    async close() {
      for (const g of gateways) await g.kill();
      await balancer.close();
      await devserver.close();
      await redis.close();
    },
  };
}
