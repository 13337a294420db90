/**
 * Talk's numeric constants, named once for the whole app (values from Talk's docs/constants.md). Compare and
 * combine these names, never the bare numbers.
 */

/** Conversation types (`type` of a room). */
export const CONVERSATION_TYPE = {
  oneToOne: 1,
  group: 2,
  public: 3,
  changelog: 4,
  formerOneToOne: 5,
  noteToSelf: 6,
} as const;

/** Participant types (`participantType` of a room or a participant). */
export const PARTICIPANT_TYPE = {
  owner: 1,
  moderator: 2,
  user: 3,
  guest: 4,
  userFollowingLink: 5,
  guestModerator: 6,
} as const;

/** Participant in-call flags (`inCall`, and the `flags` of a call join), combined bitwise. */
export const IN_CALL = {
  disconnected: 0,
  inCall: 1,
  withAudio: 2,
  withVideo: 4,
  sipDialIn: 8,
} as const;

/** Attendee permissions (`permissions`, `participantPermissions`, default permissions), combined bitwise. */
export const PERMISSION = {
  default: 0,
  custom: 1,
  startCall: 2,
  joinCall: 4,
  ignoreLobby: 8,
  publishAudio: 16,
  publishVideo: 32,
  publishScreen: 64,
  chat: 128,
} as const;

/** Mention permissions: who may mention `@all`. */
export const MENTION_PERMISSIONS = {
  everyone: 0,
  moderators: 1,
} as const;

/** Owner, moderator or guest moderator: may moderate the conversation. */
export function isModeratorType(participantType: number): boolean {
  return (
    participantType === PARTICIPANT_TYPE.owner ||
    participantType === PARTICIPANT_TYPE.moderator ||
    participantType === PARTICIPANT_TYPE.guestModerator
  );
}
