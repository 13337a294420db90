import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, urlFor } from './config.js';

const base = { APP_URL: 'https://klassenraum.schule.de/', NEXTCLOUD_URL: 'https://cloud.schule.de/nextcloud/' };

describe('loadConfig', () => {
  it('picks OAuth2 when a client is configured, Login Flow v2 otherwise', () => {
    expect(loadConfig({ ...base, OAUTH_CLIENT_ID: 'id', OAUTH_CLIENT_SECRET: 's' }).authMode).toBe('oauth2');
    expect(loadConfig(base).authMode).toBe('loginflow');
  });
  it('keeps a sub-directory install and normalises origins', () => {
    const c = loadConfig({ ...base, EMBED_ALLOWED_ORIGINS: 'https://start.schulportal.hessen.de, https://x.de/' });
    expect(c.publicOrigin).toBe('https://klassenraum.schule.de');
    expect(urlFor(c.nextcloudUrl, '/ocs/v2.php/cloud/user')).toBe('https://cloud.schule.de/nextcloud/ocs/v2.php/cloud/user');
    expect(c.embedOrigins).toEqual(['https://start.schulportal.hessen.de', 'https://x.de']);
  });
  it('explains what is missing', () => {
    expect(() => loadConfig({ APP_URL: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, AUTH_MODE: 'oauth2' })).toThrow(/OAUTH_CLIENT_ID/);
    expect(() => loadConfig({ ...base, SESSION_STORE: 'redis' })).toThrow(/REDIS_URL/);
  });
});
