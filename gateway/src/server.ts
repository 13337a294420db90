import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, type ApiContext } from './api-routes.js';
import { handleAuth, type AuthContext } from './auth-routes.js';
import { BRANDING_PATHS, handleBranding, SchoolBranding } from './branding.js';
import { clientIp } from './client-ip.js';
import type { GatewayConfig } from './config.js';
import { GatewaySessions, PENDING_OAUTH_MS } from './gateway-sessions.js';
import { guardRequestBody } from './idle-timeout.js';
import { LiveKitBridge } from './livekit.js';
import { relayTarget } from './login-relay.js';
import { LoginRelayRoutes } from './login-relay-routes.js';
import { NextcloudAuth } from './nextcloud-auth.js';
import { NextcloudClient } from './nextcloud-client.js';
import { NextcloudProxy } from './proxy.js';
import { isProxyPath, proxyTarget } from './proxy-target.js';
import { json } from './reply.js';
import { checkCsrf, checkImageRequest, setCommonHeaders } from './security.js';
import type { SessionStore } from './session-store.js';
import { staticFiles } from './static-files.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { RedisSessionStore } from './stores/redis-store.js';
import { TokenManager } from './token-manager.js';
import { SIGNED_OUT } from '../../src/api/gateway-contract.js';

export interface Gateway {
  server: http.Server;
  url: string;
  store: SessionStore;
  close(): Promise<void>;
}

export interface GatewayOptions {
  store?: SessionStore;
  log?: (line: string) => void;
}

/** Everything one request may need: built once per gateway. */
interface GatewayParts extends AuthContext, ApiContext {
  proxy: NextcloudProxy;
  branding: SchoolBranding;
  serveStatic: (req: IncomingMessage, res: ServerResponse) => void;
}

export function createSessionStore(config: GatewayConfig): SessionStore {
  return config.sessionStore.kind === 'redis'
    ? new RedisSessionStore(config.sessionStore.url, config.sessionStore.prefix)
    : new MemorySessionStore();
}

function assemble(config: GatewayConfig, options: GatewayOptions): GatewayParts {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const store = options.store ?? createSessionStore(config);
  const client = new NextcloudClient(config.nextcloudUrl, config.userAgent);
  const auth = new NextcloudAuth(config, client);
  const tokens = new TokenManager(store, auth, { sessionIdleSeconds: config.sessionIdleSeconds });
  const sessions = new GatewaySessions(config, store, auth);
  return {
    config,
    log,
    store,
    client,
    auth,
    tokens,
    sessions,
    proxy: new NextcloudProxy(config, client, store, tokens),
    livekit: config.livekit ? new LiveKitBridge(config, client, config.livekit) : null,
    serveStatic: staticFiles(config),
    branding: new SchoolBranding(client, [config.nextcloudUrl.pathname, config.nextcloudPublicUrl.pathname]),
    loginRelay: new LoginRelayRoutes(config, client, store, log, PENDING_OAUTH_MS),
    loadSession: (req) => sessions.load(req),
  };
}

/** /ocs, /remote.php, /index.php: relayed to Nextcloud with the session's token. */
async function handleProxy(parts: GatewayParts, req: IncomingMessage, res: ServerResponse, rawUrl: string, ip: string): Promise<void> {
  const target = proxyTarget(rawUrl);
  setCommonHeaders(res, parts.config);
  if (!target) {
    json(res, 400, { error: 'path_not_allowed' });
    return;
  }
  const verdict = target.kind === 'image' ? checkImageRequest(req) : checkCsrf(req, parts.config.publicOrigin);
  if (!verdict.ok) {
    json(res, 403, { error: 'csrf', reason: verdict.reason });
    return;
  }
  const session = await parts.sessions.load(req);
  if (!session?.record.auth) {
    json(res, 401, SIGNED_OUT);
    return;
  }
  await parts.proxy.handle(req, res, target, { key: session.key, record: session.record, clientIp: ip });
}

async function handle(parts: GatewayParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { config } = parts;
  const rawUrl = req.url ?? '/';
  if (!rawUrl.startsWith('/') || rawUrl.startsWith('//')) {
    setCommonHeaders(res, config);
    json(res, 400, { error: 'bad_request' });
    return;
  }
  const url = new URL(rawUrl, config.publicOrigin);
  const pathname = url.pathname;
  const method = req.method ?? 'GET';
  const ip = clientIp(req, config.trustProxyHops);

  const relayed = config.authMode === 'oauth2' ? relayTarget(config, method, rawUrl) : null;
  if (relayed) {
    await parts.loginRelay.handle(req, res, relayed, () => parts.sessions.load(req), ip);
  } else if (isProxyPath(rawUrl.split('?')[0] ?? '')) {
    await handleProxy(parts, req, res, rawUrl, ip);
  } else if (pathname === '/healthz') {
    json(res, 200, { ok: true });
  } else if (BRANDING_PATHS.has(pathname)) {
    setCommonHeaders(res, config);
    await handleBranding(parts.branding, req, res, pathname);
  } else if (pathname.startsWith('/api/')) {
    setCommonHeaders(res, config);
    await handleApi(parts, req, res, `${method} ${pathname}`, ip);
  } else if (pathname.startsWith('/auth/')) {
    setCommonHeaders(res, config);
    await handleAuth(parts, { req, res, url, ip }, method);
  } else if (method !== 'GET' && method !== 'HEAD') {
    setCommonHeaders(res, config);
    json(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
  } else {
    parts.serveStatic(req, res);
  }
}

/** One school's gateway without a listening socket: what startGateway serves, and what the tenant dispatcher
 * (tenant-gateway.ts) picks per request by host name. */
export interface GatewayHandler {
  config: GatewayConfig;
  store: SessionStore;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Releases the Nextcloud connections and the session store. */
  close(): Promise<void>;
}

export function createGatewayHandler(config: GatewayConfig, options: GatewayOptions = {}): GatewayHandler {
  const parts = assemble(config, options);
  return {
    config,
    store: parts.store,
    handle: (req, res) => {
      guardRequestBody(req, res, config.bodyIdleMs);
      handle(parts, req, res).catch((err: unknown) => {
        parts.log(`internal error on ${req.method ?? '?'} ${(req.url ?? '').split('?')[0] ?? ''}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        if (!res.headersSent) json(res, 500, { error: 'internal' });
        else res.destroy();
      });
    },
    async close() {
      parts.client.close();
      await parts.store.close();
    },
  };
}

/** Buffer size for relayed bodies (per direction and connection, only filled while the far side reads slower). */
export const RELAY_CHUNK_BYTES = 256 * 1024;

export function createHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): http.Server {
  // Relayed bodies move in chunks of up to RELAY_CHUNK_BYTES (the default of 16 KiB meant one read, one write
  // and one event-loop turn per 16 KiB of an upload or download).
  const server = http.createServer({ highWaterMark: RELAY_CHUNK_BYTES }, handler);
  // Uploads of large files may take long: no overall request deadline, but headers must arrive quickly.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

export async function listen(server: http.Server, config: Pick<GatewayConfig, 'host' | 'port'>): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const handler = createGatewayHandler(config, options);
  const server = createHttpServer(handler.handle);
  const url = await listen(server, config);
  return {
    server,
    url,
    store: handler.store,
    async close() {
      await closeServer(server);
      await handler.close();
    },
  };
}
