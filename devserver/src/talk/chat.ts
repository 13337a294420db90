/** Talk's chat API (/api/v1/chat/{token}): send, history, long-poll, edit, delete, read marker, mentions, shared items; reactions; polls. */
import type { AuthInfo } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs, OcsRoute } from '../router.js';
import { statusRow } from '../core/user-status.js';
import {
  boolParam,
  intParam,
  insertMessage,
  isModerator,
  lastCommonRead,
  lastMessageId,
  nowS,
  notifyMentions,
  onNextMessage,
  parseMentions,
  PERM_CHAT,
  permissionsOf,
  postSystem,
  renderMessage,
  renderRoom,
  requireNoLobby,
  roomForUser,
  roomMessages,
  talkData,
  userActor,
} from './core.js';
import { findCircle, groupMemberIds } from './membership.js';
import type { TalkAttendee, TalkMessage, TalkPoll, TalkRoom } from './types.js';

const V1 = '/apps/spreed/api/v1';
const MAX_LENGTH = 32000;

type Handler = (a: OcsArgs<AuthInfo>) => OcsResult | Promise<OcsResult>;
type RoomHandler = (ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string, p: Record<string, string>) => OcsResult | Promise<OcsResult>;

/** Chat endpoints: 404 for non-members, 412 while the lobby holds the user back. */
function chatRoute(handler: RoomHandler): Handler {
  return ({ ctx, p, auth }) => {
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', auth.uid);
    requireNoLobby(ctx.app, room, attendee);
    return handler(ctx, room, attendee, auth.uid, p);
  };
}

function commonReadHeader(room: TalkRoom): Record<string, string> {
  return { 'x-chat-last-common-read': String(lastCommonRead(room)) };
}

function canChat(room: TalkRoom, a: TalkAttendee): boolean {
  if (room.readOnly === 1) return false;
  return (permissionsOf(room, a) & PERM_CHAT) !== 0;
}

function findMessage(ctx: Ctx, room: TalkRoom, id: string | undefined): TalkMessage {
  const n = Number.parseInt(id ?? '', 10);
  const msg = roomMessages(ctx.app, room.token).find((m) => m.id === n);
  if (msg === undefined) throw new OcsError(404, '', { error: 'message' });
  return msg;
}

function selectMessages(ctx: Ctx, room: TalkRoom, future: boolean, lastKnown: number, limit: number, includeLastKnown: boolean): TalkMessage[] {
  // Every message, system ones included: clients learn of reactions, edits and deletions from them.
  const list = roomMessages(ctx.app, room.token);
  if (future) {
    return list.filter((m) => m.id > lastKnown || (includeLastKnown && m.id === lastKnown)).slice(0, limit);
  }
  const older = list.filter((m) => lastKnown === 0 || m.id < lastKnown || (includeLastKnown && m.id === lastKnown));
  return older.slice(-limit).reverse();
}

function receive(ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string): OcsResult | Promise<OcsResult> {
  const future = boolParam(ctx.params, 'lookIntoFuture', false);
  const limit = Math.min(Math.max(intParam(ctx.params, 'limit') ?? 100, 1), 200);
  const lastKnown = intParam(ctx.params, 'lastKnownMessageId') ?? 0;
  const includeLastKnown = boolParam(ctx.params, 'includeLastKnown', false);
  const setReadMarker = boolParam(ctx.params, 'setReadMarker', true);
  const timeout = Math.min(Math.max(intParam(ctx.params, 'timeout') ?? 30, 0), 60);

  const answer = (): OcsResult | null => {
    const msgs = selectMessages(ctx, room, future, lastKnown, limit, includeLastKnown);
    if (msgs.length === 0) return null;
    const ids = msgs.map((m) => m.id);
    const lastGiven = future ? Math.max(...ids) : Math.min(...ids);
    if (future && setReadMarker && lastGiven > a.lastReadMessage) {
      a.lastReadMessage = lastGiven;
      ctx.app.store.changed();
    }
    if (future && boolParam(ctx.params, 'markNotificationsAsRead', true)) markMentionNotificationsRead(ctx, room, uid);
    return {
      data: msgs.map((m) => renderMessage(ctx.app, room, m, uid)),
      headers: { 'x-chat-last-given': String(lastGiven), ...commonReadHeader(room) },
    };
  };
  const notModified: OcsResult = { data: [], status: 304 };
  const now = answer();
  if (now !== null) return now;
  if (!future || timeout === 0) return notModified;
  return new Promise<OcsResult>((resolve) => {
    // The client went away (aborted poll): stop waiting at once instead of holding the timer.
    const socket = ctx.req.socket;
    let settled = false;
    let unregister = (): void => undefined;
    const finish = (r: OcsResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unregister();
      socket.off('close', onClose);
      resolve(r);
    };
    const timer = setTimeout(() => {
      finish(notModified);
    }, timeout * 1000);
    const onClose = (): void => {
      finish(notModified);
    };
    const listen = (): void => {
      unregister = onNextMessage(ctx.app, room.token, () => {
        const r = answer();
        if (r === null) listen();
        else finish(r);
      });
    };
    listen();
    socket.on('close', onClose);
  });
}

/** Reading the chat clears the user's Talk notifications of this room, as Talk's notifier does. */
function markMentionNotificationsRead(ctx: Ctx, room: TalkRoom, uid: string): void {
  const d = ctx.app.store.data;
  const before = d.notifications.length;
  d.notifications = d.notifications.filter((n) => !(n.user === uid && n.app === 'spreed' && n.objectId.startsWith(`${room.token}/`)));
  if (d.notifications.length !== before) ctx.app.store.changed();
}

function send(ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string): OcsResult {
  const text = str(ctx.params, 'message') ?? '';
  if (text.trim() === '') throw new OcsError(400, '', { error: 'message' });
  if (text.length > MAX_LENGTH) throw new OcsError(413, '', { error: 'message' });
  if (!canChat(room, a)) throw new OcsError(403);
  const replyTo = intParam(ctx.params, 'replyTo') ?? 0;
  let parentId: number | null = null;
  if (replyTo > 0) {
    const parent = roomMessages(ctx.app, room.token).find((m) => m.id === replyTo);
    if (parent === undefined || parent.kind !== 'comment') throw new OcsError(400, '', { error: 'reply-to' });
    parentId = parent.id;
  }
  const actor = userActor(uid);
  const displayName = str(ctx.params, 'actorDisplayName');
  const parsed = parseMentions(ctx.app, room, text, a);
  const msg = insertMessage(ctx.app, room, {
    actorType: 'users',
    actorId: uid,
    actorDisplayName: displayName !== undefined && displayName !== '' && a.actorType !== 'users' ? displayName : actor.displayName,
    kind: 'comment',
    message: parsed.text,
    parameters: parsed.parameters,
    referenceId: (str(ctx.params, 'referenceId') ?? '').slice(0, 64),
    parentId,
    silent: boolParam(ctx.params, 'silent', false),
    reactions: {},
    edit: null,
    mentions: parsed.mentions,
  });
  if (msg.id > a.lastReadMessage) a.lastReadMessage = msg.id;
  notifyMentions(ctx.app, room, msg, actor);
  return { data: renderMessage(ctx.app, room, msg, uid), status: 201, headers: commonReadHeader(room) };
}

function mayModify(a: TalkAttendee, msg: TalkMessage): boolean {
  if (msg.kind !== 'comment') return false;
  if (msg.actorType === 'users' && msg.actorId === a.actorId) return true;
  return isModerator(a);
}

function edit(ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string, p: Record<string, string>): OcsResult {
  const msg = findMessage(ctx, room, p['messageId']);
  if (msg.kind !== 'comment') throw new OcsError(405, '', { error: 'message' });
  if (!mayModify(a, msg)) throw new OcsError(403, '', { error: 'permission' });
  if (nowS(ctx.app) - msg.timestamp > 24 * 3600) throw new OcsError(400, '', { error: 'age' });
  const text = str(ctx.params, 'message') ?? '';
  if (text.trim() === '') throw new OcsError(400, '', { error: 'message' });
  if (text.length > MAX_LENGTH) throw new OcsError(413, '', { error: 'message' });
  const parsed = parseMentions(ctx.app, room, text, a);
  const actor = userActor(uid);
  msg.message = parsed.text;
  msg.parameters = parsed.parameters;
  msg.mentions = parsed.mentions;
  msg.edit = { actorType: 'users', actorId: uid, actorDisplayName: actor.displayName, timestamp: nowS(ctx.app) };
  const sys = postSystem(ctx.app, room, actor, 'message_edited', {}, undefined, msg.id);
  return { data: renderMessage(ctx.app, room, sys, uid), headers: commonReadHeader(room) };
}

function remove(ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string, p: Record<string, string>): OcsResult {
  const msg = findMessage(ctx, room, p['messageId']);
  if (msg.kind !== 'comment') throw new OcsError(405, '', { error: 'message' });
  if (!mayModify(a, msg)) throw new OcsError(403, '', { error: 'permission' });
  const actor = userActor(uid);
  msg.kind = 'comment_deleted';
  msg.message = 'Message deleted by you';
  msg.parameters = {};
  msg.mentions = { users: [], indirect: [], all: false };
  msg.reactions = {};
  msg.deletedBy = { actorType: 'users', actorId: uid, actorDisplayName: actor.displayName };
  const sys = postSystem(ctx.app, room, actor, 'message_deleted', {}, undefined, msg.id);
  return { data: renderMessage(ctx.app, room, sys, uid), headers: commonReadHeader(room) };
}

function mentionSuggestions(ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string): OcsResult {
  const search = (str(ctx.params, 'search') ?? '').toLowerCase();
  const limit = Math.max(intParam(ctx.params, 'limit') ?? 20, 1);
  const includeStatus = boolParam(ctx.params, 'includeStatus', false);
  const out: Record<string, unknown>[] = [];
  const matches = (id: string, label: string): boolean => search === '' || id.toLowerCase().includes(search) || label.toLowerCase().includes(search);
  const mayAll = room.mentionPermissions === 0 || isModerator(a);
  if (mayAll && ('all'.startsWith(search) || room.name.toLowerCase().includes(search))) {
    out.push({ id: 'all', label: room.name, source: 'calls', mentionId: 'all' });
  }
  const users = room.attendees
    .filter((x) => x.actorType === 'users' && x.actorId !== uid && matches(x.actorId, x.displayName))
    .sort((x, y) => x.displayName.localeCompare(y.displayName));
  for (const x of users) {
    const row: Record<string, unknown> = { id: x.actorId, label: x.displayName, source: 'users', mentionId: x.actorId };
    if (includeStatus) {
      const s = statusRow(ctx.app, x.actorId);
      if (s !== null) {
        row['status'] = s.status === 'invisible' ? 'offline' : s.status;
        row['statusIcon'] = s.icon;
        row['statusMessage'] = s.message;
        row['statusClearAt'] = s.clearAt;
      }
    }
    out.push(row);
  }
  for (const x of room.attendees) {
    if (x.actorType === 'groups' && matches(x.actorId, x.displayName) && groupMemberIds(ctx.app, x.actorId).length > 0) {
      out.push({ id: x.actorId, label: x.displayName, source: 'groups', mentionId: `group/${x.actorId}` });
    }
    if (x.actorType === 'circles' && matches(x.actorId, x.displayName) && findCircle(ctx.app, x.actorId) !== null) {
      out.push({ id: x.actorId, label: x.displayName, source: 'teams', mentionId: `team/${x.actorId}` });
    }
  }
  return { data: out.slice(0, limit) };
}

const SHARE_TYPES = ['audio', 'deckcard', 'file', 'location', 'media', 'other', 'poll', 'recording', 'voice'] as const;

function shareTypeOf(m: TalkMessage): string | null {
  if (m.kind !== 'comment') return null;
  if (m.message !== '{file}' && m.message !== '{object}') return null;
  const file = m.parameters['file'];
  if (file !== undefined) {
    const mime = file['mimetype'] ?? '';
    return mime.startsWith('image/') || mime.startsWith('video/') ? 'media' : mime.startsWith('audio/') ? 'audio' : 'file';
  }
  const object = m.parameters['object'];
  if (object?.['type'] === 'talk-poll') return 'poll';
  if (object?.['type'] === 'deck-card') return 'deckcard';
  if (object?.['type'] === 'geo-location') return 'location';
  return object === undefined ? null : 'other';
}

function shareOverview(ctx: Ctx, room: TalkRoom, _a: TalkAttendee, uid: string): OcsResult {
  const limit = Math.max(intParam(ctx.params, 'limit') ?? 7, 1);
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const t of SHARE_TYPES) out[t] = [];
  const list = roomMessages(ctx.app, room.token);
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m === undefined) continue;
    const type = shareTypeOf(m);
    const bucket = type === null ? undefined : out[type];
    if (bucket !== undefined && bucket.length < limit) bucket.push(renderMessage(ctx.app, room, m, uid, false));
  }
  return { data: out };
}

function shareItems(ctx: Ctx, room: TalkRoom, _a: TalkAttendee, uid: string): OcsResult {
  const type = str(ctx.params, 'objectType') ?? '';
  const limit = Math.max(intParam(ctx.params, 'limit') ?? 100, 1);
  const lastKnown = intParam(ctx.params, 'lastKnownMessageId') ?? 0;
  const list = roomMessages(ctx.app, room.token)
    .filter((m) => shareTypeOf(m) === type && (lastKnown === 0 || m.id < lastKnown))
    .reverse()
    .slice(0, limit);
  const data: Record<string, unknown> = {};
  for (const m of list) data[String(m.id)] = renderMessage(ctx.app, room, m, uid, false);
  const last = list[list.length - 1];
  return { data: list.length === 0 ? [] : data, headers: last === undefined ? {} : { 'x-chat-last-given': String(last.id) } };
}

/** Posts a rich-object message (a shared file, a poll) as the user, the way Talk shares objects into a chat. */
export function postObjectMessage(ctx: Ctx, room: TalkRoom, uid: string, key: 'file' | 'object', param: Record<string, string>, referenceId = ''): TalkMessage {
  const actor = userActor(uid);
  return insertMessage(ctx.app, room, {
    actorType: 'users',
    actorId: uid,
    actorDisplayName: actor.displayName,
    kind: 'comment',
    message: `{${key}}`,
    parameters: { actor: { type: 'user', id: uid, name: actor.displayName, 'mention-id': uid }, [key]: param },
    referenceId,
    parentId: null,
    silent: false,
    reactions: {},
    edit: null,
    mentions: { users: [], indirect: [], all: false },
  });
}

// ---------- reactions ----------

/** Reactions by emoji; PHP's empty array (`[]`) when there are none. */
function reactionList(msg: TalkMessage, only?: string): Record<string, unknown> | [] {
  const out: Record<string, unknown> = {};
  for (const [emoji, list] of Object.entries(msg.reactions)) {
    if (list.length === 0 || (only !== undefined && only !== emoji)) continue;
    out[emoji] = list.map((r) => ({ actorType: r.actorType, actorId: r.actorId, actorDisplayName: r.actorDisplayName, timestamp: r.timestamp }));
  }
  return Object.keys(out).length === 0 ? [] : out;
}

function reactionTarget(ctx: Ctx, room: TalkRoom, id: string | undefined): TalkMessage {
  const n = Number.parseInt(id ?? '', 10);
  const msg = roomMessages(ctx.app, room.token).find((m) => m.id === n);
  if (msg === undefined || msg.kind !== 'comment') throw new OcsError(404, '', null);
  return msg;
}

const reactionRoutes: OcsRoute[] = [
  {
    method: 'GET',
    path: `${V1}/reaction/{token}/{messageId}`,
    handler: chatRoute((ctx, room, _a, _uid, p) => {
      const msg = reactionTarget(ctx, room, p['messageId']);
      const only = str(ctx.params, 'reaction');
      return { data: reactionList(msg, only === '' ? undefined : only) };
    }),
  },
  {
    method: 'POST',
    path: `${V1}/reaction/{token}/{messageId}`,
    handler: chatRoute((ctx, room, a, uid, p) => {
      const msg = reactionTarget(ctx, room, p['messageId']);
      const emoji = str(ctx.params, 'reaction') ?? '';
      if (emoji === '' || emoji.length > 32) throw new OcsError(400, '', null);
      if (!canChat(room, a)) throw new OcsError(403);
      const list = msg.reactions[emoji] ?? [];
      if (list.some((r) => r.actorType === 'users' && r.actorId === uid)) return { data: reactionList(msg), status: 200 };
      const actor = userActor(uid);
      list.push({ actorType: 'users', actorId: uid, actorDisplayName: actor.displayName, timestamp: nowS(ctx.app) });
      msg.reactions[emoji] = list;
      postSystem(ctx.app, room, actor, 'reaction', {}, { reaction: emoji }, msg.id);
      return { data: reactionList(msg), status: 201 };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/reaction/{token}/{messageId}`,
    handler: chatRoute((ctx, room, _a, uid, p) => {
      const msg = reactionTarget(ctx, room, p['messageId']);
      const emoji = str(ctx.params, 'reaction') ?? '';
      const list = msg.reactions[emoji] ?? [];
      const rest = list.filter((r) => !(r.actorType === 'users' && r.actorId === uid));
      if (rest.length === list.length) throw new OcsError(404, '', null);
      msg.reactions[emoji] = rest;
      // Talk replaces the user's `reaction` message by `reaction_deleted` and posts `reaction_revoked`.
      for (const m of roomMessages(ctx.app, room.token)) {
        if (m.kind === 'system' && m.message === 'reaction' && m.parentId === msg.id && m.actorId === uid && m.extra?.['reaction'] === emoji) {
          m.message = 'reaction_deleted';
        }
      }
      postSystem(ctx.app, room, userActor(uid), 'reaction_revoked', {}, undefined, msg.id);
      return { data: reactionList(msg) };
    }),
  },
];

// ---------- polls ----------

function renderPoll(poll: TalkPoll, uid: string, moderator: boolean): Record<string, unknown> {
  const mine = poll.votes.filter((v) => v.actorType === 'users' && v.actorId === uid).map((v) => v.optionId);
  const voters = new Set(poll.votes.map((v) => `${v.actorType}/${v.actorId}`));
  const showResults = poll.status === 1 || (mine.length > 0 && poll.resultMode === 0);
  const out: Record<string, unknown> = {
    id: poll.id,
    question: poll.question,
    options: poll.options,
    actorType: poll.actorType,
    actorId: poll.actorId,
    actorDisplayName: poll.actorDisplayName,
    status: poll.status,
    resultMode: poll.resultMode,
    maxVotes: poll.maxVotes,
    votes: {},
    numVoters: 0,
    votedSelf: mine,
  };
  if (showResults || (moderator && poll.status === 1)) {
    const votes: Record<string, number> = {};
    for (const v of poll.votes) votes[`option-${String(v.optionId)}`] = (votes[`option-${String(v.optionId)}`] ?? 0) + 1;
    out['votes'] = votes;
    out['numVoters'] = voters.size;
  }
  if (poll.status === 1 && poll.resultMode === 0) out['details'] = poll.votes.map((v) => ({ ...v }));
  if (Object.keys(out['votes'] as Record<string, number>).length === 0) out['votes'] = [];
  return out;
}

function findPoll(ctx: Ctx, room: TalkRoom, id: string | undefined): TalkPoll {
  const n = Number.parseInt(id ?? '', 10);
  const poll = talkData(ctx.app).polls.find((x) => x.token === room.token && x.id === n);
  if (poll === undefined) throw new OcsError(404, '', { error: 'poll' });
  return poll;
}

const pollRoutes: OcsRoute[] = [
  {
    method: 'POST',
    path: `${V1}/poll/{token}`,
    handler: chatRoute((ctx, room, a, uid) => {
      const question = (str(ctx.params, 'question') ?? '').trim();
      const raw = ctx.params['options'];
      const options = (Array.isArray(raw) ? raw : []).map((o) => (typeof o === 'string' ? o.trim() : String(o))).filter((o) => o !== '');
      const resultMode = intParam(ctx.params, 'resultMode') ?? 0;
      const maxVotes = intParam(ctx.params, 'maxVotes') ?? 0;
      if (question === '' || question.length > 32000) throw new OcsError(400, '', { error: 'question' });
      if (options.length < 2) throw new OcsError(400, '', { error: 'options' });
      if ((resultMode !== 0 && resultMode !== 1) || maxVotes < 0) throw new OcsError(400, '', { error: 'poll' });
      if (room.type === 1 || room.type === 6) throw new OcsError(400, '', { error: 'room' });
      if (!canChat(room, a)) throw new OcsError(403);
      const actor = userActor(uid);
      const poll: TalkPoll = {
        id: ctx.app.store.nextId(),
        token: room.token,
        question,
        options,
        actorType: 'users',
        actorId: uid,
        actorDisplayName: actor.displayName,
        status: 0,
        resultMode,
        maxVotes,
        votes: [],
        messageId: 0,
      };
      talkData(ctx.app).polls.push(poll);
      const msg = postObjectMessage(ctx, room, uid, 'object', { type: 'talk-poll', id: String(poll.id), name: question });
      poll.messageId = msg.id;
      return { data: renderPoll(poll, uid, isModerator(a)), status: 201 };
    }),
  },
  {
    method: 'GET',
    path: `${V1}/poll/{token}/{pollId}`,
    handler: chatRoute((ctx, room, a, uid, p) => ({ data: renderPoll(findPoll(ctx, room, p['pollId']), uid, isModerator(a)) })),
  },
  {
    method: 'POST',
    path: `${V1}/poll/{token}/{pollId}`,
    handler: chatRoute((ctx, room, a, uid, p) => {
      const poll = findPoll(ctx, room, p['pollId']);
      if (poll.status !== 0) throw new OcsError(400, '', { error: 'poll' });
      const raw = ctx.params['optionIds'];
      const ids = (Array.isArray(raw) ? raw : []).map((x) => Number(x));
      if (ids.some((i) => !Number.isInteger(i) || i < 0 || i >= poll.options.length) || new Set(ids).size !== ids.length) {
        throw new OcsError(400, '', { error: 'options' });
      }
      if (poll.maxVotes > 0 && ids.length > poll.maxVotes) throw new OcsError(400, '', { error: 'options' });
      const actor = userActor(uid);
      poll.votes = poll.votes.filter((v) => !(v.actorType === 'users' && v.actorId === uid));
      for (const optionId of ids) poll.votes.push({ actorType: 'users', actorId: uid, actorDisplayName: actor.displayName, optionId });
      if (poll.resultMode === 0) {
        postSystem(ctx.app, room, actor, 'poll_voted', { poll: { type: 'talk-poll', id: String(poll.id), name: poll.question } });
      }
      ctx.app.store.changed();
      return { data: renderPoll(poll, uid, isModerator(a)) };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/poll/{token}/{pollId}`,
    handler: chatRoute((ctx, room, a, uid, p) => {
      const poll = findPoll(ctx, room, p['pollId']);
      if (!(poll.actorType === 'users' && poll.actorId === uid) && !isModerator(a)) throw new OcsError(403, '', { error: 'poll' });
      if (poll.status === 1) throw new OcsError(400, '', { error: 'poll' });
      poll.status = 1;
      postSystem(ctx.app, room, userActor(uid), 'poll_closed', { poll: { type: 'talk-poll', id: String(poll.id), name: poll.question } });
      return { data: renderPoll(poll, uid, isModerator(a)) };
    }),
  },
];

export const chatRoutes: OcsRoute[] = [
  { method: 'GET', path: `${V1}/chat/{token}`, handler: chatRoute(receive) },
  { method: 'POST', path: `${V1}/chat/{token}`, handler: chatRoute(send) },
  { method: 'GET', path: `${V1}/chat/{token}/mentions`, handler: chatRoute(mentionSuggestions) },
  { method: 'GET', path: `${V1}/chat/{token}/share/overview`, handler: chatRoute(shareOverview) },
  { method: 'GET', path: `${V1}/chat/{token}/share`, handler: chatRoute(shareItems) },
  {
    method: 'POST',
    path: `${V1}/chat/{token}/read`,
    handler: chatRoute((ctx, room, a) => {
      const last = intParam(ctx.params, 'lastReadMessage') ?? lastMessageId(ctx.app, room);
      a.lastReadMessage = Math.min(last, lastMessageId(ctx.app, room));
      ctx.app.store.changed();
      return { data: renderRoom(ctx, room, a), headers: commonReadHeader(room) };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/chat/{token}/read`,
    handler: chatRoute((ctx, room, a) => {
      // Marks the conversation unread: the read marker moves before the last comment.
      const comments = roomMessages(ctx.app, room.token).filter((m) => m.kind === 'comment');
      const previous = comments.length >= 1 ? comments[comments.length - 1] : undefined;
      a.lastReadMessage = previous === undefined ? 0 : previous.id - 1;
      ctx.app.store.changed();
      return { data: renderRoom(ctx, room, a), headers: commonReadHeader(room) };
    }),
  },
  {
    method: 'DELETE',
    path: `${V1}/chat/{token}`,
    handler: chatRoute((ctx, room, a, uid) => {
      if (!isModerator(a) && room.type !== 1) throw new OcsError(403, '', null);
      talkData(ctx.app).messages[room.token] = [];
      talkData(ctx.app).polls = talkData(ctx.app).polls.filter((x) => x.token !== room.token);
      const sys = postSystem(ctx.app, room, userActor(uid), 'history_cleared');
      for (const x of room.attendees) x.lastReadMessage = sys.id;
      return { data: renderMessage(ctx.app, room, sys, uid), headers: commonReadHeader(room) };
    }),
  },
  {
    method: 'GET',
    path: `${V1}/chat/{token}/{messageId}/context`,
    handler: chatRoute((ctx, room, _a, uid, p) => {
      const id = Number.parseInt(p['messageId'] ?? '', 10);
      const limit = Math.min(Math.max(intParam(ctx.params, 'limit') ?? 50, 1), 100);
      const list = roomMessages(ctx.app, room.token);
      const older = list.filter((m) => m.id <= id).slice(-limit);
      const newer = list.filter((m) => m.id > id).slice(0, limit);
      const msgs = [...older, ...newer];
      if (msgs.length === 0) return { data: [], status: 304 };
      const newest = msgs[msgs.length - 1];
      return {
        data: msgs.map((m) => renderMessage(ctx.app, room, m, uid)),
        headers: { 'x-chat-last-given': String(newest?.id ?? id), ...commonReadHeader(room) },
      };
    }),
  },
  { method: 'PUT', path: `${V1}/chat/{token}/{messageId}`, handler: chatRoute(edit) },
  { method: 'DELETE', path: `${V1}/chat/{token}/{messageId}`, handler: chatRoute(remove) },
  ...reactionRoutes,
  ...pollRoutes,
];
