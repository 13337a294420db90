/** Talk's lobby: the timer that opens it (with its system message) and who it keeps out. */
import type { App } from '../context.js';
import { OcsError } from '../ocs.js';
import type { TalkAttendee, TalkRoom } from './types.js';
import { postSystem } from './messages.js';
import { PERM_LOBBY_IGNORE, nowS, isModerator, permissionsOf } from './core.js';

/** Turns the lobby off once its timer passed (Talk does this on access), with the system message. */
export function checkLobbyTimer(app: App, room: TalkRoom): void {
  if (room.lobbyState === 1 && room.lobbyTimer > 0 && room.lobbyTimer <= nowS(app)) {
    room.lobbyState = 0;
    room.lobbyTimer = 0;
    postSystem(app, room, null, 'lobby_timer_reached');
  }
}

export function lobbyBlocks(app: App, room: TalkRoom, a: TalkAttendee): boolean {
  checkLobbyTimer(app, room);
  return room.lobbyState === 1 && !isModerator(a) && (permissionsOf(room, a) & PERM_LOBBY_IGNORE) === 0;
}

export function requireNoLobby(app: App, room: TalkRoom, a: TalkAttendee): void {
  if (lobbyBlocks(app, room, a)) throw new OcsError(412);
}
