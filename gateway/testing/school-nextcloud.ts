import { startDevServer, type DevServer } from '../../devserver/src/server.js';

/** One school's Nextcloud (a dev server) for a gateway serving several schools: its own name in theming and
 * an OAuth client `clientId` (secret `<clientId>-secret`) that returns to `appUrl`. */
export function schoolNextcloud(appUrl: string, clientId: string, name: string): Promise<DevServer> {
  return startDevServer({
    quiet: true,
    validateResponses: true,
    theming: { name },
    oauthClients: [{ name: 'Klassenraum', clientId, clientSecret: `${clientId}-secret`, redirectUri: `${appUrl}/auth/callback` }],
  });
}
