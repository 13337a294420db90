import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CookieClient } from '../browserless-login.js';
import { CSRF, oauthLogin } from '../school.js';
import { startBalancedSchool, type BalancedSchool } from './balanced-gateways.js';

let school: BalancedSchool;

beforeAll(async () => {
  school = await startBalancedSchool();
}, 60_000);

afterAll(async () => {
  await school.close();
});

/** A GET on a kept-alive connection whose replica died is closed before any answer; browsers send such an
 * idempotent request again on a new connection, once. So does this client (and only then). */
async function getAsABrowserWould(client: CookieClient, url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await client.request(url, { headers });
  } catch (err) {
    // undici: "other side closed" before a response head arrived for this request.
    const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
    if (cause?.code !== 'UND_ERR_SOCKET') throw err;
    return client.request(url, { headers });
  }
}

/** `count` requests of the user's own data through the one port, `parallel` at a time; their statuses. */
async function load(client: CookieClient, count: number, parallel: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, async () => {
        const res = await getAsABrowserWould(client, `${school.balancer.url}/ocs/v2.php/cloud/user?format=json`, { ...CSRF, 'ocs-apirequest': 'true' });
        const body = (await res.json()) as { ocs?: { data?: { id?: string } } };
        return res.status === 200 && body.ocs?.data?.id === 's7a1' ? 200 : res.status;
      }),
    );
    statuses.push(...batch);
  }
  return statuses;
}

function refreshes(): number {
  return school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token').length;
}

describe('two gateway processes on one Redis behind one port', () => {
  it('keep the session when either gateway is killed, and refresh an expired token exactly once across both', async () => {
    const { client, landedOn } = await oauthLogin(school.balancer.url, 's7a1');
    // The login's steps went to either replica: it must still end signed in, back on the app.
    expect(landedOn).toBe('/');
    const [a, b] = school.gateways;
    if (!a || !b) throw new Error('two gateways expected');

    // Both replicas serve the one session.
    expect(await load(client, 20, 5)).toEqual(Array<number>(20).fill(200));
    expect(school.balancer.forwarded.every((n) => n > 0)).toBe(true);

    // Kill A (SIGKILL): B alone serves the session; then A comes back and B dies.
    await a.kill();
    // Idle kept-alive connections to the dead replica are closed by the balancer; let the client see that.
    await sleep(300);
    expect(await load(client, 10, 5)).toEqual(Array<number>(10).fill(200));
    await a.start();
    await b.kill();
    await sleep(300);
    expect(await load(client, 10, 5)).toEqual(Array<number>(10).fill(200));
    await b.start();

    // Two expiries, each followed by a burst spread over both replicas: one refresh per expiry.
    for (let expiry = 1; expiry <= 2; expiry++) {
      const before = school.balancer.forwarded.slice();
      const refreshesBefore = refreshes();
      school.devserver.control.expireAccessTokens();
      expect(await load(client, 40, 20)).toEqual(Array<number>(40).fill(200));
      // The burst reached both replicas (both may have found the expired token).
      expect(school.balancer.forwarded.every((n, i) => n > (before[i] ?? 0))).toBe(true);
      expect(refreshes() - refreshesBefore).toBe(1);
    }
  }, 60_000);
});
