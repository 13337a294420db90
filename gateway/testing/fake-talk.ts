import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeServer } from './fake-nextcloud.js';

/** Which Talk room view a user (by access token `AT-<user>`) gets; absent = not a member (404). */
export interface TalkView {
  participantType: number;
  permissions: number;
  lobbyState?: number;
}

export interface FakeParticipant {
  attendeeId: number;
  actorType: string;
  actorId: string;
  participantType: number;
  permissions: number;
}

/** Class 7a's conversation `abcd1234`: two students in lesson mode (132 = custom | chat) and a co-teacher. */
export function lessonParticipants(): FakeParticipant[] {
  return [
    { attendeeId: 11, actorType: 'users', actorId: 's7a1', participantType: 3, permissions: 132 },
    { attendeeId: 12, actorType: 'users', actorId: 's7a2', participantType: 3, permissions: 132 },
    { attendeeId: 13, actorType: 'users', actorId: 'mueller', participantType: 2, permissions: 132 },
  ];
}

/** A stand-in for Talk's room, participants and attendee-permission endpoints (talk/participant.md).
 * `failNext` makes the next requests matching a predicate answer 500, for fault tests. */
export async function startFakeTalk(views: Map<string, TalkView>, participants: FakeParticipant[]) {
  const failures: ((method: string, url: string) => boolean)[] = [];
  const server = await startFakeServer((req, res, body) => {
    const user = (req.headers['authorization'] ?? '').replace('Bearer AT-', '');
    const view = views.get(user);
    const m = /^\/ocs\/v2\.php\/apps\/spreed\/api\/v4\/room\/([a-z0-9]+)(\/[^?]*)?(\?.*)?$/i.exec(req.url ?? '');
    const send = (status: number, data: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ocs: { meta: { status: status < 300 ? 'ok' : 'failure', statuscode: status, message: '' }, data } }));
    };
    const failing = failures.findIndex((f) => f(req.method ?? '', req.url ?? ''));
    if (failing !== -1) {
      failures.splice(failing, 1);
      send(500, []);
      return;
    }
    if (!m || m[1] !== 'abcd1234' || !view) {
      send(404, []);
      return;
    }
    const moderatorOnly = (m[2] === '/attendees/permissions' && req.method === 'PUT') || (m[2] === '/attendees' && req.method === 'DELETE');
    if (moderatorOnly && view.participantType > 2) {
      send(403, []);
      return;
    }
    if (!m[2]) {
      send(200, { token: 'abcd1234', displayName: 'Klasse 7a', participantType: view.participantType, permissions: view.permissions, lobbyState: view.lobbyState ?? 0 });
    } else if (m[2] === '/attendees/permissions' && req.method === 'PUT') {
      const { attendeeId, method, permissions } = JSON.parse(body.toString()) as { attendeeId: number; method: string; permissions: number };
      const p = participants.find((x) => x.attendeeId === attendeeId);
      if (p) p.permissions = method === 'set' ? permissions : method === 'add' ? p.permissions | permissions : p.permissions & ~permissions;
      send(200, []);
    } else if (m[2] === '/attendees' && req.method === 'DELETE') {
      send(200, []);
    } else if (m[2] === '/participants') {
      send(
        200,
        participants.map((p) => ({ ...p, attendeePermissions: p.permissions })),
      );
    } else {
      send(404, []);
    }
  });
  return {
    ...server,
    failNext(matches: (method: string, url: string) => boolean): void {
      failures.push(matches);
    },
  };
}

export interface LiveKitCall {
  path: string;
  auth: string;
  body: Record<string, unknown>;
}

/** A stand-in for LiveKit's room service (Twirp over HTTP): records every call, answers `{}`. */
export async function startFakeLiveKit(): Promise<{ url: string; calls: LiveKitCall[]; close(): Promise<void> }> {
  const calls: LiveKitCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', auth: req.headers['authorization'] ?? '', body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
