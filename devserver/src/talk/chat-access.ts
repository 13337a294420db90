/** What the chat, reaction and poll endpoints share: membership and lobby checks, the message lookup, posting a rich object. */
import type { AuthInfo } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs } from '../router.js';
import { lastCommonRead, PERM_CHAT, permissionsOf, roomForUser, roomMessages } from './core.js';
import { requireNoLobby } from './lobby.js';
import { insertMessage, userActor } from './messages.js';
import type { TalkAttendee, TalkMessage, TalkRoom } from './types.js';

export const V1 = '/apps/spreed/api/v1';
export const MAX_LENGTH = 32000;

type Handler = (a: OcsArgs<AuthInfo>) => OcsResult | Promise<OcsResult>;
type RoomHandler = (ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string, p: Record<string, string>) => OcsResult | Promise<OcsResult>;

/** Chat endpoints: 404 for non-members, 412 while the lobby holds the user back. */
export function chatRoute(handler: RoomHandler): Handler {
  return ({ ctx, p, auth }) => {
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', auth.uid);
    requireNoLobby(ctx.app, room, attendee);
    return handler(ctx, room, attendee, auth.uid, p);
  };
}

export function commonReadHeader(room: TalkRoom): Record<string, string> {
  return { 'x-chat-last-common-read': String(lastCommonRead(room)) };
}

export function canChat(room: TalkRoom, a: TalkAttendee): boolean {
  if (room.readOnly === 1) return false;
  return (permissionsOf(room, a) & PERM_CHAT) !== 0;
}

export function findMessage(ctx: Ctx, room: TalkRoom, id: string | undefined): TalkMessage {
  const n = Number.parseInt(id ?? '', 10);
  const msg = roomMessages(ctx.app, room.token).find((m) => m.id === n);
  if (msg === undefined) throw new OcsError(404, '', { error: 'message' });
  return msg;
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
