import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer, type DevServer } from '../../devserver/src/server.js';
import { loadConfig } from '../../gateway/src/config.js';
import { startGateway, type Gateway } from '../../gateway/src/server.js';
import { freePort, waitForPort } from '../../gateway/testing/free-port.js';

/**
 * A school as deploy/ describes it: the dev server as Nextcloud, the gateway on loopback with TRUST_PROXY=1, and
 * Debian's nginx in front with deploy/nginx/klassenraum.conf (only addresses, names and the certificate replaced)
 * and a self-signed certificate. Browsers reach nginx through a CONNECT proxy that leaves from 127.0.0.9, so the
 * browser's address differs from every server's (127.0.0.1).
 */

export const BROWSER_IP = '127.0.0.9';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so';

export interface NginxWorld {
  appUrl: string;
  proxyUrl: string;
  devserver: DevServer;
  close(): Promise<void>;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`deploy/nginx/klassenraum.conf no longer has "${from}"; update this test with it`);
  return text.replace(from, to);
}

/** deploy/nginx/klassenraum.conf on loopback ports with the test's certificate. */
export function siteConfig(ports: { https: number; http: number; gateway: number }, certDir: string): string {
  let site = readFileSync(path.resolve('deploy/nginx/klassenraum.conf'), 'utf8');
  site = replaceOnce(site, 'server 127.0.0.1:8080;', `server 127.0.0.1:${String(ports.gateway)};`);
  site = replaceOnce(site, '    listen [::]:80;\n', '');
  site = replaceOnce(site, '    listen [::]:443 ssl http2;\n', '');
  site = replaceOnce(site, 'listen 80;', `listen 127.0.0.1:${String(ports.http)};`);
  site = replaceOnce(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${String(ports.https)} ssl http2;`);
  site = site.replaceAll('server_name klassenraum.example-schule.de;', 'server_name localhost;');
  site = replaceOnce(site, '/etc/ssl/klassenraum/fullchain.pem', path.join(certDir, 'cert.pem'));
  return replaceOnce(site, '/etc/ssl/klassenraum/privkey.pem', path.join(certDir, 'key.pem'));
}

function nginxConfig(dir: string, site: string): string {
  writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  return `load_module ${BROTLI_MODULE};
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${path.join(dir, 'site.conf')};
}
`;
}

/** An HTTP CONNECT proxy whose outgoing connections leave from BROWSER_IP. */
async function startConnectProxy(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect({ host: host === 'localhost' ? '127.0.0.1' : host, port: Number(port), localAddress: BROWSER_IP }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String(port)}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function selfSignedCertificate(dir: string): void {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
}

export async function startNginxWorld(): Promise<NginxWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klassenraum-nginx-'));
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, d));
  selfSignedCertificate(dir);
  const ports = { https: await freePort(), http: await freePort(), gateway: await freePort() };
  const appUrl = `https://localhost:${String(ports.https)}`;
  const devserver = await startDevServer({
    quiet: true,
    validateResponses: true,
    oauthClients: [{ name: 'Klassenraum', clientId: 'klassenraum-nginx', clientSecret: 'nginx-secret', redirectUri: `${appUrl}/auth/callback` }],
  });
  const gateway: Gateway = await startGateway(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: String(ports.gateway),
      APP_URL: appUrl,
      NEXTCLOUD_URL: devserver.url,
      OAUTH_CLIENT_ID: 'klassenraum-nginx',
      OAUTH_CLIENT_SECRET: 'nginx-secret',
      STATIC_DIR: path.resolve(process.env['E2E_DIST'] ?? 'dist'),
      TRUST_PROXY: '1',
    }),
    { log: () => undefined },
  );
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, siteConfig(ports, dir)));
  let logs = '';
  const nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stderr.on('data', (c: Buffer) => (logs += c.toString('utf8')));
  await waitForPort(ports.https, nginx, 'nginx', () => logs + readLog(dir), 10_000);
  const proxy = await startConnectProxy();
  return {
    appUrl,
    proxyUrl: proxy.url,
    devserver,
    close: async () => {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
      await proxy.close();
      await gateway.close();
      await devserver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}
