import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
const auth = (u: string): string => `Basic ${Buffer.from(`${u}:klassenraum`).toString('base64')}`;

async function call(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: auth(user), 'ocs-apirequest': 'true', accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

interface Entry {
  title: string;
  subline: string;
  resourceUrl: string;
  thumbnailUrl: string;
  attributes: Record<string, string> | [];
}
interface Result {
  name: string;
  isPaginated: boolean;
  entries: Entry[];
  cursor: number | string | null;
}

async function search(user: string, provider: string, term: string, extra = ''): Promise<Result> {
  const res = await call(user, 'GET', `/ocs/v2.php/search/providers/${provider}/search?term=${encodeURIComponent(term)}&format=json${extra}`);
  expect(res.status).toBe(200);
  return (res.json as { ocs: { data: Result } }).ocs.data;
}

const tokenOf = (r: { json: unknown }): string => (r.json as { ocs: { data: { token: string } } }).ocs.data.token;
const idOf = (r: { json: unknown }): number => (r.json as { id: number }).id;
const titles = (r: Result): string[] => r.entries.map((e) => e.title).sort();

beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
  // Class 7a: a shared folder with a worksheet, a chat message and a board card, all about "Vulkan".
  const put = (user: string, path: string, body: string) => fetch(`${server.url}/remote.php/dav/files/${user}/${path}`, { method: 'PUT', headers: { authorization: auth(user) }, body });
  await fetch(`${server.url}/remote.php/dav/files/schmidt/Erdkunde%207a`, { method: 'MKCOL', headers: { authorization: auth('schmidt') } });
  await put('schmidt', 'Erdkunde%207a/Vulkane%20Arbeitsblatt.txt', 'Vulkane');
  await put('schmidt', 'Vulkan%20Notizen%20privat.txt', 'nur für mich');
  await call('schmidt', 'POST', '/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json', { path: '/Erdkunde 7a', shareType: 1, shareWith: 'klasse-7a', permissions: 1 });
  await put('mueller', 'Vulkan%207b.txt', 'Klasse 7b');

  const room = await call('schmidt', 'POST', '/ocs/v2.php/apps/spreed/api/v4/room?format=json', { roomType: 2, roomName: 'Klasse 7a', invite: 'klasse-7a', source: 'groups' });
  await call('schmidt', 'POST', `/ocs/v2.php/apps/spreed/api/v1/chat/${tokenOf(room)}?format=json`, { message: 'Morgen: Referate über den Vulkan Ätna' });
  const room7b = await call('mueller', 'POST', '/ocs/v2.php/apps/spreed/api/v4/room?format=json', { roomType: 2, roomName: 'Klasse 7b', invite: 'klasse-7b', source: 'groups' });
  await call('mueller', 'POST', `/ocs/v2.php/apps/spreed/api/v1/chat/${tokenOf(room7b)}?format=json`, { message: 'Vulkan-Test am Freitag' });

  const deck = '/index.php/apps/deck/api/v1.0';
  const board = await call('schmidt', 'POST', `${deck}/boards`, { title: 'Klasse 7a Aufgaben', color: '0082c9' });
  await call('schmidt', 'POST', `${deck}/boards/${idOf(board)}/acl`, { type: 1, participant: 'klasse-7a', permissionEdit: false, permissionShare: false, permissionManage: false });
  const stack = await call('schmidt', 'POST', `${deck}/boards/${idOf(board)}/stacks`, { title: 'Diese Woche', order: 0 });
  await call('schmidt', 'POST', `${deck}/boards/${idOf(board)}/stacks/${idOf(stack)}/cards`, { title: 'Vulkanmodell bauen', type: 'plain', order: 0 });
  const board7b = await call('mueller', 'POST', `${deck}/boards`, { title: 'Klasse 7b Aufgaben', color: '0082c9' });
  await call('mueller', 'POST', `${deck}/boards/${idOf(board7b)}/acl`, { type: 1, participant: 'klasse-7b', permissionEdit: false, permissionShare: false, permissionManage: false });
  const stack7b = await call('mueller', 'POST', `${deck}/boards/${idOf(board7b)}/stacks`, { title: 'Offen', order: 0 });
  await call('mueller', 'POST', `${deck}/boards/${idOf(board7b)}/stacks/${idOf(stack7b)}/cards`, { title: 'Vulkan-Plakat', type: 'plain', order: 0 });
  // About 20 requests with password checks: room for a busy machine.
}, 60_000);

afterAll(async () => {
  await server.close();
});

describe('unified search', () => {
  it('files: own files and shares the user can open, with the file id and path', async () => {
    const student = await search('s7a2', 'files', 'vulkan');
    expect(student.name).toBe('Files');
    expect(titles(student)).toEqual(['Vulkane Arbeitsblatt.txt']);
    expect(student.entries[0]).toMatchObject({ subline: 'in Erdkunde 7a', attributes: { path: '/Erdkunde 7a/Vulkane Arbeitsblatt.txt' } });
    expect(titles(await search('schmidt', 'files', 'VULKAN'))).toEqual(['Vulkan Notizen privat.txt', 'Vulkane Arbeitsblatt.txt']);
    // Another class's student finds neither 7a's share nor the teachers' own files.
    expect(titles(await search('s7b1', 'files', 'vulkan'))).toEqual([]);
  });

  it("talk-message: messages of the user's conversations only", async () => {
    const student = await search('s7a3', 'talk-message', 'vulkan');
    expect(student.name).toBe('Messages');
    expect(student.entries.map((e) => [e.title, e.subline])).toEqual([['Frau Schmidt', 'Morgen: Referate über den Vulkan Ätna']]);
    expect(student.entries[0]?.resourceUrl).toMatch(/\/index\.php\/call\/\w+#message_\d+$/);
    expect((await search('s7b2', 'talk-message', 'vulkan')).entries.map((e) => e.subline)).toEqual(['Vulkan-Test am Freitag']);
    expect(titles(await search('s7a3', 'talk-conversations', '7'))).toEqual(['Klasse 7a']);
  });

  it('search-deck-card-board: cards and boards the user can read', async () => {
    const student = await search('s7a1', 'search-deck-card-board', 'vulkan');
    expect(student.entries.map((e) => [e.title, e.subline])).toEqual([['Vulkanmodell bauen', 'Klasse 7a Aufgaben » Diese Woche']]);
    expect(titles(await search('s7a1', 'search-deck-card-board', 'aufgaben'))).toEqual(['Klasse 7a Aufgaben']);
    expect(titles(await search('s7b3', 'search-deck-card-board', 'vulkan'))).toEqual(['Vulkan-Plakat']);
  });

  it('pages with limit and cursor; an empty term finds nothing; an unknown provider is 400', async () => {
    const first = await search('schmidt', 'files', 'vulkan', '&limit=1');
    expect(first.entries).toHaveLength(1);
    expect(first.isPaginated).toBe(true);
    const second = await search('schmidt', 'files', 'vulkan', `&limit=1&cursor=${String(first.cursor)}`);
    expect(second.entries).toHaveLength(1);
    expect(second.entries[0]?.title).not.toBe(first.entries[0]?.title);
    expect((await search('schmidt', 'files', '')).entries).toEqual([]);
    expect((await search('schmidt', 'circles', 'vulkan')).entries).toEqual([]);
    const unknown = await call('schmidt', 'GET', '/ocs/v2.php/search/providers/nope/search?term=x&format=json');
    expect(unknown.status).toBe(400);
    expect((unknown.json as { ocs: { data: string } }).ocs.data).toBe('Provider nope is unknown');
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
