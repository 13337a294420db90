import { ConfigError, loadConfig } from './config.js';
import { startGateway } from './server.js';

/** Production entry point: configuration comes from the environment only (see README, "Deployment"). */
try {
  const config = loadConfig(process.env);
  const gateway = await startGateway(config);
  process.stdout.write(`Klassenraum gateway on ${gateway.url} (public ${config.publicOrigin}) -> Nextcloud ${config.nextcloudUrl.href} [${config.authMode}]\n`);
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
