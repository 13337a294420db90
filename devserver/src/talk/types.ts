/** Talk (spreed) data as the dev server stores it: rooms with attendees, chat messages, room sessions, polls. */

export type ActorType = 'users' | 'groups' | 'circles' | 'guests' | 'bots';

/** A rich object parameter of a chat message (mention-user, actor, file, talk-poll ...). */
export type RichParam = Record<string, string>;

export interface TalkAttendee {
  id: number;
  actorType: ActorType;
  actorId: string;
  displayName: string;
  /** 1 owner, 2 moderator, 3 user, 4 guest, 5 user self joined, 6 guest moderator. */
  participantType: number;
  /** Attendee permissions (0 = default). */
  permissions: number;
  lastReadMessage: number;
  isFavorite: boolean;
  isArchived: boolean;
  isImportant: boolean;
  notificationLevel: number;
  notificationCalls: number;
  /** Breakout room assignment of a participant in a parent room (room token). */
  breakoutRoom?: string | null;
}

export interface TalkRoom {
  id: number;
  token: string;
  /** 1 one-to-one, 2 group, 3 public, 4 changelog, 5 former one-to-one, 6 note to self. */
  type: number;
  name: string;
  description: string;
  readOnly: number;
  listable: number;
  lobbyState: number;
  /** Unix seconds; 0 = no timer. */
  lobbyTimer: number;
  defaultPermissions: number;
  callPermissions: number;
  mentionPermissions: number;
  messageExpiration: number;
  objectType: string;
  objectId: string;
  avatarVersion: string;
  /** Unix seconds of the last activity. */
  lastActivity: number;
  /** Unix seconds when the current call started; 0 = no call. */
  callStartTime: number;
  /** Attendee id of who started the current call. */
  callStartedBy: number;
  breakoutRoomMode: number;
  breakoutRoomStatus: number;
  /** Breakout rooms: the parent room token. */
  parentToken: string | null;
  /** Set when a participant of a breakout room asked for assistance. */
  nextAttendeeId?: number;
  /** Public rooms: salted SHA-256 of the password guests and self-joining users must give (absent = none). */
  passwordHash?: string;
  attendees: TalkAttendee[];
}

export interface TalkReaction {
  actorType: ActorType;
  actorId: string;
  actorDisplayName: string;
  timestamp: number;
}

export interface TalkMessage {
  id: number;
  token: string;
  actorType: ActorType;
  actorId: string;
  actorDisplayName: string;
  /** Unix seconds. */
  timestamp: number;
  /** comment: a user message; system: a system message; comment_deleted: deleted; */
  kind: 'comment' | 'system' | 'comment_deleted';
  /** The text (comments, with {mention-...} placeholders) or the system message key. */
  message: string;
  parameters: Record<string, RichParam>;
  /** Extra values of system messages (old/new names, durations). */
  extra?: Record<string, string>;
  referenceId: string;
  parentId: number | null;
  silent: boolean;
  reactions: Record<string, TalkReaction[]>;
  edit: { actorType: ActorType; actorId: string; actorDisplayName: string; timestamp: number } | null;
  /** Users mentioned directly; `all` for @all. Groups/teams are expanded into `users` with `direct: false`. */
  mentions: { users: string[]; indirect: string[]; all: boolean };
  deletedBy?: { actorType: ActorType; actorId: string; actorDisplayName: string } | null;
}

/** A room session (`participants/active`), bound to the client's PHP session cookie. */
export interface TalkSession {
  id: string;
  token: string;
  attendeeId: number;
  /** Participant in-call flags; 0 = not in call. */
  inCall: number;
  /** Unix seconds. */
  lastPing: number;
}

export interface TalkPoll {
  id: number;
  token: string;
  question: string;
  options: string[];
  actorType: ActorType;
  actorId: string;
  actorDisplayName: string;
  /** 0 open, 1 closed, 2 draft. */
  status: number;
  resultMode: number;
  maxVotes: number;
  votes: { actorType: ActorType; actorId: string; actorDisplayName: string; optionId: number }[];
  messageId: number;
}

export interface TalkData {
  rooms: TalkRoom[];
  /** Messages per room token, ascending ids. */
  messages: Record<string, TalkMessage[]>;
  sessions: TalkSession[];
  polls: TalkPoll[];
  /** The PHP session (cookie value) → room token → room session id, as Talk keeps it in the Nextcloud session. */
  phpSessions: Record<string, Record<string, string>>;
  /** Users added to groups at runtime (group id → user ids), on top of the seeded school. */
  extraGroupMembers: Record<string, string[]>;
}

export function emptyTalkData(): TalkData {
  return { rooms: [], messages: {}, sessions: [], polls: [], phpSessions: {}, extraGroupMembers: {} };
}
