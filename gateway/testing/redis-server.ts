import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export interface TestRedis {
  url: string;
  /** A client for looking at what the gateway wrote. */
  client: Redis;
  close(): Promise<void>;
}

/** A real redis-server (Debian package `redis-server`) on a free loopback port, without persistence. */
export async function startRedisServer(): Promise<TestRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}/0`;
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const spawned: { error?: Error } = {};
  proc.once('error', (err) => {
    spawned.error = err;
  });
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections while the server starts are expected; connect() below reports what matters.
  client.on('error', () => undefined);
  for (let i = 0; ; i++) {
    if (spawned.error) throw new Error(`redis-server could not be started (apt-get install redis-server): ${spawned.error.message}`);
    try {
      await client.connect();
      break;
    } catch (err) {
      if (i >= 50) throw err;
      await sleep(100);
    }
  }
  return {
    url,
    client,
    async close() {
      await client.quit();
      proc.kill();
    },
  };
}
