/** Talk's reactions API (/api/v1/reaction/{token}/{messageId}). */
import type { Ctx } from '../context.js';
import { str } from '../http.js';
import { OcsError } from '../ocs.js';
import type { OcsRoute } from '../router.js';
import { nowS, roomMessages } from './core.js';
import { postSystem, userActor } from './messages.js';
import type { TalkMessage, TalkRoom } from './types.js';
import { V1, chatRoute, canChat } from './chat-access.js';

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

export const reactionRoutes: OcsRoute[] = [
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
          m.parameters = {};
        }
      }
      postSystem(ctx.app, room, userActor(uid), 'reaction_revoked', {}, undefined, msg.id);
      // Talk answers the remaining reactions as a JSON object, `{}` when none is left (recorded in talk-live.json).
      const left = reactionList(msg);
      return { data: Array.isArray(left) ? {} : left };
    }),
  },
];
