import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: 'throw' });
});
afterAll(async () => {
  await server.close();
});

interface Ocs<T> {
  ocs: { meta: { statuscode: number }; data: T };
}

async function ocs<T>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Ocs<T> }> {
  const res = await fetch(`${server.url}/ocs/v2.php${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`,
      'ocs-apirequest': 'true',
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Ocs<T> };
}

describe('Teams (circles)', () => {
  it('a teacher creates a team, adds her class as a group; the class sees it, the other class does not', async () => {
    const created = await ocs<{ id: string; name: string }>('schmidt', 'POST', '/apps/circles/circles', { name: 'Klasse 7a', personal: false, local: false });
    expect(created.status).toBe(200);
    const id = created.body.ocs.data.id;
    expect(id).toMatch(/^[A-Za-z0-9]{31}$/);
    const added = await ocs<{ userId: string; userType: number; circle: { population: number } }>('schmidt', 'POST', `/apps/circles/circles/${id}/members`, { userId: 'klasse-7a', type: 2 });
    expect(added.status).toBe(200);
    expect(added.body.ocs.data).toMatchObject({ userId: 'klasse-7a', userType: 16, circle: { population: 1 } });

    const mine = await ocs<{ id: string; initiator: { level: number } }[]>('s7a1', 'GET', '/apps/circles/circles');
    expect(mine.body.ocs.data.map((t) => t.id)).toEqual([id]);
    expect(mine.body.ocs.data[0]?.initiator.level).toBe(1);
    expect((await ocs<unknown[]>('s7b1', 'GET', '/apps/circles/circles')).body.ocs.data).toEqual([]);
    expect((await ocs('s7b1', 'GET', `/apps/circles/circles/${id}`)).status).toBe(404);

    const members = await ocs<{ userId: string; level: number }[]>('s7a1', 'GET', `/apps/circles/circles/${id}/members`);
    expect(members.body.ocs.data.map((m) => [m.userId, m.level])).toEqual([
      ['schmidt', 9],
      ['klasse-7a', 1],
    ]);
    // Students cannot add members.
    expect((await ocs('s7a1', 'POST', `/apps/circles/circles/${id}/members`, { userId: 's7b1', type: 1 })).status).toBe(403);
  });

  it('a local team refuses a group (400, OCS status 131)', async () => {
    const created = await ocs<{ id: string }>('mueller', 'POST', '/apps/circles/circles', { name: 'Englisch AG', personal: false, local: true });
    const refused = await ocs('mueller', 'POST', `/apps/circles/circles/${created.body.ocs.data.id}/members`, { userId: 'klasse-7b', type: 2 });
    expect(refused.status).toBe(400);
    expect(refused.body.ocs.meta.statuscode).toBe(131);
    const user = await ocs('mueller', 'POST', `/apps/circles/circles/${created.body.ocs.data.id}/members`, { userId: 's7b1', type: 1 });
    expect(user.status).toBe(200);
  });

  it('members can be removed; the owner deletes the team', async () => {
    const created = await ocs<{ id: string }>('mueller', 'POST', '/apps/circles/circles', { name: 'Theater', personal: false, local: false });
    const id = created.body.ocs.data.id;
    const added = await ocs<{ id: string }>('mueller', 'POST', `/apps/circles/circles/${id}/members`, { userId: 's7b2', type: 1 });
    expect((await ocs('mueller', 'DELETE', `/apps/circles/circles/${id}/members/${added.body.ocs.data.id}`)).status).toBe(200);
    expect((await ocs('s7b2', 'GET', `/apps/circles/circles/${id}`)).status).toBe(404);
    expect((await ocs('mueller', 'DELETE', `/apps/circles/circles/${id}`)).status).toBe(200);
    expect((await ocs('mueller', 'GET', `/apps/circles/circles/${id}`)).status).toBe(404);
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
