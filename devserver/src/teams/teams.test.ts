/**
 * Teams (circles) as a class uses them: membership through the class group, member levels, personal and
 * local teams, and the team's resources in core's teams API (validated against the corrected specs).
 */
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
  ocs: { meta: { statuscode: number; message: string }; data: T };
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

interface Circle {
  id: string;
  name: string;
  config: number;
}
interface Member {
  id: string;
  userId: string;
  userType: number;
  level: number;
}

async function create(owner: string, name: string, flags: { personal?: boolean; local?: boolean } = {}): Promise<Circle> {
  const r = await ocs<Circle>(owner, 'POST', '/apps/circles/circles', { name, personal: flags.personal ?? false, local: flags.local ?? false });
  expect(r.status).toBe(200);
  return r.body.ocs.data;
}

async function add(actor: string, circleId: string, userId: string, type: number): Promise<{ status: number; body: Ocs<Member> }> {
  return ocs<Member>(actor, 'POST', `/apps/circles/circles/${circleId}/members`, { userId, type });
}

const myTeams = async (user: string): Promise<string[]> => (await ocs<Circle[]>(user, 'GET', '/apps/circles/circles')).body.ocs.data.map((c) => c.id);

describe('Teams', () => {
  it('membership through the class group counts for every student, and ends with the group membership', async () => {
    const team = await create('schmidt', 'Klasse 7a Mathe');
    const group = await add('schmidt', team.id, 'klasse-7a', 2);
    expect(group.body.ocs.data).toMatchObject({ userId: 'klasse-7a', userType: 16, level: 1 });
    for (const student of ['s7a1', 's7a6']) expect(await myTeams(student)).toContain(team.id);
    expect(await myTeams('s7b1')).not.toContain(team.id);
    expect((await ocs('s7a2', 'GET', `/apps/circles/circles/${team.id}`)).status).toBe(200);
    expect((await ocs('s7b1', 'GET', `/apps/circles/circles/${team.id}`)).status).toBe(404);

    expect((await ocs('schmidt', 'DELETE', `/apps/circles/circles/${team.id}/members/${group.body.ocs.data.id}`)).status).toBe(200);
    expect(await myTeams('s7a1')).not.toContain(team.id);
  });

  it('levels: members cannot add people, moderators can, only admins change levels', async () => {
    const team = await create('mueller', 'Klasse 7b AG');
    const s1 = (await add('mueller', team.id, 's7b1', 1)).body.ocs.data;
    const denied = await add('s7b1', team.id, 's7b2', 1);
    expect(denied.status).toBe(403);

    const promoted = await ocs<Member>('mueller', 'PUT', `/apps/circles/circles/${team.id}/members/${s1.id}/level`, { level: 4 });
    expect(promoted.body.ocs.data.level).toBe(4);
    expect((await add('s7b1', team.id, 's7b2', 1)).status).toBe(200);
    const s2 = (await ocs<Member[]>('mueller', 'GET', `/apps/circles/circles/${team.id}/members`)).body.ocs.data.find((m) => m.userId === 's7b2');
    expect(s2?.level).toBe(1);
    expect((await ocs('s7b1', 'PUT', `/apps/circles/circles/${team.id}/members/${s2?.id ?? ''}/level`, { level: 8 })).status).toBe(403);

    const members = (await ocs<Member[]>('s7b2', 'GET', `/apps/circles/circles/${team.id}/members`)).body.ocs.data;
    expect(members.map((m) => [m.userId, m.level])).toEqual([
      ['mueller', 9],
      ['s7b1', 4],
      ['s7b2', 1],
    ]);
  });

  it('a personal team is seen by its owner only; a local team refuses a group with OCS status 131', async () => {
    const personal = await create('schmidt', 'Meine Notizen', { personal: true });
    expect(personal.config & 2).toBe(2);
    await add('schmidt', personal.id, 's7a1', 1);
    expect(await myTeams('schmidt')).toContain(personal.id);
    expect(await myTeams('s7a1')).not.toContain(personal.id);

    const local = await create('schmidt', 'Nur lokal', { local: true });
    const refused = await add('schmidt', local.id, 'klasse-7a', 2);
    expect(refused.status).toBe(400);
    expect(refused.body.ocs.meta.statuscode).toBe(131);
    expect((await add('schmidt', local.id, 's7a1', 1)).status).toBe(200);
  });

  it("lists a team's resources for members only, each as a spec-valid TeamResource", async () => {
    const team = await create('schmidt', 'Klasse 7a Material');
    await add('schmidt', team.id, 'klasse-7a', 2);
    const board = await fetch(`${server.url}/index.php/apps/deck/api/v1.0/boards`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('schmidt:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Material-Board', color: '31CC7C' }),
    });
    const boardId = ((await board.json()) as { id: number }).id;
    expect((await ocs<{ resources: unknown[] }>('s7a1', 'GET', `/teams/${team.id}/resources`)).body.ocs.data.resources).toEqual([]);
    await fetch(`${server.url}/index.php/apps/deck/api/v1.0/boards/${boardId}/acl`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('schmidt:klassenraum').toString('base64')}`, 'ocs-apirequest': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ type: 7, participant: team.id, permissionEdit: true, permissionShare: false, permissionManage: false }),
    });
    const listed = await ocs<{ resources: { id: string; url: string; provider: { id: string } }[] }>('s7a3', 'GET', `/teams/${team.id}/resources`);
    expect(listed.status).toBe(200);
    expect(listed.body.ocs.data.resources).toEqual([expect.objectContaining({ id: String(boardId), url: `${server.url}/apps/deck/board/${boardId}`, provider: expect.objectContaining({ id: 'deck' }) as unknown })]);
    expect((await ocs<{ resources: unknown[] }>('s7b2', 'GET', `/teams/${team.id}/resources`)).body.ocs.data.resources).toEqual([]);
    const teams = await ocs<{ teams: { teamId: string; displayName: string }[] }>('s7a3', 'GET', `/teams/resources/deck/${boardId}`);
    expect(teams.body.ocs.data.teams).toEqual([expect.objectContaining({ teamId: team.id, displayName: 'Klasse 7a Material' })]);
    expect((await ocs<{ teams: unknown[] }>('s7b2', 'GET', `/teams/resources/deck/${boardId}`)).body.ocs.data.teams).toEqual([]);
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
