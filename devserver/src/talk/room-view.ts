/** A conversation as Talk's RoomController answers it for one attendee. */
import { createHash } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { TalkAttendee, TalkRoom } from './types.js';
import { lobbyBlocks } from './lobby.js';
import { roomLastMessage, renderMessage, unreadOf } from './messages.js';
import { ROOM_ONE_TO_ONE, ROOM_NOTE_TO_SELF, PERM_CALL_START, isModerator, permissionsOf, lastCommonRead, currentSession, roomCallFlag } from './core.js';

export const TALK_HASH = createHash('sha1').update('klassenraum-devserver-talk-config').digest('hex');

export function displayNameOfRoom(room: TalkRoom, viewer: string): string {
  if (room.type === ROOM_ONE_TO_ONE) {
    const other = room.attendees.find((a) => a.actorType === 'users' && a.actorId !== viewer);
    return other?.displayName ?? room.name;
  }
  return room.name;
}

export function renderRoom(ctx: Ctx, room: TalkRoom, a: TalkAttendee, includeLastMessage = true): Record<string, unknown> {
  const app = ctx.app;
  const session = currentSession(ctx, room, a);
  const blocked = lobbyBlocks(app, room, a);
  const perms = permissionsOf(room, a);
  const unread = unreadOf(app, room, a);
  const moderator = isModerator(a);
  const out: Record<string, unknown> = {
    id: room.id,
    token: room.token,
    type: room.type,
    name: room.name,
    displayName: displayNameOfRoom(room, a.actorId),
    objectType: room.objectType,
    objectId: room.objectId,
    participantType: a.participantType,
    participantFlags: session?.inCall ?? 0,
    readOnly: room.readOnly,
    hasPassword: room.passwordHash !== undefined,
    hasCall: room.callStartTime > 0,
    callStartTime: room.callStartTime,
    callRecording: 0,
    canStartCall: !blocked && (perms & PERM_CALL_START) !== 0 && room.type !== ROOM_NOTE_TO_SELF,
    lastActivity: room.lastActivity,
    lastReadMessage: a.lastReadMessage,
    unreadMessages: unread.messages,
    unreadMention: unread.mention,
    unreadMentionDirect: unread.direct,
    isFavorite: a.isFavorite,
    canLeaveConversation: room.type !== ROOM_NOTE_TO_SELF,
    canDeleteConversation: moderator && room.type !== ROOM_ONE_TO_ONE,
    notificationLevel: a.notificationLevel,
    notificationCalls: a.notificationCalls,
    lobbyState: room.lobbyState,
    lobbyTimer: room.lobbyTimer,
    lastPing: session?.lastPing ?? 0,
    sessionId: session?.id ?? '0',
    sipEnabled: 0,
    actorType: a.actorType,
    actorId: a.actorId,
    attendeeId: a.id,
    permissions: perms,
    attendeePermissions: a.permissions,
    callPermissions: room.callPermissions,
    defaultPermissions: room.defaultPermissions,
    canEnableSIP: false,
    attendeePin: '',
    description: room.description,
    lastCommonReadMessage: lastCommonRead(room),
    listable: room.listable,
    callFlag: roomCallFlag(app, room),
    messageExpiration: room.messageExpiration,
    avatarVersion: room.avatarVersion,
    isCustomAvatar: false,
    breakoutRoomMode: room.breakoutRoomMode,
    breakoutRoomStatus: room.breakoutRoomStatus,
    recordingConsent: 0,
    mentionPermissions: room.mentionPermissions,
    isArchived: a.isArchived,
    isImportant: a.isImportant,
  };
  if (includeLastMessage && !blocked) {
    const last = roomLastMessage(app, room);
    if (last !== undefined) out['lastMessage'] = renderMessage(app, room, last, a.actorId, false);
  }
  return out;
}
