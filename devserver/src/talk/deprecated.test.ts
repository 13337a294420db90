/**
 * Every operation Talk's OpenAPI spec (spreed.json) marks `deprecated`, and every documented no-op, must answer as
 * Talk 22 does and change nothing: an app that relies on one would work against the dev server and fail on the
 * school's server. A deprecated operation added to the spec without a case here fails the test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDir } from '../openapi/validator.js';
import { startDevServer, type DevServer } from '../server.js';

const API = '/ocs/v2.php/apps/spreed/api/v4';
const SPEC = join(openApiDir(), 'spreed.json');

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
});
afterAll(async () => {
  await server.close();
});

async function ocs(user: string, method: string, path: string, body?: Record<string, unknown>): Promise<{ status: number; data: unknown }> {
  const headers: Record<string, string> = {
    'ocs-apirequest': 'true',
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as { ocs: { data: unknown } };
  return { status: res.status, data: json.ocs.data };
}

/** A class conversation of schmidt with s7a1 and s7a2, and what a student may do in it. */
async function room(): Promise<{ token: string; studentPermissions: () => Promise<number> }> {
  const created = await ocs('schmidt', 'POST', `${API}/room`, { roomType: 2, roomName: 'Deprecated', invite: 'klasse-7a', source: 'groups' });
  expect(created.status).toBe(201);
  const token = (created.data as { token: string }).token;
  const studentPermissions = async (): Promise<number> => {
    const r = await ocs('s7a1', 'GET', `${API}/room/${token}`);
    return (r.data as { permissions: number }).permissions;
  };
  return { token, studentPermissions };
}

interface Case {
  /** What Talk 22 answers. */
  status: number;
  run: () => Promise<{ status: number; unchanged: boolean }>;
}

/** How to call each deprecated operation of spreed.json (method and path template as the spec names them). */
const CASES: Record<string, Case> = {
  'PUT /ocs/v2.php/apps/spreed/api/{apiVersion}/room/{token}/attendees/permissions/all': {
    status: 400,
    run: async () => {
      const r = await room();
      const before = await r.studentPermissions();
      // PERMISSIONS_CUSTOM | CHAT only: would take calls, audio, video and screen away from every student.
      const res = await ocs('schmidt', 'PUT', `${API}/room/${r.token}/attendees/permissions/all`, { method: 'set', permissions: 1 | 128 });
      return { status: res.status, unchanged: (await r.studentPermissions()) === before };
    },
  },
};

/** Documented no-ops that are not marked deprecated (a parameter value): conversation.md "`call` is no-op since Talk 20". */
const NO_OPS: Record<string, Case> = {
  'PUT /room/{token}/permissions/call': {
    status: 200,
    run: async () => {
      const r = await room();
      const before = await r.studentPermissions();
      const res = await ocs('schmidt', 'PUT', `${API}/room/${r.token}/permissions/call`, { permissions: 1 | 128 });
      return { status: res.status, unchanged: (await r.studentPermissions()) === before };
    },
  },
};

function deprecatedOperations(file = SPEC): string[] {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
  const out: string[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) if (op.deprecated === true) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out;
}

/** Deprecated operations of the other specs: the dev server does not implement them, so an app cannot come to rely on them. */
function otherDeprecatedOperations(): string[] {
  return readdirSync(openApiDir())
    .filter((f) => f.endsWith('.json') && f !== 'spreed.json')
    .flatMap((f) => deprecatedOperations(join(openApiDir(), f)));
}

const SAMPLE_PARAMS: Record<string, string> = { apiVersion: 'v2', userId: 's7a1', groupId: 'klasse-7a', x: '32', y: '32', file: 'a.txt' };

describe('deprecated and no-op Talk operations answer as Talk 22 and change nothing', () => {
  it('the spec is there to walk', () => {
    expect(existsSync(SPEC), `${SPEC} (set NEXTCLOUD_OPENAPI_DIR)`).toBe(true);
  });

  it('every operation spreed.json marks deprecated has a case here', () => {
    const ops = existsSync(SPEC) ? deprecatedOperations() : [];
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) expect(Object.keys(CASES), op).toContain(op);
  });

  it('deprecated operations of the other specs are not implemented (404)', async () => {
    const ops = existsSync(SPEC) ? otherDeprecatedOperations() : [];
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      const [method = 'GET', template = ''] = op.split(' ');
      const path = template.replace(/\{(\w+)\}/g, (_m, k: string) => SAMPLE_PARAMS[k] ?? 'x');
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'ocs-apirequest': 'true', accept: 'application/json', authorization: `Basic ${Buffer.from('schmidt:klassenraum').toString('base64')}` },
      });
      expect(res.status, op).toBe(404);
    }
  });

  for (const [name, c] of Object.entries({ ...CASES, ...NO_OPS })) {
    it(`${name} answers ${String(c.status)} and changes nothing`, async () => {
      const result = await c.run();
      expect(result.status).toBe(c.status);
      expect(result.unchanged).toBe(true);
    });
  }
});
