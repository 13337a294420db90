import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeWithPassword, grantLoginFlow } from '../auth/browser-client.js';
import { startDevServer, type DevServer } from '../server.js';
import { loadResponseValidator, openApiDir, type ResponseValidator, type ValidationResult } from './validator.js';

/** The specs live outside the repository: required in CI, reported as absent elsewhere. */
function specs(): ResponseValidator | null {
  const v = loadResponseValidator();
  if (v === null) {
    if (process.env['CI'] === 'true') throw new Error(`OpenAPI specs are required in CI but absent at ${openApiDir()}`);
    console.warn(`OpenAPI specs absent at ${openApiDir()}: validation tests report only.`);
  }
  return v;
}

describe('OpenAPI response validator', () => {
  it('finds operations across specs, with and without /index.php, with enum path params', () => {
    const v = specs();
    if (v === null) return;
    expect(v.findOperation('GET', '/ocs/v2.php/cloud/user')?.operationId).toBe('users-get-current-user');
    expect(v.findOperation('POST', '/apps/oauth2/api/v1/token')?.operationId).toBe('oauth_api-get-token');
    expect(v.findOperation('POST', '/index.php/login/v2/poll')?.operationId).toBe('client_flow_login_v2-poll');
    expect(v.findOperation('GET', '/ocs/v2.php/apps/notifications/api/v2/notifications')?.operationId).toBe('endpoint-list-notifications');
    expect(v.findOperation('GET', '/ocs/v2.php/apps/spreed/api/v4/room?includeStatus=true')?.operationId).toBe('room-get-rooms');
    expect(v.findOperation('GET', '/ocs/v2.php/apps/notifications/api/v9/notifications')).toBeUndefined();
  });

  it('reports a body that breaks the schema', () => {
    const v = specs();
    if (v === null) return;
    const r = v.validate('GET', '/status.php', 200, { installed: 'yes' });
    expect(r.kind).toBe('invalid');
    expect(v.validate('GET', '/ocs/v1.php/cloud/user', 200, {}).kind).toBe('skipped');
  });
});

describe('every Part A response validates', () => {
  let server: DevServer;
  const results: { what: string; result: ValidationResult }[] = [];
  const validator = loadResponseValidator();

  beforeAll(async () => {
    server = await startDevServer({ quiet: true, validateResponses: 'throw' });
  });
  afterAll(async () => {
    await server.close();
  });

  async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${server.url}${path}`, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(500);
    const json: unknown = text === '' ? null : JSON.parse(text);
    if (validator !== null) results.push({ what: `${method} ${path} ${res.status}`, result: validator.validate(method, path, res.status, json) });
    return { status: res.status, json };
  }

  const ocs = (authorization: string): Record<string, string> => ({ authorization, 'ocs-apirequest': 'true', accept: 'application/json' });
  const basic = (u: string, p = 'klassenraum'): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('status, capabilities, users, OAuth2, Login Flow v2, app password, user status, autocomplete, notifications', async () => {
    const v = specs();
    await call('GET', '/status.php');
    await call('GET', '/ocs/v2.php/cloud/capabilities', { headers: ocs(basic('s7a1')) });
    await call('GET', '/ocs/v2.php/cloud/user', { headers: ocs(basic('s7a1')) });
    await call('GET', '/ocs/v2.php/cloud/user', { headers: ocs(basic('s7a1', 'wrong')) });
    await call('GET', '/ocs/v2.php/cloud/users/s7a1', { headers: ocs(basic('s7a1')) });

    const redirect = await authorizeWithPassword(`${server.url}/index.php/apps/oauth2/authorize?client_id=klassenraum-demo&state=s&response_type=code`, 's7a1', 'klassenraum');
    const creds = { client_id: 'klassenraum-demo', client_secret: 'klassenraum-demo-secret' };
    const issued = await call('POST', '/index.php/apps/oauth2/api/v1/token', {
      headers: form,
      body: new URLSearchParams({ ...creds, grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '' }).toString(),
    });
    const tokens = issued.json as { access_token: string; refresh_token: string };
    const refreshed = await call('POST', '/index.php/apps/oauth2/api/v1/token', {
      headers: form,
      body: new URLSearchParams({ ...creds, grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString(),
    });
    await call('POST', '/index.php/apps/oauth2/api/v1/token', {
      headers: form,
      body: new URLSearchParams({ ...creds, grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString(),
    });
    const bearer = `Bearer ${(refreshed.json as { access_token: string }).access_token}`;
    await call('GET', '/ocs/v2.php/cloud/user', { headers: ocs(bearer) });

    const init = await call('POST', '/index.php/login/v2');
    const flow = init.json as { poll: { token: string }; login: string };
    await call('POST', '/index.php/login/v2/poll', { headers: form, body: `token=${flow.poll.token}` });
    await grantLoginFlow(flow.login, 'schmidt', 'klassenraum');
    await call('POST', '/index.php/login/v2/poll', { headers: form, body: `token=${flow.poll.token}` });

    await call('GET', '/ocs/v2.php/apps/user_status/api/v1/user_status', { headers: ocs(basic('s7a1')) });
    await call('PUT', '/ocs/v2.php/apps/user_status/api/v1/user_status/status', {
      headers: { ...ocs(basic('s7a1')), 'content-type': 'application/json' },
      body: JSON.stringify({ statusType: 'dnd' }),
    });
    await call('PUT', '/ocs/v2.php/apps/user_status/api/v1/user_status/message/custom', {
      headers: { ...ocs(basic('s7a1')), 'content-type': 'application/json' },
      body: JSON.stringify({ statusIcon: '📚', message: 'Mathe', clearAt: null }),
    });
    await call('PUT', '/ocs/v2.php/apps/user_status/api/v1/user_status/message/predefined', {
      headers: { ...ocs(basic('s7a2')), 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: 'meeting' }),
    });
    await call('GET', '/ocs/v2.php/apps/user_status/api/v1/predefined_statuses', { headers: ocs(basic('s7a1')) });
    await call('GET', '/ocs/v2.php/apps/user_status/api/v1/statuses?limit=50', { headers: ocs(basic('schmidt')) });
    await call('GET', '/ocs/v2.php/apps/user_status/api/v1/statuses/s7a1', { headers: ocs(basic('schmidt')) });
    await call('PUT', '/ocs/v2.php/apps/user_status/api/v1/heartbeat', { headers: { ...ocs(basic('s7a3')), ...form }, body: 'status=online' });
    await call('DELETE', '/ocs/v2.php/apps/user_status/api/v1/user_status/message', { headers: ocs(basic('s7a1')) });
    await call('GET', '/ocs/v2.php/core/autocomplete/get?search=s&itemType=&itemId=&shareTypes[]=0&shareTypes[]=1&limit=10', { headers: ocs(basic('schmidt')) });
    await call('GET', '/ocs/v2.php/search/providers', { headers: ocs(basic('s7a1')) });
    await call('GET', '/ocs/v2.php/apps/notifications/api/v2/notifications', { headers: ocs(basic('s7a1')) });

    await call('DELETE', '/ocs/v2.php/core/apppassword', { headers: ocs(basic('s7a1')) });
    await call('DELETE', '/ocs/v2.php/core/apppassword', { headers: ocs(bearer) });

    expect(server.control.schemaViolations()).toEqual([]);
    const overHttp = (await (await fetch(`${server.url}/__devserver/schema-violations`)).json()) as { enabled: boolean; violations: unknown[] };
    expect(overHttp.violations).toEqual([]);
    if (v === null) return;
    expect(overHttp.enabled).toBe(true);
    const invalid = results.filter((r) => r.result.kind === 'invalid');
    expect(invalid, JSON.stringify(invalid, null, 1)).toEqual([]);
    const validated = results.filter((r) => r.result.kind === 'valid').map((r) => r.what);
    // Each documented response was actually checked, not skipped.
    for (const must of ['GET /status.php 200', 'GET /ocs/v2.php/cloud/user 200', 'GET /ocs/v2.php/cloud/user 401', 'POST /index.php/login/v2/poll 404', 'POST /index.php/login/v2 200', 'DELETE /ocs/v2.php/core/apppassword 403']) {
      expect(validated).toContain(must);
    }
    expect(validated.filter((w) => w.startsWith('POST /index.php/apps/oauth2/api/v1/token')).length).toBe(3);
  });
});
