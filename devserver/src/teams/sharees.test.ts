import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  // The UCS@school names beside the demo school; every answer is checked against Nextcloud's OpenAPI spec.
  server = await startDevServer({ quiet: true, validateResponses: 'throw', extraSchool: 'ucsatschool' });
});
afterAll(async () => {
  await server.close();
});

const basic = (u: string): string => `Basic ${Buffer.from(`${u}:klassenraum`).toString('base64')}`;

interface Sharee {
  label: string;
  value: { shareType: number; shareWith: string };
}
interface ShareeAnswer {
  exact: { groups: Sharee[]; users: unknown[] };
  groups: Sharee[];
  users: unknown[];
}

async function sharees(user: string, query: string): Promise<{ status: number; data: ShareeAnswer; message: string }> {
  const res = await fetch(`${server.url}/ocs/v2.php/apps/files_sharing/api/v1/sharees?${query}`, {
    headers: { authorization: basic(user), 'ocs-apirequest': 'true', accept: 'application/json' },
  });
  const body = (await res.json()) as { ocs: { meta: { message: string }; data: ShareeAnswer } };
  return { status: res.status, data: body.ocs.data, message: body.ocs.meta.message };
}

describe('sharee search (groups)', () => {
  it('finds the class groups a teacher outside them may share with, exact matches apart', async () => {
    const wide = await sharees('anna.roth', 'itemType=folder&shareType=1&search=gym-kassel');
    expect(wide.status).toBe(200);
    expect(wide.data.groups.map((g) => g.value.shareWith)).toEqual(['gym-kassel-7a', 'gym-kassel-7b', 'lehrer-gym-kassel', 'schueler-gym-kassel']);
    expect(wide.data.exact.groups).toEqual([]);
    const exact = await sharees('anna.roth', 'itemType=folder&shareType=1&search=GYM-KASSEL-7A');
    expect(exact.data.exact.groups).toEqual([{ label: 'gym-kassel-7a', value: { shareType: 1, shareWith: 'gym-kassel-7a' } }]);
    expect(exact.data.groups).toEqual([]);
  });

  it('matches display names, and answers no groups when only users are asked for', async () => {
    expect((await sharees('schmidt', 'itemType=folder&shareType=1&search=Lehrkr')).data.groups.map((g) => g.value.shareWith)).toEqual(['lehrer']);
    const users = await sharees('schmidt', 'itemType=folder&shareType=0&search=klasse');
    expect(users.data.groups).toEqual([]);
  });

  it('needs an item type, as Nextcloud does', async () => {
    const answer = await sharees('schmidt', 'search=klasse');
    expect(answer.status).toBe(400);
    expect(answer.message).toBe('Missing itemType');
  });
});
