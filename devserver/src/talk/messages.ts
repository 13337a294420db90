/** Talk's chat messages: posting (system messages, mentions and their notifications), rendering for a viewer, unread counts, long-poll wake-ups. */
import type { App } from '../context.js';
import { displayNameOf, findCircle, groupMemberIds, userExists } from './membership.js';
import type { ActorType, RichParam, TalkAttendee, TalkMessage, TalkRoom } from './types.js';
import { ROOM_ONE_TO_ONE, ROOM_PUBLIC, nowS, roomMessages, isModerator } from './core.js';

type Waiter = () => void;
const waiters = new WeakMap<App, Map<string, Set<Waiter>>>();

function waitersOf(app: App, token: string): Set<Waiter> {
  let byRoom = waiters.get(app);
  if (byRoom === undefined) {
    byRoom = new Map();
    waiters.set(app, byRoom);
  }
  let set = byRoom.get(token);
  if (set === undefined) {
    set = new Set();
    byRoom.set(token, set);
  }
  return set;
}

/** Registers a long-poll waiting for the room's next message; returns the unregister function. */
export function onNextMessage(app: App, token: string, fn: Waiter): () => void {
  const set = waitersOf(app, token);
  set.add(fn);
  return () => {
    set.delete(fn);
  };
}

function wake(app: App, token: string): void {
  const set = waitersOf(app, token);
  const list = [...set];
  set.clear();
  for (const fn of list) fn();
}

export interface Actor {
  type: ActorType;
  id: string;
  displayName: string;
}

export function userActor(uid: string): Actor {
  return { type: 'users', id: uid, displayName: displayNameOf(uid) };
}

export function actorParam(actor: Actor): RichParam {
  if (actor.type === 'users') return { type: 'user', id: actor.id, name: actor.displayName, 'mention-id': actor.id };
  if (actor.type === 'guests') return { type: 'guest', id: `guest/${actor.id}`, name: actor.displayName, 'mention-id': `guest/${actor.id}` };
  return { type: actor.type.replace(/s$/, ''), id: actor.id, name: actor.displayName };
}

export function userParam(uid: string): RichParam {
  return actorParam(userActor(uid));
}

export function callTypeOf(room: TalkRoom): string {
  return room.type === ROOM_ONE_TO_ONE ? 'one2one' : room.type === ROOM_PUBLIC ? 'public' : 'group';
}

/**
 * System messages that change nothing the conversation list shows: no lastMessage, no lastActivity (Talk posts
 * edits, deletions and revoked reactions with "skip last message update"; a poll vote does become the last message).
 */
const SILENT_SYSTEM = new Set(['reaction', 'reaction_revoked', 'reaction_deleted', 'message_deleted', 'message_edited']);

/**
 * An added reaction is stored as a message (it takes an id) that the chat never lists and that wakes no long-poll:
 * only `GET /reaction/{token}/{messageId}` shows it. Removing it turns it into a listed `reaction_deleted`.
 */
export function isHiddenFromChat(m: TalkMessage): boolean {
  return m.kind === 'system' && m.message === 'reaction';
}

export function countsAsLastMessage(m: TalkMessage): boolean {
  return !(m.kind === 'system' && SILENT_SYSTEM.has(m.message));
}

export function roomLastMessage(app: App, room: TalkRoom): TalkMessage | undefined {
  const list = roomMessages(app, room.token);
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m !== undefined && countsAsLastMessage(m)) return m;
  }
  return undefined;
}

export function insertMessage(app: App, room: TalkRoom, m: Omit<TalkMessage, 'id' | 'token' | 'timestamp'>): TalkMessage {
  const msg: TalkMessage = { ...m, id: app.store.nextId(), token: room.token, timestamp: nowS(app) };
  roomMessages(app, room.token).push(msg);
  if (countsAsLastMessage(msg)) room.lastActivity = msg.timestamp;
  app.store.changed();
  if (!isHiddenFromChat(msg)) wake(app, room.token);
  return msg;
}

const SYSTEM_ACTOR: Actor = { type: 'guests', id: 'system', displayName: '' };
/** System messages Talk posts without an `actor` parameter. */
const WITHOUT_ACTOR_PARAM = new Set(['poll_voted']);

/** Posts a system message; `actor` null = the system itself (lobby timer). */
export function postSystem(
  app: App,
  room: TalkRoom,
  actor: Actor | null,
  key: string,
  parameters: Record<string, RichParam> = {},
  extra?: Record<string, string>,
  parentId: number | null = null,
): TalkMessage {
  const a = actor ?? SYSTEM_ACTOR;
  const msg: Omit<TalkMessage, 'id' | 'token' | 'timestamp'> = {
    actorType: a.type,
    actorId: a.id,
    actorDisplayName: a.displayName,
    kind: 'system',
    message: key,
    parameters: WITHOUT_ACTOR_PARAM.has(key)
      ? parameters
      : { actor: actor === null ? { type: 'guest', id: 'guest/system', name: 'System', 'mention-id': 'guest/system' } : actorParam(a), ...parameters },
    referenceId: '',
    parentId,
    silent: false,
    reactions: {},
    edit: null,
    mentions: { users: [], indirect: [], all: false },
  };
  if (extra !== undefined) msg.extra = extra;
  return insertMessage(app, room, msg);
}

/** "You …" when the viewer is the actor, "… you" when the viewer is the `user` parameter. */
const SYSTEM_TEXT: Record<string, { other: string; you?: string; object?: string }> = {
  conversation_created: { other: '{actor} created the conversation', you: 'You created the conversation' },
  conversation_renamed: { other: '{actor} renamed the conversation from "{old}" to "{new}"', you: 'You renamed the conversation from "{old}" to "{new}"' },
  description_set: { other: '{actor} set the description', you: 'You set the description' },
  description_removed: { other: '{actor} removed the description', you: 'You removed the description' },
  call_started: { other: '{actor} started a call', you: 'You started a call' },
  call_joined: { other: '{actor} joined the call', you: 'You joined the call' },
  call_left: { other: '{actor} left the call', you: 'You left the call' },
  call_ended: { other: 'Call with {actor} (Duration {duration})' },
  call_ended_everyone: { other: '{actor} ended the call with everyone (Duration {duration})', you: 'You ended the call with everyone (Duration {duration})' },
  read_only: { other: '{actor} locked the conversation', you: 'You locked the conversation' },
  read_only_off: { other: '{actor} unlocked the conversation', you: 'You unlocked the conversation' },
  listable_none: { other: '{actor} limited the conversation to the current participants', you: 'You limited the conversation to the current participants' },
  listable_users: { other: '{actor} opened the conversation accessible to registered users', you: 'You opened the conversation accessible to registered users' },
  guests_allowed: { other: '{actor} allowed guests', you: 'You allowed guests' },
  guests_disallowed: { other: '{actor} disallowed guests', you: 'You disallowed guests' },
  lobby_timer_reached: { other: 'The conversation is now open to everyone' },
  lobby_none: { other: '{actor} opened the conversation to everyone', you: 'You opened the conversation to everyone' },
  lobby_non_moderators: { other: '{actor} restricted the conversation to moderators', you: 'You restricted the conversation to moderators' },
  user_added: { other: '{actor} added {user}', you: 'You added {user}', object: '{actor} added you' },
  user_removed: { other: '{actor} removed {user}', you: 'You removed {user}', object: '{actor} removed you' },
  group_added: { other: '{actor} added group {group}', you: 'You added group {group}' },
  group_removed: { other: '{actor} removed group {group}', you: 'You removed group {group}' },
  circle_added: { other: '{actor} added team {circle}', you: 'You added team {circle}' },
  circle_removed: { other: '{actor} removed team {circle}', you: 'You removed team {circle}' },
  moderator_promoted: { other: '{actor} promoted {user} to moderator', you: 'You promoted {user} to moderator', object: '{actor} promoted you to moderator' },
  moderator_demoted: { other: '{actor} demoted {user} from moderator', you: 'You demoted {user} from moderator', object: '{actor} demoted you from moderator' },
  message_deleted: { other: '{actor} deleted a message', you: 'You deleted a message' },
  message_edited: { other: '{actor} edited a message', you: 'You edited a message' },
  history_cleared: { other: '{actor} cleared the history of the conversation', you: 'You cleared the history of the conversation' },
  reaction: { other: '{reaction}' },
  reaction_deleted: { other: 'Reaction deleted by author' },
  reaction_revoked: { other: '{actor} deleted a reaction', you: 'You deleted a reaction' },
  poll_closed: { other: '{actor} ended the poll {poll}', you: 'You ended the poll {poll}' },
  poll_voted: { other: 'Someone voted on the poll {poll}' },
  breakout_rooms_started: { other: '{actor} started breakout rooms', you: 'You started breakout rooms' },
  breakout_rooms_stopped: { other: '{actor} stopped breakout rooms', you: 'You stopped breakout rooms' },
};

function systemText(msg: TalkMessage, viewer: string): string {
  const t = SYSTEM_TEXT[msg.message];
  if (t === undefined) return msg.message;
  let text = t.other;
  if (t.you !== undefined && msg.actorType === 'users' && msg.actorId === viewer) text = t.you;
  else if (t.object !== undefined && msg.parameters['user']?.['id'] === viewer) text = t.object;
  for (const [k, v] of Object.entries(msg.extra ?? {})) text = text.replace(`{${k}}`, v);
  return text;
}

function reactionCounts(msg: TalkMessage): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [emoji, list] of Object.entries(msg.reactions)) if (list.length > 0) out[emoji] = list.length;
  return out;
}

/**
 * Files sharing fills in a shared file's `{file}` parameter for the reader: Talk's SystemMessage parser
 * gives the path (and name, size) of the file as that reader has it (src/talk/shares-link.ts sets this).
 */
export const fileParameters: { forViewer: (app: App, file: RichParam, viewer: string) => RichParam } = {
  forViewer: (_app, file) => file,
};

/** A message as Talk's ChatController answers it, for the given viewer. */
export function renderMessage(app: App, room: TalkRoom, msg: TalkMessage, viewer: string, withParent = true): Record<string, unknown> {
  const isSystem = msg.kind === 'system';
  const deleted = msg.kind === 'comment_deleted';
  let text = msg.message;
  let params: Record<string, RichParam> = msg.parameters;
  if (isSystem) text = systemText(msg, viewer);
  const file = params['file'];
  if (file?.['type'] === 'file') params = { ...params, file: fileParameters.forViewer(app, file, viewer) };
  if (deleted) {
    const by = msg.deletedBy;
    params = by === null || by === undefined ? {} : { actor: actorParam({ type: by.actorType, id: by.actorId, displayName: by.actorDisplayName }) };
    text = by?.actorType === 'users' && by.actorId === viewer ? 'Message deleted by you' : by?.actorId === msg.actorId ? 'Message deleted by author' : 'Message deleted by {actor}';
  }
  const out: Record<string, unknown> = {
    id: msg.id,
    token: room.token,
    actorType: msg.actorType,
    actorId: msg.actorId,
    actorDisplayName: msg.actorDisplayName,
    timestamp: msg.timestamp,
    message: text,
    messageParameters: Object.keys(params).length === 0 ? [] : params,
    systemMessage: isSystem ? msg.message : '',
    messageType: isSystem ? 'system' : deleted ? 'comment_deleted' : 'comment',
    isReplyable: msg.kind === 'comment',
    referenceId: msg.referenceId,
    reactions: reactionCounts(msg),
    expirationTimestamp: 0,
    markdown: msg.kind !== 'system',
  };
  if (deleted) out['deleted'] = true;
  const self = Object.entries(msg.reactions)
    .filter(([, list]) => list.some((r) => r.actorType === 'users' && r.actorId === viewer))
    .map(([emoji]) => emoji);
  if (self.length > 0) out['reactionsSelf'] = self;
  if (msg.edit !== null) {
    out['lastEditActorType'] = msg.edit.actorType;
    out['lastEditActorId'] = msg.edit.actorId;
    out['lastEditActorDisplayName'] = msg.edit.actorDisplayName;
    out['lastEditTimestamp'] = msg.edit.timestamp;
  }
  if (msg.silent) out['silent'] = true;
  if (withParent && msg.parentId !== null) {
    const parent = roomMessages(app, room.token).find((m) => m.id === msg.parentId);
    if (parent !== undefined) out['parent'] = renderMessage(app, room, parent, viewer, false);
  }
  return out;
}

/** Comments after the read marker (system messages do not count, own messages do). */
export function unreadOf(app: App, room: TalkRoom, a: TalkAttendee): { messages: number; mention: boolean; direct: boolean } {
  let messages = 0;
  let mention = false;
  let direct = false;
  const list = roomMessages(app, room.token);
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m === undefined || m.id <= a.lastReadMessage) break;
    if (m.kind !== 'comment') continue;
    messages++;
    if (m.actorType === 'users' && m.actorId === a.actorId) continue;
    if (m.mentions.users.includes(a.actorId)) {
      mention = true;
      direct = true;
    } else if (m.mentions.all || m.mentions.indirect.includes(a.actorId)) {
      mention = true;
    }
  }
  return { messages, mention, direct };
}

/** Mentions in a new comment: `@user`, `@"user id"`, `@"group/gid"`, `@"team/id"`, `@all`; rewritten to placeholders. */
export function parseMentions(
  app: App,
  room: TalkRoom,
  text: string,
  sender: TalkAttendee,
): { text: string; parameters: Record<string, RichParam>; mentions: TalkMessage['mentions'] } {
  const parameters: Record<string, RichParam> = {};
  const mentions: TalkMessage['mentions'] = { users: [], indirect: [], all: false };
  const counters = { user: 0, call: 0, group: 0, team: 0 };
  const known = new Map<string, string>();
  const out = text.replace(/@(?:"([^"]+)"|([A-Za-z0-9_.@-]+))/g, (whole, quoted: string | undefined, plain: string | undefined) => {
    const ref = quoted ?? plain ?? '';
    const seen = known.get(ref);
    if (seen !== undefined) return seen;
    let key: string | null = null;
    if (ref === 'all') {
      if (room.mentionPermissions === 1 && !isModerator(sender)) return whole;
      key = `mention-call${String(++counters.call)}`;
      parameters[key] = { type: 'call', id: room.token, name: room.name, 'call-type': callTypeOf(room), 'mention-id': 'all' };
      mentions.all = true;
    } else if (ref.startsWith('group/')) {
      const gid = ref.slice('group/'.length);
      const members = groupMemberIds(app, gid);
      if (members.length === 0) return whole;
      key = `mention-group${String(++counters.group)}`;
      parameters[key] = { type: 'user-group', id: gid, name: gid, 'mention-id': `group/${gid}` };
      mentions.indirect.push(...members);
    } else if (ref.startsWith('team/')) {
      const cid = ref.slice('team/'.length);
      const circle = findCircle(app, cid);
      if (circle === null) return whole;
      key = `mention-team${String(++counters.team)}`;
      parameters[key] = { type: 'circle', id: cid, name: circle.displayName, 'mention-id': `team/${cid}` };
      mentions.indirect.push(...circle.members);
    } else {
      const uid = ref.startsWith('user/') ? ref.slice('user/'.length) : ref;
      if (!userExists(uid)) return whole;
      key = `mention-user${String(++counters.user)}`;
      parameters[key] = userParam(uid);
      mentions.users.push(uid);
    }
    const placeholder = `{${key}}`;
    known.set(ref, placeholder);
    return placeholder;
  });
  return { text: out, parameters, mentions };
}
