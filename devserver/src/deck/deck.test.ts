import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: 'throw' });
});
afterAll(async () => {
  await server.close();
});

const API = '/index.php/apps/deck/api/v1.0';

function basic(user: string): string {
  return `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`;
}

interface Res<T> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T = Record<string, unknown>>(user: string, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Res<T>> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: basic(user),
      'ocs-apirequest': 'true',
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...extra,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? null : JSON.parse(text)) as T };
}

interface Board {
  id: number;
  title: string;
  ETag: string;
  permissions: Record<string, boolean>;
  users: { uid: string }[];
}
interface Stack {
  id: number;
  title: string;
  cards?: Card[];
}
interface Card {
  id: number;
  title: string;
  stackId: number;
  order: number;
  duedate: string | null;
  labels: { id: number }[];
  assignedUsers: { participant: { uid: string } }[];
  archived: boolean;
  done: string | null;
  commentsCount: number;
}
interface Ocs<T> {
  ocs: { meta: { statuscode: number }; data: T };
}

async function board(owner: string, title: string): Promise<Board> {
  const r = await call<Board>(owner, 'POST', `${API}/boards`, { title, color: '0082c9' });
  expect(r.status).toBe(200);
  return r.body;
}
async function stack(owner: string, boardId: number, title: string, order: number): Promise<Stack> {
  const r = await call<Stack>(owner, 'POST', `${API}/boards/${boardId}/stacks`, { title, order });
  expect(r.status).toBe(200);
  return r.body;
}
async function card(owner: string, boardId: number, stackId: number, title: string, extra: Record<string, unknown> = {}): Promise<Card> {
  const r = await call<Card>(owner, 'POST', `${API}/boards/${boardId}/stacks/${stackId}/cards`, { title, type: 'plain', order: 0, ...extra });
  expect(r.status).toBe(200);
  return r.body;
}
async function share(owner: string, boardId: number, type: number, participant: string, edit = false): Promise<number> {
  const r = await call(owner, 'POST', `${API}/boards/${boardId}/acl`, { type, participant, permissionEdit: edit, permissionShare: false, permissionManage: false });
  expect(r.status).toBe(200);
  return r.body['id'] as number;
}
async function team(owner: string, name: string, members: [string, number][]): Promise<string> {
  const r = await call<Ocs<{ id: string }>>(owner, 'POST', '/ocs/v2.php/apps/circles/circles', { name, personal: false, local: false });
  expect(r.status).toBe(200);
  const id = r.body.ocs.data.id;
  for (const [userId, type] of members) {
    expect((await call(owner, 'POST', `/ocs/v2.php/apps/circles/circles/${id}/members`, { userId, type })).status).toBe(200);
  }
  return id;
}
const nextSecond = (): Promise<void> => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));

describe('Deck permissions', () => {
  it('a read-only group share lets the class read, not edit; the other class gets 403', async () => {
    const b = await board('schmidt', '7a Hausaufgaben');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Blatt 1', { duedate: '2026-11-27T08:00:00+01:00' });
    await share('schmidt', b.id, 1, 'klasse-7a');

    const list = await call<Board[]>('s7a1', 'GET', `${API}/boards?details=true`);
    expect(list.body.map((x) => x.id)).toContain(b.id);
    expect(list.body.find((x) => x.id === b.id)?.permissions).toEqual({ PERMISSION_READ: true, PERMISSION_EDIT: false, PERMISSION_MANAGE: false, PERMISSION_SHARE: false });
    const stacks = await call<Stack[]>('s7a1', 'GET', `${API}/boards/${b.id}/stacks`);
    expect(stacks.status).toBe(200);
    expect(stacks.body[0]?.cards?.map((x) => x.title)).toEqual(['Blatt 1']);

    const edit = await call('s7a1', 'PUT', `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`, { title: 'x', type: 'plain', owner: 's7a1' });
    expect(edit.status).toBe(403);
    expect(edit.body).toEqual({ status: 403, message: 'Permission denied' });
    expect((await call('s7a1', 'POST', `${API}/boards/${b.id}/stacks`, { title: 'Mine', order: 1 })).status).toBe(403);

    expect((await call('s7b1', 'GET', `${API}/boards/${b.id}`)).status).toBe(403);
    expect((await call('s7b1', 'GET', `${API}/boards/${b.id}/stacks`)).status).toBe(403);
    const other = await call<Board[]>('s7b1', 'GET', `${API}/boards`);
    expect(other.body.map((x) => x.id)).not.toContain(b.id);
  });

  it('an edit share lets a user edit cards but not manage stacks', async () => {
    const b = await board('schmidt', 'Projekt');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Plakat');
    await share('schmidt', b.id, 0, 's7a2', true);
    const edit = await call<Card>('s7a2', 'PUT', `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`, { title: 'Plakat (fertig)', type: 'plain', owner: 'schmidt', description: 'Farbig' });
    expect(edit.status).toBe(200);
    expect(edit.body.title).toBe('Plakat (fertig)');
    expect((await call('s7a2', 'DELETE', `${API}/boards/${b.id}/stacks/${s.id}`)).status).toBe(403);
    expect((await call('s7a3', 'GET', `${API}/boards/${b.id}`)).status).toBe(403);
  });

  it('a team share (type 7) gives the team access; members through a group open it but only direct members list it', async () => {
    const teamId = await team('schmidt', 'Klasse 7a Team', [
      ['klasse-7a', 2],
      ['mueller', 1],
    ]);
    const b = await board('schmidt', 'Team-Board');
    await share('schmidt', b.id, 7, teamId);
    const details = await call<Board & { acl: { participant: { type: number; displayname: string } }[] }>('schmidt', 'GET', `${API}/boards/${b.id}`);
    expect(details.body.acl[0]?.participant).toMatchObject({ type: 7, displayname: 'Klasse 7a Team' });
    expect(details.body.users.map((u) => u.uid)).toEqual(expect.arrayContaining(['schmidt', 'mueller', 's7a1', 's7a6']));

    expect((await call('s7a1', 'GET', `${API}/boards/${b.id}`)).status).toBe(200);
    expect((await call('mueller', 'GET', `${API}/boards/${b.id}`)).status).toBe(200);
    expect((await call('s7b1', 'GET', `${API}/boards/${b.id}`)).status).toBe(403);
    // As recorded on Deck 1.16.7: the board shows in the list of direct team members only.
    expect((await call<Board[]>('mueller', 'GET', `${API}/boards`)).body.map((x) => x.id)).toContain(b.id);
    expect((await call<Board[]>('s7a1', 'GET', `${API}/boards`)).body.map((x) => x.id)).not.toContain(b.id);
  });

  it('unknown ids answer 403, the OCS boards route 404, If-Modified-Since on /boards 500', async () => {
    expect((await call('schmidt', 'GET', `${API}/boards/999999`)).status).toBe(403);
    const unknownVersion = await fetch(`${server.url}/index.php/apps/deck/api/v9.0/boards`, { headers: { authorization: basic('schmidt'), 'ocs-apirequest': 'true' } });
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.headers.get('content-type')).toContain('text/html');
    const ocs = await call<Ocs<unknown>>('s7a1', 'GET', '/ocs/v2.php/apps/deck/api/v1.0/boards');
    expect(ocs.status).toBe(404);
    expect(ocs.body.ocs.meta.statuscode).toBe(998);
    const ims = await call('s7a1', 'GET', `${API}/boards`, undefined, { 'if-modified-since': 'Sun, 22 Nov 2026 11:11:19 GMT' });
    expect(ims.status).toBe(500);
    expect(ims.body['status']).toBe(500);
    expect(typeof ims.body['requestId']).toBe('string');
  });

  it('the API works without /index.php; without OCS-APIRequest only Basic credentials pass', async () => {
    expect((await call<Board[]>('s7a1', 'GET', '/apps/deck/api/v1.0/boards')).status).toBe(200);
    const noHeader = await fetch(`${server.url}${API}/boards`, { headers: { authorization: basic('s7a1'), accept: 'application/json' } });
    expect(noHeader.status).toBe(200);
    const bearer = await fetch(`${server.url}${API}/boards`, { headers: { authorization: 'Bearer nonsense', accept: 'application/json' } });
    expect(bearer.status).toBe(401);
    const anonymous = await fetch(`${server.url}${API}/boards`, { headers: { 'ocs-apirequest': 'true', accept: 'application/json' } });
    expect(anonymous.status).toBe(401);
  });

  it("a user's first board list brings Deck's welcome board", async () => {
    const list = await call<Board[]>('s7b3', 'GET', `${API}/boards`);
    expect(list.body.map((x) => x.title)).toEqual(['Welcome to Nextcloud Deck!']);
    const stacks = await call<Stack[]>('s7b3', 'GET', `${API}/boards/${list.body[0]?.id ?? 0}/stacks`);
    expect(stacks.body.map((x) => x.title)).toEqual(['Custom lists - click to rename!', 'To Do', 'In Progress', 'Done']);
    const again = await call<Board[]>('s7b3', 'GET', `${API}/boards`);
    expect(again.body).toHaveLength(1);
  });
});

describe('Deck ETags', () => {
  it('boards, a board, a stack and a card answer 304 to a matching If-None-Match and a new ETag after a change', async () => {
    const b = await board('mueller', 'ETag-Board');
    const s = await stack('mueller', b.id, 'A', 0);
    const c = await card('mueller', b.id, s.id, 'eins');
    for (const path of [`${API}/boards`, `${API}/boards/${b.id}`, `${API}/boards/${b.id}/stacks/${s.id}`, `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`]) {
      const first = await call('mueller', 'GET', path);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^"[0-9a-f]{32}"$/);
      const again = await fetch(`${server.url}${path}`, { headers: { authorization: basic('mueller'), 'ocs-apirequest': 'true', 'if-none-match': etag ?? '' } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
    }
    const before = (await call('mueller', 'GET', `${API}/boards/${b.id}`)).headers.get('etag') ?? '';
    await nextSecond();
    await card('mueller', b.id, s.id, 'zwei');
    const after = await call('mueller', 'GET', `${API}/boards/${b.id}`, undefined, { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('the stacks list sends no ETag (as recorded) and ignores If-None-Match', async () => {
    const b = await board('mueller', 'Stacks-ETag');
    await stack('mueller', b.id, 'A', 0);
    const r = await call('mueller', 'GET', `${API}/boards/${b.id}/stacks`, undefined, { 'if-none-match': '"x"' });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBeNull();
  });
});

describe('Deck cards', () => {
  it('moves a card to another stack and renumbers the target stack', async () => {
    const b = await board('schmidt', 'Kanban');
    const open = await stack('schmidt', b.id, 'Offen', 0);
    const doing = await stack('schmidt', b.id, 'In Arbeit', 1);
    const a = await card('schmidt', b.id, open.id, 'A');
    await card('schmidt', b.id, doing.id, 'B');
    await card('schmidt', b.id, doing.id, 'C', { order: 1 });
    const moved = await call<Record<string, unknown>[]>('schmidt', 'PUT', `${API}/boards/${b.id}/stacks/${open.id}/cards/${a.id}/reorder`, { order: 1, stackId: doing.id });
    expect(moved.status).toBe(200);
    expect(moved.body.map((x) => [x['title'], x['order'], x['stackId']])).toEqual([
      ['B', 0, doing.id],
      ['A', 1, doing.id],
      ['C', 2, doing.id],
    ]);
    expect(moved.body[0]?.['owner']).toBe('schmidt');
    const stacks = await call<Stack[]>('schmidt', 'GET', `${API}/boards/${b.id}/stacks`);
    expect(stacks.body.find((x) => x.id === open.id)?.cards).toBeUndefined();
    expect(stacks.body.find((x) => x.id === doing.id)?.cards?.map((x) => x.title)).toEqual(['B', 'A', 'C']);
  });

  it('keeps the due date wall-clock time and answers it as UTC afterwards (as recorded)', async () => {
    const b = await board('schmidt', 'Termine');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Test', { duedate: '2026-11-30T08:00:00+01:00', description: 'Kapitel 3' });
    expect(c.duedate).toBe('2026-11-30T08:00:00+01:00');
    const read = await call<Card>('schmidt', 'GET', `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`);
    expect(read.body.duedate).toBe('2026-11-30T08:00:00+00:00');
  });

  it('assigns and unassigns users; the assignee gets a notification; non-members and doubles are refused', async () => {
    const b = await board('schmidt', 'Zuweisungen');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Referat');
    await share('schmidt', b.id, 1, 'klasse-7a');
    const path = `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`;
    const assigned = await call('schmidt', 'PUT', `${path}/assignUser`, { userId: 's7a3' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ participant: { uid: 's7a3', type: 0 }, cardId: c.id });
    expect((await call('schmidt', 'PUT', `${path}/assignUser`, { userId: 's7a3' })).status).toBe(400);
    expect((await call('schmidt', 'PUT', `${path}/assignUser`, { userId: 's7b1' })).status).toBe(400);
    expect((await call<Card>('schmidt', 'GET', path)).body.assignedUsers.map((a) => a.participant.uid)).toEqual(['s7a3']);

    const notes = await call<Ocs<{ app: string; object_id: string; subjectRich: string }[]>>('s7a3', 'GET', '/ocs/v2.php/apps/notifications/api/v2/notifications');
    expect(notes.body.ocs.data).toContainEqual(expect.objectContaining({ app: 'deck', object_id: String(c.id), subjectRich: '{user} has assigned the card {deck-card} on {deck-board} to you.' }));

    expect((await call('schmidt', 'PUT', `${path}/unassignUser`, { userId: 's7a3' })).status).toBe(200);
    expect((await call('schmidt', 'PUT', `${path}/unassignUser`, { userId: 's7a3' })).status).toBe(404);
    expect((await call<Card>('schmidt', 'GET', path)).body.assignedUsers).toEqual([]);
  });

  it('a card reaching its due date notifies the assigned users once', async () => {
    const b = await board('schmidt', 'Fällig');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    await share('schmidt', b.id, 1, 'klasse-7a');
    const c = await card('schmidt', b.id, s.id, 'Abgabe');
    const path = `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`;
    await call('schmidt', 'PUT', `${path}/assignUser`, { userId: 's7a4' });
    expect((await call('schmidt', 'PUT', path, { title: 'Abgabe', type: 'plain', owner: 'schmidt', duedate: '2020-01-01T08:00:00+00:00' })).status).toBe(200);
    await call('schmidt', 'GET', `${API}/boards/${b.id}`);
    await call('schmidt', 'GET', `${API}/boards/${b.id}`);
    const notes = await call<Ocs<{ object_id: string; subjectRich: string }[]>>('s7a4', 'GET', '/ocs/v2.php/apps/notifications/api/v2/notifications');
    const due = notes.body.ocs.data.filter((n) => n.object_id === String(c.id) && n.subjectRich.includes('reached its due date'));
    expect(due).toHaveLength(1);
  });

  it('the due-date job also runs on its own, without Deck requests', async () => {
    const b = await board('schmidt', 'Cron');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    await share('schmidt', b.id, 1, 'klasse-7a');
    const c = await card('schmidt', b.id, s.id, 'Vokabeln');
    const path = `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`;
    await call('schmidt', 'PUT', `${path}/assignUser`, { userId: 's7a5' });
    await call('schmidt', 'PUT', path, { title: 'Vokabeln', type: 'plain', owner: 'schmidt', duedate: '2020-01-01T08:00:00+00:00' });
    const deadline = Date.now() + 8000;
    let found = false;
    while (!found && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const notes = await call<Ocs<{ object_id: string; subjectRich: string }[]>>('s7a5', 'GET', '/ocs/v2.php/apps/notifications/api/v2/notifications');
      found = notes.body.ocs.data.some((n) => n.object_id === String(c.id) && n.subjectRich.includes('reached its due date'));
    }
    expect(found).toBe(true);
  }, 15_000);

  it('labels, archive, done and delete', async () => {
    const b = await board('schmidt', 'Labels');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Etikett');
    const label = await call('schmidt', 'POST', `${API}/boards/${b.id}/labels`, { title: 'Mathe', color: 'ff0000' });
    expect(label.status).toBe(200);
    const path = `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`;
    expect((await call('schmidt', 'PUT', `${path}/assignLabel`, { labelId: label.body['id'] })).status).toBe(200);
    expect((await call<Card>('schmidt', 'GET', path)).body.labels.map((l) => l.id)).toEqual([label.body['id']]);
    expect((await call('schmidt', 'PUT', `${path}/assignLabel`, { labelId: 0 })).status).toBe(403);
    expect((await call('schmidt', 'PUT', `${path}/removeLabel`, { labelId: label.body['id'] })).status).toBe(200);
    expect((await call<Card>('schmidt', 'GET', path)).body.labels).toEqual([]);

    expect((await call<Card>('schmidt', 'PUT', `${path}/archive`)).body.archived).toBe(true);
    expect((await call<Stack[]>('schmidt', 'GET', `${API}/boards/${b.id}/stacks`)).body[0]?.cards).toBeUndefined();
    expect((await call<Stack[]>('schmidt', 'GET', `${API}/boards/${b.id}/stacks/archived`)).body[0]?.cards?.map((x) => x.id)).toEqual([c.id]);
    expect((await call<Card>('schmidt', 'PUT', `${path}/unarchive`)).body.archived).toBe(false);

    const done = await call<Card>('schmidt', 'PUT', path, { title: 'Etikett', type: 'plain', owner: 'schmidt', done: '2026-11-20T10:00:00+00:00' });
    expect(done.body.done).toBe('2026-11-20T10:00:00+00:00');
    expect((await call('schmidt', 'DELETE', path)).status).toBe(200);
    expect((await call<Stack[]>('schmidt', 'GET', `${API}/boards/${b.id}/stacks`)).body[0]?.cards).toBeUndefined();
  });

  it('deletes and restores a board; archives it', async () => {
    const b = await board('schmidt', 'Papierkorb');
    const deleted = await call<Board & { deletedAt: number }>('schmidt', 'DELETE', `${API}/boards/${b.id}`);
    expect(deleted.body.deletedAt).toBeGreaterThan(0);
    const restored = await call<Board & { deletedAt: number }>('schmidt', 'POST', `${API}/boards/${b.id}/undo_delete`);
    expect(restored.body.deletedAt).toBe(0);
    const archived = await call<Board & { archived: boolean }>('schmidt', 'PUT', `${API}/boards/${b.id}`, { title: 'Papierkorb', color: '00ff00', archived: true });
    expect(archived.body.archived).toBe(true);
    expect((await call('schmidt', 'POST', `${API}/boards`, { color: '00ff00' })).body).toEqual({ status: 400, message: 'title must be provided' });
  });

  it("stores an attachment in the uploader's Deck folder and serves it back", async () => {
    const b = await board('schmidt', 'Anhänge');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Mit Datei');
    const form = new FormData();
    form.append('type', 'file');
    form.append('file', new Blob(['Aufgabe 1: 3/4 + 1/8']), 'blatt.txt');
    const path = `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}/attachments`;
    const up = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: basic('schmidt'), 'ocs-apirequest': 'true' }, body: form });
    expect(up.status).toBe(200);
    const att = (await up.json()) as { id: number; type: string; data: string; extendedData: { fileid: number; path: string } };
    expect(att).toMatchObject({ type: 'file', data: 'blatt.txt', extendedData: { path: '/Deck/blatt.txt' } });
    const dav = await fetch(`${server.url}/remote.php/dav/files/schmidt/Deck/blatt.txt`, { headers: { authorization: basic('schmidt') } });
    expect(await dav.text()).toBe('Aufgabe 1: 3/4 + 1/8');
    const get = await fetch(`${server.url}${path}/${att.id}`, { headers: { authorization: basic('schmidt'), 'ocs-apirequest': 'true' } });
    expect(await get.text()).toBe('Aufgabe 1: 3/4 + 1/8');
    expect((await call<unknown[]>('schmidt', 'GET', path)).body).toHaveLength(1);
    expect((await call<Card & { attachmentCount: number }>('schmidt', 'GET', `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`)).body.attachmentCount).toBe(1);
  });
});

describe('Deck comments (OCS)', () => {
  it('readers comment and reply; only authors edit; outsiders get 403', async () => {
    const b = await board('schmidt', 'Kommentare');
    const s = await stack('schmidt', b.id, 'Offen', 0);
    const c = await card('schmidt', b.id, s.id, 'Frage');
    await share('schmidt', b.id, 1, 'klasse-7a');
    const base = `/ocs/v2.php/apps/deck/api/v1.0/cards/${c.id}/comments`;
    const first = await call<Ocs<{ id: number; mentions: unknown[] }>>('s7a1', 'POST', base, { message: 'Frage an @schmidt' });
    expect(first.status).toBe(200);
    expect(first.body.ocs.data.mentions).toEqual([{ mentionId: 'schmidt', mentionType: 'user', mentionDisplayName: 'Frau Schmidt' }]);
    const reply = await call<Ocs<{ replyTo: { id: number } }>>('schmidt', 'POST', base, { message: 'Antwort', parentId: first.body.ocs.data.id });
    expect(reply.body.ocs.data.replyTo.id).toBe(first.body.ocs.data.id);
    const list = await call<Ocs<{ message: string; actorId: string }[]>>('s7a2', 'GET', base);
    expect(list.body.ocs.data.map((x) => [x.actorId, x.message])).toEqual([
      ['schmidt', 'Antwort'],
      ['s7a1', 'Frage an @schmidt'],
    ]);
    expect((await call<Card>('schmidt', 'GET', `${API}/boards/${b.id}/stacks/${s.id}/cards/${c.id}`)).body.commentsCount).toBe(2);
    expect((await call('schmidt', 'PUT', `${base}/${first.body.ocs.data.id}`, { message: 'geändert' })).status).toBe(403);
    expect((await call('s7a1', 'PUT', `${base}/${first.body.ocs.data.id}`, { message: 'geändert' })).status).toBe(200);
    expect((await call('s7b1', 'GET', base)).status).toBe(403);
    expect((await call('s7b1', 'POST', base, { message: 'x' })).status).toBe(403);
  });
});

describe('boards shared with a team are its deck resources', () => {
  it('lists the board under /teams/{id}/resources and the team under /teams/resources/deck/{board}', async () => {
    const teamId = await team('schmidt', 'Ressourcen 7a', [['klasse-7a', 2]]);
    const b = await board('schmidt', '7a – Aufgaben');
    await share('schmidt', b.id, 7, teamId);
    const res = await call<Ocs<{ resources: { id: string; label: string; provider: { id: string } }[] }>>('s7a1', 'GET', `/ocs/v2.php/teams/${teamId}/resources`);
    expect(res.status).toBe(200);
    expect(res.body.ocs.data.resources).toContainEqual(expect.objectContaining({ id: String(b.id), label: '7a – Aufgaben', provider: expect.objectContaining({ id: 'deck' }) as unknown }));
    const teams = await call<Ocs<{ teams: { teamId: string }[] }>>('schmidt', 'GET', `/ocs/v2.php/teams/resources/deck/${b.id}`);
    expect(teams.status).toBe(200);
    expect(teams.body.ocs.data.teams.map((t) => t.teamId)).toEqual([teamId]);
    const outsider = await call<Ocs<{ resources: unknown[] }>>('s7b1', 'GET', `/ocs/v2.php/teams/${teamId}/resources`);
    expect(outsider.body.ocs.data.resources).toEqual([]);
    expect(server.control.schemaViolations()).toEqual([]);
  });
});

describe('group shares follow group changes', () => {
  it('a user added to the class group at runtime gets the class board', async () => {
    const b = await board('schmidt', 'Neu in 7a');
    await share('schmidt', b.id, 1, 'klasse-7a');
    expect((await call('s7b3', 'GET', `${API}/boards/${b.id}`)).status).toBe(403);
    server.control.addGroupMember('klasse-7a', 's7b3');
    expect((await call('s7b3', 'GET', `${API}/boards/${b.id}`)).status).toBe(200);
    expect((await call<Board[]>('s7b3', 'GET', `${API}/boards`)).body.map((x) => x.id)).toContain(b.id);
  });
});
