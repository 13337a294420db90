/**
 * Talk's backend notifier: tells the signaling server (HPB) about room changes with POST {server}/api/v1/room/{token}
 * (checksum headers as for backend requests). Instead of hooks in every Talk controller, the notifier compares
 * a snapshot of the Talk state after each change and sends what differs: invite / disinvite (members),
 * update (room properties), delete, participants (permissions or roles of sessions), incall (call flags)
 * and message (new chat messages: clients refresh their chat).
 */
import { randomBytes } from 'node:crypto';
import type { App } from '../context.js';
import { breakoutSwitchMessages } from '../talk/breakout.js';
import { talkData } from '../talk/core.js';
import type { TalkRoom } from '../talk/types.js';
import { roomProperties, signalingBackendConfig, signalingChecksum, signalingPermissions } from './backend.js';

type Json = Record<string, unknown>;

interface SessionSnap {
  entry: Json;
  inCall: number;
  /** permissions + participant type, to see changes. */
  key: string;
}

interface RoomSnap {
  users: string[];
  props: string;
  sessions: Map<string, SessionSnap>;
  lastMessageId: number;
  /** Breakout rooms of this (parent) room are running: a change moves sessions (switchto). */
  breakoutStarted: boolean;
}

function sessionEntries(app: App, room: TalkRoom): Map<string, SessionSnap> {
  const out = new Map<string, SessionSnap>();
  for (const s of talkData(app).sessions) {
    if (s.token !== room.token) continue;
    const a = room.attendees.find((x) => x.id === s.attendeeId);
    if (a === undefined) continue;
    const permissions = signalingPermissions(room, a);
    const entry: Json = {
      inCall: s.inCall,
      lastPing: s.lastPing,
      sessionId: s.id,
      participantType: a.participantType,
      participantPermissions: permissionsOf(permissions),
      permissions,
      actorType: a.actorType,
      actorId: a.actorId,
      displayName: a.displayName,
    };
    if (a.actorType === 'users') entry['userId'] = a.actorId;
    out.set(s.id, { entry, inCall: s.inCall, key: `${permissions.join(',')}|${String(a.participantType)}` });
  }
  return out;
}

/** Talk's attendee permission bits, rebuilt from the names (kept with the entry like Talk's participantPermissions). */
function permissionsOf(names: string[]): number {
  let bits = 1 | 2 | 4 | 128;
  if (names.includes('publish-audio')) bits |= 16;
  if (names.includes('publish-video')) bits |= 32;
  if (names.includes('publish-screen')) bits |= 64;
  return bits;
}

function snapshot(app: App): Map<string, RoomSnap> {
  const out = new Map<string, RoomSnap>();
  for (const room of talkData(app).rooms) {
    const list = talkData(app).messages[room.token] ?? [];
    const { ['participant-list']: _ignored, ...props } = roomProperties(room);
    out.set(room.token, {
      users: room.attendees.filter((a) => a.actorType === 'users').map((a) => a.actorId),
      props: JSON.stringify(props),
      sessions: sessionEntries(app, room),
      lastMessageId: list[list.length - 1]?.id ?? 0,
      breakoutStarted: room.breakoutRoomStatus === 1,
    });
  }
  return out;
}

export interface BackendMessage {
  token: string;
  body: Json;
}

/** The messages that turn `before` into `after`, in the order Talk would send them. */
export function diffSnapshots(app: App, before: Map<string, RoomSnap>, after: Map<string, RoomSnap>): BackendMessage[] {
  const out: BackendMessage[] = [];
  for (const [token, old] of before) {
    if (!after.has(token)) out.push({ token, body: { type: 'delete', delete: { userids: old.users } } });
  }
  for (const [token, now] of after) {
    const room = talkData(app).rooms.find((r) => r.token === token);
    if (room === undefined) continue;
    const old = before.get(token) ?? { users: [], props: now.props, sessions: new Map<string, SessionSnap>(), lastMessageId: now.lastMessageId, breakoutStarted: now.breakoutStarted };
    const added = now.users.filter((u) => !old.users.includes(u));
    const removed = old.users.filter((u) => !now.users.includes(u));
    if (added.length > 0) out.push({ token, body: { type: 'invite', invite: { userids: added, alluserids: now.users, properties: roomProperties(room) } } });
    if (removed.length > 0) out.push({ token, body: { type: 'disinvite', disinvite: { userids: removed, alluserids: now.users } } });
    if (old.props !== now.props) out.push({ token, body: { type: 'update', update: { userids: now.users, properties: roomProperties(room) } } });
    const users = [...now.sessions.values()].map((s) => s.entry);
    const changedRights: Json[] = [];
    const inCallChanges = new Map<number, Json[]>();
    for (const [id, s] of now.sessions) {
      const prev = old.sessions.get(id);
      if (prev !== undefined && prev.key !== s.key) changedRights.push(s.entry);
      if ((prev?.inCall ?? 0) !== s.inCall) inCallChanges.set(s.inCall, [...(inCallChanges.get(s.inCall) ?? []), s.entry]);
    }
    for (const [id, prev] of old.sessions) {
      if (!now.sessions.has(id) && prev.inCall !== 0) inCallChanges.set(0, [...(inCallChanges.get(0) ?? []), { ...prev.entry, inCall: 0 }]);
    }
    if (changedRights.length > 0) out.push({ token, body: { type: 'participants', participants: { changed: changedRights, users } } });
    for (const [incall, changed] of inCallChanges) out.push({ token, body: { type: 'incall', incall: { incall, changed, users } } });
    if (now.lastMessageId > old.lastMessageId && before.has(token)) {
      out.push({ token, body: { type: 'message', message: { data: { type: 'chat', chat: { refresh: true } } } } });
    }
  }
  // Breakout rooms started or stopped: after the lobby and member updates, the sessions that move.
  for (const token of after.keys()) {
    const old = before.get(token);
    const room = talkData(app).rooms.find((r) => r.token === token);
    if (old !== undefined && room !== undefined) out.push(...breakoutSwitchMessages(app, room, old.breakoutStarted));
  }
  return out;
}

export interface SignalingNotifier {
  /** Resolves when everything queued so far was delivered (or failed). */
  idle(): Promise<void>;
  stop(): void;
}

/** Starts notifying the configured signaling server about Talk changes of this app. */
export function startSignalingNotifier(app: App, opts: { fetch?: typeof fetch; log?: (msg: string) => void } = {}): SignalingNotifier {
  const doFetch = opts.fetch ?? fetch;
  const log = opts.log ?? ((msg: string) => console.warn(msg));
  let last = snapshot(app);
  let scheduled = false;
  let queue: Promise<void> = Promise.resolve();

  const send = async (m: BackendMessage): Promise<void> => {
    const config = signalingBackendConfig(app);
    if (config === undefined) return;
    const body = JSON.stringify(m.body);
    const random = randomBytes(32).toString('hex');
    const url = `${config.url.replace(/\/+$/, '')}/api/v1/room/${encodeURIComponent(m.token)}`;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'spreed-signaling-random': random,
          'spreed-signaling-checksum': signalingChecksum(config.secret, random, body),
          'spreed-signaling-backend': `${app.publicUrl}/`,
        },
        body,
      });
      if (!res.ok) log(`[devserver] signaling server answered ${String(res.status)} to ${m.body['type'] as string} for ${m.token}: ${await res.text()}`);
      else await res.arrayBuffer();
    } catch (err) {
      log(`[devserver] signaling server unreachable for ${m.body['type'] as string} of ${m.token}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const flush = (): void => {
    scheduled = false;
    const now = snapshot(app);
    const messages = diffSnapshots(app, last, now);
    last = now;
    for (const m of messages) queue = queue.then(() => send(m));
  };

  const unsubscribe = app.store.onChanged(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  });

  return {
    idle: async () => {
      if (scheduled) await new Promise<void>((resolve) => setImmediate(resolve));
      await queue;
    },
    stop: unsubscribe,
  };
}
