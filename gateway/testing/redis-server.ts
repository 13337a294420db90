import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface TestRedis {
  /** What REDIS_URL is set to: the server's Unix socket path (ioredis takes a path as well as a redis:// URL). */
  url: string;
  /** A client for looking at what the gateway wrote. */
  client: Redis;
  close(): Promise<void>;
}

/** A real redis-server (Debian package `redis-server`) without persistence, listening on a Unix socket of its own
 * only: no TCP port, so no other test picking a free port at the same moment can end up talking to it. */
export async function startRedisServer(): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kr-redis-'));
  const socket = path.join(dir, 'redis.sock');
  const proc = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const spawned: { error?: Error } = {};
  proc.once('error', (err) => {
    spawned.error = err;
  });
  const client = new Redis(socket, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
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
    url: socket,
    client,
    async close() {
      await client.quit();
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
