import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../session-cookie.js';
import { CookieClient } from '../../testing/browserless-login.js';
import { startRedisServer, type TestRedis } from '../../testing/redis-server.js';
import { CSRF, oauthLogin, startTestSchool } from '../../testing/school.js';
import { RedisSessionStore } from './redis-store.js';

// A real redis-server (Debian package `redis-server`; .ci/run installs it) on a Unix socket of its own: a free TCP
// port picked here could be picked at the same moment by another test file's server (it happened: every request 401).
let redis: TestRedis;
let url: string;

beforeAll(async () => {
  redis = await startRedisServer();
  url = redis.url;
});

afterAll(async () => {
  await redis.close();
});

describe('Redis session store', () => {
  it('patches fields independently and expires sessions', async () => {
    const store = new RedisSessionStore(url, 't1:');
    await store.patch('k', { user: { id: 'u', displayName: 'U' }, jar: { a: '1' } }, 60);
    await store.patch('k', { jar: null, lastSeenAt: 5 }, 1);
    expect(await store.get('k')).toEqual({ user: { id: 'u', displayName: 'U' }, lastSeenAt: 5 });
    await sleep(1100);
    expect(await store.get('k')).toBeNull();
    await store.close();
  });

  it('gives a lock to one holder at a time', async () => {
    const a = new RedisSessionStore(url, 't2:');
    const b = new RedisSessionStore(url, 't2:');
    const token = await a.acquireLock('refresh:x', 5000);
    expect(token).not.toBeNull();
    expect(await b.acquireLock('refresh:x', 5000)).toBeNull();
    await b.releaseLock('refresh:x', 'not-the-token');
    expect(await b.acquireLock('refresh:x', 5000)).toBeNull();
    await a.releaseLock('refresh:x', token ?? '');
    expect(await b.acquireLock('refresh:x', 5000)).not.toBeNull();
    await a.close();
    await b.close();
  });

  it('lets two gateways serve one session and refresh its token exactly once', async () => {
    const school = await startTestSchool({ count: 2, store: () => new RedisSessionStore(url, 'school:') });
    try {
      const [a = '', b = ''] = school.appUrls;
      const { client } = await oauthLogin(a, 'schmidt');
      const other = new CookieClient();
      other.setCookie(b, SESSION_COOKIE, client.cookie(a, SESSION_COOKIE) ?? '');
      school.devserver.control.expireAccessTokens();
      school.devserver.control.resetRequests();
      const fire = (c: CookieClient, base: string) =>
        Promise.all(Array.from({ length: 50 }, async () => (await c.request(`${base}/ocs/v2.php/cloud/user?format=json`, { headers: CSRF })).status));
      const [x, y] = await Promise.all([fire(client, a), fire(other, b)]);
      expect([...x, ...y].every((s) => s === 200)).toBe(true);
      expect(school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
    } finally {
      await school.close();
    }
  });
});
