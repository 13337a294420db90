import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../server.js';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: 'throw' });
});
afterAll(async () => {
  await server.close();
});

const headers = (user: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${user}:klassenraum`).toString('base64')}`,
  'ocs-apirequest': 'true',
  accept: 'application/json',
  'content-type': 'application/json',
});

async function ocs<T>(user: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/ocs/v2.php${path}`, { method, headers: headers(user), body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return ((await res.json()) as { ocs: { data: T } }).ocs.data;
}

function dav(user: string, method: string, path: string, body?: string): Promise<Response> {
  return fetch(`${server.url}/remote.php/dav/files/${user}/${path}`, { method, headers: { authorization: headers(user)['authorization'] ?? '' }, body });
}

interface Message {
  message: string;
  messageType: string;
  messageParameters: Record<string, Record<string, string>> | [];
}

async function lastFileParameter(user: string, token: string): Promise<Record<string, string> | undefined> {
  const messages = await ocs<Message[]>(user, 'GET', `/apps/spreed/api/v1/chat/${token}?lookIntoFuture=0&limit=5`);
  const shared = messages.find((m) => m.message === '{file}');
  expect(shared?.messageType).toBe('comment');
  return Array.isArray(shared?.messageParameters) ? undefined : shared?.messageParameters['file'];
}

describe('a file shared into a Talk room (shareType 10)', () => {
  it('posts {file} whose path is the file as each reader has it (owner path, student mount), as Talk parses file_shared', async () => {
    // The teacher keeps the class folder one level down; the students have it mounted in their root.
    for (const folder of ['Schule', 'Schule/Geteilt%207a', 'Schule/Geteilt%207a/Woche%201']) expect((await dav('schmidt', 'MKCOL', folder)).status).toBe(201);
    expect((await dav('schmidt', 'PUT', 'Schule/Geteilt%207a/Woche%201/Blatt.txt', 'Aufgabe 1\n')).status).toBe(201);
    await ocs('schmidt', 'POST', '/apps/files_sharing/api/v1/shares', { path: '/Schule/Geteilt 7a', shareType: 1, shareWith: 'klasse-7a', permissions: 1 });
    const room = await ocs<{ token: string }>('schmidt', 'POST', '/apps/spreed/api/v4/room', { roomType: 2, roomName: 'Geteilt 7a', invite: 'klasse-7a', source: 'groups' });

    const share = await ocs<{ share_type: number; share_with: string }>('schmidt', 'POST', '/apps/files_sharing/api/v1/shares', {
      path: '/Schule/Geteilt 7a/Woche 1/Blatt.txt',
      shareType: 10,
      shareWith: room.token,
      talkMetaData: JSON.stringify({ messageType: 'comment' }),
    });
    expect(share).toMatchObject({ share_type: 10, share_with: room.token });

    const forTeacher = await lastFileParameter('schmidt', room.token);
    expect(forTeacher).toMatchObject({ type: 'file', name: 'Blatt.txt', path: 'Schule/Geteilt 7a/Woche 1/Blatt.txt', size: '10', mimetype: 'text/plain' });
    const forStudent = await lastFileParameter('s7a1', room.token);
    expect(forStudent).toMatchObject({ type: 'file', id: forTeacher?.['id'], name: 'Blatt.txt', path: 'Geteilt 7a/Woche 1/Blatt.txt' });
  });

  it('a file the reader has through no other share is in her Talk folder, where Nextcloud mounts room shares', async () => {
    expect((await dav('schmidt', 'PUT', 'Privat-Blatt.txt', 'nur im Chat\n')).status).toBe(201);
    const room = await ocs<{ token: string }>('schmidt', 'POST', '/apps/spreed/api/v4/room', { roomType: 2, roomName: 'Nur Chat', invite: 'klasse-7a', source: 'groups' });
    await ocs('schmidt', 'POST', '/apps/files_sharing/api/v1/shares', { path: '/Privat-Blatt.txt', shareType: 10, shareWith: room.token });
    expect(await lastFileParameter('schmidt', room.token)).toMatchObject({ path: 'Privat-Blatt.txt' });
    expect(await lastFileParameter('s7a2', room.token)).toMatchObject({ path: 'Talk/Privat-Blatt.txt', name: 'Privat-Blatt.txt' });
  });
});
