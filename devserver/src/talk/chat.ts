/** Talk's chat API (/api/v1/chat/{token}): send, history, long-poll, edit, delete, read marker, mentions, shared items; reactions; polls. */
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { statusRow, talkStatusFields } from '../core/user-status.js';
import { languageOf } from '../core/language.js';
import { boolParam, intParam, isModerator, lastMessageId, nowS, roomMessages, talkData } from './core.js';
import { insertMessage, isHiddenFromChat, onNextMessage, parseMentions, postSystem, renderMessage, userActor } from './messages.js';
import { notifyMentions } from './notify.js';
import { renderRoom } from './room-view.js';
import { findCircle, groupMemberIds } from './membership.js';
import type { TalkAttendee, TalkMessage, TalkRoom } from './types.js';
import { V1, MAX_LENGTH, chatRoute, commonReadHeader, canChat, findMessage } from './chat-access.js';
import { reactionRoutes } from './reactions.js';
import { pollRoutes } from './polls.js';

function selectMessages(ctx: Ctx, room: TalkRoom, future: boolean, lastKnown: number, limit: number, includeLastKnown: boolean): TalkMessage[] {
  // Every message, system ones included: clients learn of reactions, edits and deletions from them.
  const list = roomMessages(ctx.app, room.token).filter((m) => !isHiddenFromChat(m));
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
  // Talk drops the edit metadata of a deleted message.
  msg.edit = null;
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
      if (statusRow(ctx.app, x.actorId) !== null) Object.assign(row, talkStatusFields(ctx.app, x.actorId, languageOf(ctx, uid)));
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
