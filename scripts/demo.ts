/**
 * `npm start`: the demo school on this machine. Starts the development server (a Nextcloud stand-in
 * with a seeded school) and the gateway serving the built app, both on loopback, and prints how to log in.
 * When the Debian packages janus and nextcloud-spreed-signaling are installed, it also starts Talk's
 * high-performance backend on loopback, so the demo's video lessons work; without them the demo has no video.
 */
import path from 'node:path';
import { startDevServer } from '../devserver/src/server.js';
import { hpbInstalled, startHpb, type Hpb } from '../devserver/src/signaling/hpb-processes.js';
import { loadConfig } from '../gateway/src/config.js';
import { startGateway } from '../gateway/src/server.js';

const port = Number(process.env['PORT'] ?? 8080);
const devserverPort = Number(process.env['DEVSERVER_PORT'] ?? 8081);
const appUrl = `http://localhost:${port}`;
const clientId = 'klassenraum-demo';
const clientSecret = 'klassenraum-demo-secret';

const devserverUrl = `http://127.0.0.1:${String(devserverPort)}`;
const hpb: Hpb | null = hpbInstalled() && process.env['DEMO_VIDEO'] !== '0' ? await startHpb(devserverUrl) : null;

const devserver = await startDevServer({
  host: '127.0.0.1',
  port: devserverPort,
  oauthClients: [{ name: 'Klassenraum', clientId, clientSecret, redirectUri: `${appUrl}/auth/callback` }],
  stateFile: process.env['DEVSERVER_STATE_FILE'] ?? path.resolve('.devserver-state/demo.json'),
  quiet: true,
  // Failed logins slow the next ones down as on Nextcloud, at a tenth of its delays (0 turns it off).
  bruteforceDelayScale: Number(process.env['DEVSERVER_BRUTEFORCE_DELAY'] ?? 0.1),
  ...(hpb === null ? {} : { signalingServer: { url: hpb.url, secret: hpb.secret } }),
  // A second school with UCS@school names (docs/deployment.md walks through it with DIRECTORY_PRESET=ucsatschool).
  ...(process.env['DEVSERVER_EXTRA_SCHOOL'] === 'ucsatschool' ? { extraSchool: 'ucsatschool' as const } : {}),
});

/** The directory mapping an admin would set (docs/deployment.md), passed through to the demo's gateway. */
const directory = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('DIRECTORY_') && e[1] !== undefined));

const gateway = await startGateway(
  loadConfig({
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: appUrl,
    NEXTCLOUD_URL: devserver.url,
    OAUTH_CLIENT_ID: clientId,
    OAUTH_CLIENT_SECRET: clientSecret,
    STATIC_DIR: path.resolve(process.env['STATIC_DIR'] ?? 'dist'),
    ...(hpb === null ? {} : { CSP_CONNECT_SRC: hpb.url.replace(/^http/, 'ws') }),
    ...directory,
  }),
);

process.stdout.write(`
  Klassenraum läuft / is running:  ${appUrl}

  Demo-Schule (Passwort für alle / password for all: klassenraum)
    Lehrkraft / teacher:   schmidt   (Frau Schmidt, Klasse 7a)
                           mueller   (Herr Müller, Klasse 7b)
    Schüler / students:    s7a1 … s7a6 (Klasse 7a),  s7b1 … s7b3 (Klasse 7b)

  Nextcloud-Entwicklungsserver / development server: ${devserver.url}
  ${
    hpb === null
      ? 'Video: nicht eingerichtet / not set up (apt-get install janus nextcloud-spreed-signaling, see README)'
      : `Video: Talk-HPB / high-performance backend ${hpb.url} (Janus ${hpb.janusUrl})`
  }
  Beenden / stop: Strg+C / Ctrl+C
`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void Promise.all([gateway.close(), devserver.close(), hpb?.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
