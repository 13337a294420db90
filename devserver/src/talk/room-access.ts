/** Who may call a room endpoint (members, moderators) and the room answer they share. */
import type { AuthInfo } from '../auth/auth.js';
import type { Ctx } from '../context.js';
import { OcsError, type OcsResult } from '../ocs.js';
import type { OcsArgs } from '../router.js';
import { requireModerator, roomForUser } from './core.js';
import { renderRoom } from './room-view.js';
import type { TalkAttendee, TalkRoom } from './types.js';

export const V4 = '/apps/spreed/api/v4';

export function bad(error: string): OcsError {
  return new OcsError(400, '', { error });
}

export function roomResult(ctx: Ctx, room: TalkRoom, a: TalkAttendee, status = 200, headers: Record<string, string> = {}): OcsResult {
  return { data: renderRoom(ctx, room, a), status, headers };
}
/** A room endpoint that only moderators may use (403 for others, 404 for non-members). */
type Handler = (a: OcsArgs<AuthInfo>) => OcsResult;

export function moderated(handler: (ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string) => OcsResult): Handler {
  return ({ ctx, p, auth }) => {
    const uid = auth.uid;
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', uid);
    requireModerator(attendee);
    return handler(ctx, room, attendee, uid);
  };
}

export function member(handler: (ctx: Ctx, room: TalkRoom, a: TalkAttendee, uid: string) => OcsResult): Handler {
  return ({ ctx, p, auth }) => {
    const uid = auth.uid;
    const { room, attendee } = roomForUser(ctx.app, p['token'] ?? '', uid);
    return handler(ctx, room, attendee, uid);
  };
}
