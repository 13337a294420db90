/**
 * One gateway for several schools (docs/adr/0015-tenants-by-host.md): one complete school gateway per tenant
 * (server.ts, with its own Nextcloud client, session store, caches and LiveKit bridge), and in front of them a
 * dispatcher that picks the school by the request's Host header. An unknown host gets 421, never a default school.
 */
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import { json } from './reply.js';
import { closeServer, createGatewayHandler, createHttpServer, listen, type GatewayHandler } from './server.js';
import type { SessionStore } from './session-store.js';
import { MemorySessionStore } from './stores/memory-store.js';
import { openRedis, RedisSessionStore } from './stores/redis-store.js';
import { TenantBoundStore } from './stores/tenant-store.js';
import type { Tenant, TenantSetup } from './tenants.js';

export interface TenantGateway {
  server: http.Server;
  url: string;
  /** Each school's gateway by tenant id (its config and session store). */
  tenants: Map<string, GatewayHandler>;
  close(): Promise<void>;
}

export interface TenantGatewayOptions {
  log?: (line: string) => void;
}

/** The host name of a Host header, lower case and without the port; null when there is none or it is malformed. */
export function hostName(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?$/i.exec(header.trim());
  return m?.[1]?.toLowerCase() ?? null;
}

function misdirected(res: ServerResponse): void {
  res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end('Misdirected Request: this gateway serves no school under this host name.\n');
}

/** The request handler in front of the schools' gateways. */
export function dispatchByHost(byHost: ReadonlyMap<string, GatewayHandler>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // The load balancer's health check may use any name (often the bare IP).
    if ((req.url ?? '').split('?')[0] === '/healthz') {
      json(res, 200, { ok: true });
      return;
    }
    // Only Host: X-Forwarded-Host would let any client pick a school unless every proxy in front rewrote it.
    const host = hostName(req.headers.host);
    const handler = host === null ? undefined : byHost.get(host);
    if (handler) handler.handle(req, res);
    else misdirected(res);
  };
}

function tenantStore(tenant: Tenant, redis: Redis | null): SessionStore {
  const { sessionStore } = tenant.config;
  const base = redis && sessionStore.kind === 'redis' ? new RedisSessionStore(redis, sessionStore.prefix) : new MemorySessionStore();
  return new TenantBoundStore(base, tenant.id);
}

export async function startTenantGateway(setup: TenantSetup, options: TenantGatewayOptions = {}): Promise<TenantGateway> {
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  // One connection for all schools; each school's store writes under its own key prefix.
  const redis = setup.sessionStore.kind === 'redis' ? openRedis(setup.sessionStore.url) : null;
  const tenants = new Map<string, GatewayHandler>();
  const byHost = new Map<string, GatewayHandler>();
  for (const tenant of setup.tenants) {
    const handler = createGatewayHandler(tenant.config, { store: tenantStore(tenant, redis), log: (line) => log(`[${tenant.id}] ${line}`) });
    tenants.set(tenant.id, handler);
    byHost.set(tenant.host, handler);
  }
  const server = createHttpServer(dispatchByHost(byHost));
  const closeAll = async (): Promise<void> => {
    for (const handler of tenants.values()) await handler.close();
    await redis?.quit();
  };
  let url: string;
  try {
    url = await listen(server, setup);
  } catch (err) {
    await closeAll();
    throw err;
  }
  return {
    server,
    url,
    tenants,
    async close() {
      await closeServer(server);
      await closeAll();
    },
  };
}
