import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './server.js';

describe('extraStudents (load benchmarks)', () => {
  let server: DevServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('adds students to class 7a who can sign in and see themselves as members of the group', async () => {
    server = await startDevServer({ quiet: true, extraStudents: 3 });
    const auth = `Basic ${Buffer.from('s7a-0003:klassenraum').toString('base64')}`;
    const me = await fetch(`${server.url}/ocs/v2.php/cloud/user?format=json`, { headers: { authorization: auth, 'ocs-apirequest': 'true' } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { ocs: { data: { id: string; displayname: string; groups: string[] } } };
    expect(body.ocs.data).toMatchObject({ id: 's7a-0003', displayname: 'Schüler 0003', groups: ['klasse-7a'] });
    const missing = await fetch(`${server.url}/ocs/v2.php/cloud/user?format=json`, {
      headers: { authorization: `Basic ${Buffer.from('s7a-0004:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true' },
    });
    expect(missing.status).toBe(401);
  });
});
