/**
 * The dev server for the benches, in its own process: the seeded school (plus DEVSERVER_EXTRA_STUDENTS in
 * class 7a) with one OAuth2 client for the bench gateway (redirect URI BENCH_REDIRECT_URI), and Talk's HPB when
 * DEVSERVER_SIGNALING_URL names one.
 */
import { startDevServer } from '../../devserver/src/server.js';

const server = await startDevServer({
  port: Number(process.env['DEVSERVER_PORT'] ?? 0),
  quiet: true,
  extraStudents: Number(process.env['DEVSERVER_EXTRA_STUDENTS'] ?? 0),
  accessTokenTtlSeconds: Number(process.env['DEVSERVER_ACCESS_TOKEN_TTL'] ?? 3600),
  oauthClients: [{ name: 'Klassenraum', clientId: 'klassenraum-bench', clientSecret: 'bench-secret', redirectUri: process.env['BENCH_REDIRECT_URI'] ?? '' }],
  // Talk's high-performance backend, when the bench started one (DEVSERVER_SIGNALING_URL and _SECRET).
  ...(process.env['DEVSERVER_SIGNALING_URL'] ? { signalingServer: { url: process.env['DEVSERVER_SIGNALING_URL'], secret: process.env['DEVSERVER_SIGNALING_SECRET'] ?? '' } } : {}),
});
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});
