import { assertNoSchemaViolations, startDevServer, type DevServer, type DevServerOptions } from '../../devserver/src/server.js';
import { loadConfig } from '../src/config.js';
import { startGateway, type Gateway } from '../src/server.js';
import type { SessionStore } from '../src/session-store.js';
import { backAtApp, CookieClient, passNextcloudLogin } from './browserless-login.js';
import { freePort } from './free-port.js';

export const PASSWORD = 'klassenraum';
export const CSRF = { 'x-requested-with': 'klassenraum' };

export { freePort };

export interface TestSchool {
  devserver: DevServer;
  gateways: Gateway[];
  appUrls: string[];
  close(): Promise<void>;
}

/** The dev server plus `count` gateways (sharing `store` when given, as with Redis). */
export async function startTestSchool(
  opts: { devserver?: DevServerOptions; env?: Record<string, string>; count?: number; store?: () => SessionStore } = {},
): Promise<TestSchool> {
  const ports = await Promise.all(Array.from({ length: opts.count ?? 1 }, () => freePort()));
  const appUrls = ports.map((p) => `http://127.0.0.1:${p}`);
  const devserver = await startDevServer({
    quiet: true,
    validateResponses: true,
    ...opts.devserver,
    oauthClients: appUrls.map((u, i) => ({ name: `Klassenraum ${i}`, clientId: `client-${i}`, clientSecret: `secret-${i}`, redirectUri: `${u}/auth/callback` })),
  });
  const gateways: Gateway[] = [];
  for (const [i, port] of ports.entries()) {
    const store = opts.store?.();
    gateways.push(
      await startGateway(
        loadConfig({
          PORT: String(port),
          APP_URL: appUrls[i] ?? '',
          NEXTCLOUD_URL: devserver.url,
          OAUTH_CLIENT_ID: `client-${i}`,
          OAUTH_CLIENT_SECRET: `secret-${i}`,
          ...opts.env,
        }),
        { log: () => undefined, ...(store ? { store } : {}) },
      ),
    );
  }
  return {
    devserver,
    gateways,
    appUrls,
    async close() {
      const violations = devserver.control.schemaViolations();
      for (const g of gateways) await g.close();
      await devserver.close();
      assertNoSchemaViolations(violations);
    },
  };
}

/** Logs in through the gateway's OAuth2 redirect and Nextcloud's pages; returns the client holding the session cookie. */
export async function oauthLogin(appUrl: string, user: string, returnTo = '/'): Promise<{ client: CookieClient; landedOn: string }> {
  const client = new CookieClient();
  const start = await client.request(`${appUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const authorize = start.headers.get('location');
  if (start.status !== 303 || !authorize) throw new Error(`login start answered ${start.status}`);
  const back = await passNextcloudLogin(client, new URL(authorize, appUrl).href, user, PASSWORD, backAtApp(appUrl));
  if (!back) throw new Error('Nextcloud login did not redirect back');
  const callback = await client.request(back);
  const landedOn = callback.headers.get('location') ?? '';
  return { client, landedOn };
}
