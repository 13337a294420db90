import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { LiveKitBridge } from './livekit.js';
import { NextcloudClient } from './nextcloud-client.js';
import { loadTenants } from './tenants.js';

const dir = mkdtempSync(join(tmpdir(), 'kr-tenants-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function file(content: unknown): string {
  const path = join(dir, `tenants-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const schoolA = {
  id: 'schule-a',
  host: 'klassenraum.schule-a.de',
  settings: {
    APP_URL: 'https://klassenraum.schule-a.de',
    NEXTCLOUD_URL: 'https://cloud.schule-a.de/',
    OAUTH_CLIENT_ID: 'klassenraum-a',
    OAUTH_CLIENT_SECRET: 'env:SCHULE_A_SECRET',
  },
};
const schoolB = {
  id: 'gym-b',
  settings: {
    APP_URL: 'https://Klassenraum.Gym-B.de',
    NEXTCLOUD_URL: 'https://cloud.traeger.de',
    DIRECTORY_PRESET: 'ucsatschool',
    DIRECTORY_SCHOOL: 'gym-b',
    LIVEKIT_TOKEN_TTL: 900,
  },
};

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadTenants(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('loadTenants accepted the configuration');
}

describe('TENANTS_FILE', () => {
  it('is not needed: without it there is no tenant setup (one school from the environment)', () => {
    expect(loadTenants({ APP_URL: 'https://x.de', NEXTCLOUD_URL: 'https://c.x.de' })).toBeNull();
    expect(loadTenants({ TENANTS_FILE: '' })).toBeNull();
  });

  it('gives each school its own complete configuration, host and Redis prefix, secrets from the environment', () => {
    const env = { TENANTS_FILE: file({ tenants: [schoolA, schoolB] }), SCHULE_A_SECRET: 's3cret', SESSION_STORE: 'redis', REDIS_URL: 'redis://r:6379/0', REDIS_PREFIX: 'kr:', PORT: '9000' };
    const setup = loadTenants(env);
    expect(setup?.port).toBe(9000);
    expect(setup?.sessionStore).toEqual({ kind: 'redis', url: 'redis://r:6379/0' });
    const [a, b] = setup?.tenants ?? [];
    expect(a?.host).toBe('klassenraum.schule-a.de');
    expect(a?.config.oauth).toEqual({ clientId: 'klassenraum-a', clientSecret: 's3cret' });
    expect(a?.config.authMode).toBe('oauth2');
    expect(a?.config.nextcloudUrl.href).toBe('https://cloud.schule-a.de/');
    expect(a?.config.sessionStore).toEqual({ kind: 'redis', url: 'redis://r:6379/0', prefix: 'kr:schule-a:' });
    expect(a?.config.directory.preset).toBe('klassenraum');
    expect(a?.config.tenantId).toBe('schule-a');
    expect(b?.host).toBe('klassenraum.gym-b.de');
    expect(b?.config.publicOrigin).toBe('https://klassenraum.gym-b.de');
    expect(b?.config.authMode).toBe('loginflow');
    expect(b?.config.directory.teacherGroups).toEqual(['lehrer-gym-b']);
    expect(b?.config.sessionStore).toEqual({ kind: 'redis', url: 'redis://r:6379/0', prefix: 'kr:gym-b:' });
  });

  it('refuses a second school on the same host, and a repeated id', () => {
    const twin = { ...schoolB, id: 'schule-a2', settings: { ...schoolB.settings, APP_URL: 'https://klassenraum.schule-a.de:8443' } };
    expect(failure({ TENANTS_FILE: file({ tenants: [schoolA, twin] }), SCHULE_A_SECRET: 's' })).toMatch(
      /tenant "schule-a2" has the same host "klassenraum\.schule-a\.de" as tenant "schule-a"/,
    );
    const sameId = { ...schoolB, id: 'schule-a' };
    expect(failure({ TENANTS_FILE: file({ tenants: [schoolA, sameId] }), SCHULE_A_SECRET: 's' })).toMatch(/tenant "schule-a" has the same id "schule-a"/);
  });

  it('names the tenant and the field of a bad setting', () => {
    const bad = { ...schoolB, settings: { ...schoolB.settings, NEXTCLOUD_URL: 'not a url' } };
    expect(failure({ TENANTS_FILE: file({ tenants: [schoolA, bad] }), SCHULE_A_SECRET: 's' })).toMatch(/tenant "gym-b": Invalid gateway configuration:\n\s+NEXTCLOUD_URL:/);
    const badId = { ...schoolB, id: 'Gym B' };
    expect(failure({ TENANTS_FILE: file({ tenants: [badId] }) })).toMatch(/tenant "Gym B": id: lower-case letters/);
    const shared = { ...schoolB, settings: { ...schoolB.settings, REDIS_URL: 'redis://other' } };
    expect(failure({ TENANTS_FILE: file({ tenants: [shared] }) })).toMatch(/tenant "gym-b": REDIS_URL is not a school's setting \(all schools share it/);
    const noSecret = { TENANTS_FILE: file({ tenants: [schoolA] }) };
    expect(failure(noSecret)).toMatch(/tenant "schule-a": OAUTH_CLIENT_SECRET refers to env:SCHULE_A_SECRET, which is not set/);
    const mapping = { ...schoolB, settings: { ...schoolB.settings, DIRECTORY_SCHOOL: undefined } };
    expect(failure({ TENANTS_FILE: file({ tenants: [mapping] }) })).toMatch(/tenant "gym-b": .*ucsatschool preset needs the school/s);
  });

  it('refuses a host that is not APP_URL\'s, and school settings left in the environment', () => {
    const wrongHost = { ...schoolA, host: 'klassenraum.schule-b.de' };
    expect(failure({ TENANTS_FILE: file({ tenants: [wrongHost] }), SCHULE_A_SECRET: 's' })).toMatch(
      /tenant "schule-a": host "klassenraum\.schule-b\.de" is not APP_URL's host "klassenraum\.schule-a\.de"/,
    );
    expect(failure({ TENANTS_FILE: file({ tenants: [schoolB] }), OAUTH_CLIENT_ID: 'leftover', NEXTCLOUD_URL: 'https://old' })).toMatch(
      /NEXTCLOUD_URL, OAUTH_CLIENT_ID belong\(s\) in the tenants file/,
    );
  });

  it('says which file is missing or broken', () => {
    expect(failure({ TENANTS_FILE: join(dir, 'nope.json') })).toMatch(/TENANTS_FILE: cannot read .*nope\.json/);
    expect(failure({ TENANTS_FILE: file('{ "tenants": [ ') })).toMatch(/is not JSON/);
    expect(failure({ TENANTS_FILE: file({ tenants: [] }) })).toMatch(/tenants: name at least one school/);
    expect(failure({ TENANTS_FILE: file({ schools: [schoolB] }) })).toMatch(/Invalid TENANTS_FILE/);
  });
});

describe('LiveKit rooms of several schools', () => {
  const livekit = { LIVEKIT_URL: 'wss://livekit.traeger.de', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 'a-livekit-secret-of-32-characters!' };
  const onOneNextcloud = (id: string, host: string) => ({
    id,
    settings: { APP_URL: `https://${host}`, NEXTCLOUD_URL: 'https://cloud.traeger.de', DIRECTORY_PRESET: 'ucsatschool', DIRECTORY_SCHOOL: id, ...livekit },
  });

  function roomOf(config: ReturnType<typeof loadConfig>, talkToken: string): string {
    const client = new NextcloudClient(config.nextcloudUrl, config.userAgent);
    const settings = config.livekit;
    if (!settings) throw new Error('no LiveKit');
    const room = new LiveKitBridge(config, client, settings).roomName(talkToken);
    client.close();
    return room;
  }

  it('never meet, even on one shared Nextcloud with the same Talk token; one school alone keeps its room names', () => {
    const setup = loadTenants({ TENANTS_FILE: file({ tenants: [onOneNextcloud('gym-a', 'kr.gym-a.de'), onOneNextcloud('gym-b', 'kr.gym-b.de')] }) });
    const [a, b] = (setup?.tenants ?? []).map((t) => roomOf(t.config, 'abc123xy'));
    expect(a).toMatch(/^kr-gym-a-[0-9a-f]{12}-abc123xy$/);
    expect(b).toMatch(/^kr-gym-b-[0-9a-f]{12}-abc123xy$/);
    const alone = loadConfig({ APP_URL: 'https://kr.gym-a.de', NEXTCLOUD_URL: 'https://cloud.traeger.de', ...livekit });
    expect(roomOf(alone, 'abc123xy')).toMatch(/^kr-[0-9a-f]{12}-abc123xy$/);
  });
});
