import { setTimeout as sleep } from 'node:timers/promises';
import { startBalancedSchool } from '../../gateway/testing/faults/balanced-gateways.js';
import { CSRF, oauthLogin } from '../../gateway/testing/school.js';
import type { Figure } from './support.js';

/** The scenario of gateway/testing/faults/balanced-gateways.test.ts, counted for the table: two gateway processes
 * on one Redis behind a round-robin TCP balancer; each in turn SIGKILLed; three token expiries. */
export async function measureBalancedGateways(): Promise<Figure[]> {
  const school = await startBalancedSchool();
  try {
    const { client } = await oauthLogin(school.balancer.url, 's7a1');
    const url = `${school.balancer.url}/ocs/v2.php/cloud/user?format=json`;
    let ok = 0;
    let sent = 0;
    const burst = async (n: number): Promise<void> => {
      await Promise.all(
        Array.from({ length: n }, async () => {
          sent++;
          // One retry on a connection the dead replica left behind, as a browser does for a GET.
          const res = await client.request(url, { headers: { ...CSRF, 'ocs-apirequest': 'true' } }).catch(() => client.request(url, { headers: { ...CSRF, 'ocs-apirequest': 'true' } }));
          await res.arrayBuffer();
          if (res.status === 200) ok++;
        }),
      );
    };
    await burst(20);
    for (const g of school.gateways) {
      await g.kill();
      await sleep(300);
      await burst(20);
      await g.start();
    }
    const refreshes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token').length;
      school.devserver.control.expireAccessTokens();
      await burst(40);
      refreshes.push(school.devserver.control.tokenRequests().filter((t) => t.grantType === 'refresh_token').length - before);
    }
    return [
      {
        name: 'Two gateways on one Redis behind one port',
        value: `${ok} of ${sent} requests answered 200 for the session while each gateway in turn was killed; refreshes per expiry: ${refreshes.join(', ')}`,
        how: `two gateway processes (SESSION_STORE=redis, one redis-server) behind a round-robin TCP balancer; each SIGKILLed in turn and restarted; 3 token expiries each followed by 40 parallel requests spread over both (connections per gateway: ${school.balancer.connections.join(' / ')}); refreshes counted at the dev server's token endpoint; also a test in npm test (gateway/testing/faults/balanced-gateways.test.ts)`,
      },
    ];
  } finally {
    await school.close();
  }
}
