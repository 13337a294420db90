import { ConfigError, loadConfig } from './config.js';
import { startGateway } from './server.js';
import { startTenantGateway } from './tenant-gateway.js';
import { loadTenants } from './tenants.js';

/** Production entry point: configuration comes from the environment (see README, "Deployment"), and with
 * TENANTS_FILE the schools from that file (docs/deployment.md, "Mehrere Schulen / several schools"). */
async function start(): Promise<{ close(): Promise<void> }> {
  const setup = loadTenants(process.env);
  if (setup) {
    const gateway = await startTenantGateway(setup);
    process.stdout.write(`Klassenraum gateway on ${gateway.url} for ${setup.tenants.length} schools:\n`);
    for (const t of setup.tenants) process.stdout.write(`  ${t.id}: ${t.config.publicOrigin} -> Nextcloud ${t.config.nextcloudUrl.href} [${t.config.authMode}]\n`);
    return gateway;
  }
  const config = loadConfig(process.env);
  const gateway = await startGateway(config);
  process.stdout.write(`Klassenraum gateway on ${gateway.url} (public ${config.publicOrigin}) -> Nextcloud ${config.nextcloudUrl.href} [${config.authMode}]\n`);
  return gateway;
}

try {
  const gateway = await start();
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
