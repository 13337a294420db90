/**
 * Several schools on one gateway (docs/adr/0015-tenants-by-host.md). TENANTS_FILE is a JSON file naming each
 * school (tenant): its id, optionally its host name, and the settings that make the school, with the same names
 * as the environment variables of a one-school gateway. What all schools share (HOST, PORT, SESSION_STORE,
 * REDIS_URL, TRUST_PROXY, ...) stays in the environment. Without TENANTS_FILE nothing here applies.
 */
import { z } from 'zod';
import { ConfigError, loadConfig, type GatewayConfig } from './config.js';
import { readJsonFile } from './json-file.js';

/** What makes a school: only in the tenants file (set in the environment as well, they are refused). */
export const SCHOOL_SETTINGS = [
  'APP_URL',
  'NEXTCLOUD_URL',
  'NEXTCLOUD_PUBLIC_URL',
  'AUTH_MODE',
  'OAUTH_CLIENT_ID',
  'OAUTH_CLIENT_SECRET',
  'EMBED_ALLOWED_ORIGINS',
  'LIVEKIT_URL',
  'LIVEKIT_API_KEY',
  'LIVEKIT_API_SECRET',
  'LIVEKIT_TOKEN_TTL',
  'DIRECTORY_CONFIG',
  'DIRECTORY_PRESET',
  'DIRECTORY_SCHOOL',
  'DIRECTORY_CLASS_GROUP',
  'DIRECTORY_CLASS_NAME',
  'DIRECTORY_TEACHER_GROUPS',
  'DIRECTORY_STUDENT_GROUPS',
] as const;

/** A school may set these; the environment gives the default for schools that do not. */
export const DEFAULTED_SETTINGS = ['SESSION_IDLE_SECONDS', 'SESSION_MAX_AGE_SECONDS', 'CSP_CONNECT_SRC'] as const;

/** The same for every school: environment only. */
const SHARED_SETTINGS = new Set(['HOST', 'PORT', 'STATIC_DIR', 'SESSION_STORE', 'REDIS_URL', 'REDIS_PREFIX', 'TRUST_PROXY', 'REQUEST_BODY_IDLE_SECONDS', 'UPSTREAM_IDLE_SECONDS']);

const ALLOWED = new Set<string>([...SCHOOL_SETTINGS, ...DEFAULTED_SETTINGS]);

export interface Tenant {
  id: string;
  /** The host name (lower case, no port) the school's requests arrive with: APP_URL's. */
  host: string;
  config: GatewayConfig;
}

export interface TenantSetup {
  host: string;
  port: number;
  /** One Redis connection for all schools (each school's config names its own key prefix), or memory stores. */
  sessionStore: { kind: 'memory' } | { kind: 'redis'; url: string };
  tenants: Tenant[];
}

/** Part of Redis keys and LiveKit room names, so short and plain. */
const TENANT_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

const settingValue = z.union([z.string(), z.number(), z.array(z.string()).transform((groups) => groups.join(','))]);

const fileSchema = z
  .object({
    tenants: z
      .array(
        z
          .object({
            id: z.string().regex(TENANT_ID, 'lower-case letters, digits and "-", at most 32, e.g. "gym-kassel"'),
            host: z.string().min(1).optional(),
            settings: z.record(z.string(), settingValue),
          })
          .strict(),
      )
      .min(1, 'name at least one school'),
  })
  .strict();

type TenantEntry = z.infer<typeof fileSchema>['tenants'][number];

/** `tenant "gym-a"` for an issue under tenants[i] (by the id written there, else by position). */
function tenantLabel(raw: unknown, index: number): string {
  const entry = (raw as { tenants?: unknown[] } | null)?.tenants?.[index] as { id?: unknown } | undefined;
  return typeof entry?.id === 'string' && entry.id !== '' ? `tenant "${entry.id}"` : `tenants[${index}]`;
}

function parseFile(file: string, raw: unknown): TenantEntry[] {
  const parsed = fileSchema.safeParse(raw);
  if (parsed.success) return parsed.data.tenants;
  const lines = parsed.error.issues.map((issue) => {
    const [top, index, ...rest] = issue.path;
    if (top === 'tenants' && typeof index === 'number') return `  ${tenantLabel(raw, index)}: ${rest.join('.') || '(entry)'}: ${issue.message}`;
    return `  ${issue.path.join('.') || '(file)'}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid TENANTS_FILE ${file}:\n${lines.join('\n')}`);
}

/** The tenant's settings as environment values, `"env:NAME"` replaced by that variable (secrets stay out of the file). */
function resolveSettings(entry: TenantEntry, env: NodeJS.ProcessEnv, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.settings)) {
    if (!ALLOWED.has(name)) {
      throw new ConfigError(
        `${where}: ${name} is not a school's setting` +
          (SHARED_SETTINGS.has(name)
            ? ' (all schools share it: set it in the environment).'
            : `. A school sets: ${[...ALLOWED].join(', ')}.`),
      );
    }
    const text = String(value);
    const ref = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(text)?.[1];
    const resolved = ref === undefined ? text : env[ref];
    if (resolved === undefined || resolved === '') throw new ConfigError(`${where}: ${name} refers to env:${ref ?? ''}, which is not set.`);
    out[name] = resolved;
  }
  return out;
}

function tenantFrom(entry: TenantEntry, env: NodeJS.ProcessEnv, file: string): Tenant {
  const where = `TENANTS_FILE ${file}, tenant "${entry.id}"`;
  const settings = resolveSettings(entry, env, where);
  if (settings['APP_URL'] === undefined) throw new ConfigError(`${where}: APP_URL is missing (the address of this school's Klassenraum).`);
  let config: GatewayConfig;
  try {
    config = loadConfig({ ...env, ...settings });
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${where}: ${err.message}`);
    throw err;
  }
  const host = new URL(config.publicOrigin).hostname;
  if (entry.host !== undefined && entry.host.toLowerCase() !== host) {
    throw new ConfigError(`${where}: host "${entry.host}" is not APP_URL's host "${host}" (the school is found by the host its address names).`);
  }
  const sessionStore: GatewayConfig['sessionStore'] =
    config.sessionStore.kind === 'redis' ? { ...config.sessionStore, prefix: `${config.sessionStore.prefix}${entry.id}:` } : config.sessionStore;
  return { id: entry.id, host, config: { ...config, tenantId: entry.id, sessionStore } };
}

function refuseDuplicates(tenants: Tenant[], file: string): void {
  const seen = new Map<string, string>();
  for (const t of tenants) {
    for (const [kind, value] of [['id', t.id], ['host', t.host]] as const) {
      const other = seen.get(`${kind}:${value}`);
      if (other !== undefined) throw new ConfigError(`TENANTS_FILE ${file}: tenant "${t.id}" has the same ${kind} "${value}" as tenant "${other}".`);
      seen.set(`${kind}:${value}`, t.id);
    }
  }
}

/** The schools of TENANTS_FILE, each with its complete configuration; null without TENANTS_FILE (one school from the environment). */
export function loadTenants(env: NodeJS.ProcessEnv): TenantSetup | null {
  const file = env['TENANTS_FILE'];
  if (file === undefined || file === '') return null;
  const inEnv = SCHOOL_SETTINGS.filter((name) => env[name] !== undefined && env[name] !== '');
  if (inEnv.length > 0) {
    throw new ConfigError(`TENANTS_FILE is set, so ${inEnv.join(', ')} belong(s) in the tenants file, per school, not in the environment.`);
  }
  const raw = readJsonFile('TENANTS_FILE', file, ConfigError);
  const tenants = parseFile(file, raw).map((entry) => tenantFrom(entry, env, file));
  refuseDuplicates(tenants, file);
  const first = tenants[0]?.config;
  if (!first) throw new ConfigError(`TENANTS_FILE ${file}: name at least one school.`);
  const sessionStore = first.sessionStore.kind === 'redis' ? { kind: 'redis' as const, url: first.sessionStore.url } : { kind: 'memory' as const };
  return { host: first.host, port: first.port, sessionStore, tenants };
}
