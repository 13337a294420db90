import type { AclRule, DeckAcl, DeckBoard, DeckStack } from '../../../api/deck/boards';
import { ACL_GROUP, ACL_USER } from '../../../api/deck/boards';
import { isApiError } from '../../../api/api-error';
import type { NewShare, Share } from '../../../api/sharing/shares';
import {
  PERMISSION_ALL,
  PERMISSION_READ,
  SHARE_TYPE_GROUP,
  SHARE_TYPE_USER,
} from '../../../api/sharing/shares';
import type { ParticipantSource, TalkParticipant, TalkRoom } from '../../../api/talk/rooms';
import { CLASS_ROOM_STUDENT_PERMISSIONS } from '../../../api/talk/rooms';
import { CONVERSATION_TYPE, MENTION_PERMISSIONS, PARTICIPANT_TYPE } from '../../../api/talk/constants';
import {
  BOARD_COLOR,
  CLASSES_FOLDER,
  descriptionWithMarker,
  folderPathOf,
  groupInRoomDescription,
    type ClassGroup,
} from './class-space';

/**
 * Sets up a class space in one step, idempotently: every part is looked up first and only what is
 * missing or wrong is written. A complete space costs four reads and no write. No React here: the
 * api functions come in as `ProvisionApi` so tests can pass a fake.
 */

/** The api functions provisioning uses (the real ones live in src/api/*). */
export interface ProvisionApi {
  listShares(params: { sharedWithMe?: boolean }): Promise<Share[]>;
  createShare(params: NewShare): Promise<Share>;
  updateSharePermissions(params: { id: string; permissions: number }): Promise<Share>;
  createFolder(params: { user: string; path: string }): Promise<void>;
  listRooms(params: Record<string, never>): Promise<TalkRoom[]>;
  createGroupRoom(params: { name: string }): Promise<TalkRoom>;
  setRoomDescription(params: { token: string; description: string }): Promise<void>;
  setDefaultPermissions(params: { token: string; permissions: number }): Promise<void>;
  setMentionPermissions(params: { token: string; mentionPermissions: 0 | 1 }): Promise<void>;
  listParticipants(params: { token: string }): Promise<TalkParticipant[]>;
  addParticipant(params: { token: string; actorId: string; source: ParticipantSource }): Promise<void>;
  promoteModerator(params: { token: string; attendeeId: number }): Promise<void>;
  listBoards(params: Record<string, never>): Promise<DeckBoard[]>;
  createBoard(params: { title: string; color: string }): Promise<DeckBoard>;
  addAcl(params: AclRule): Promise<DeckAcl>;
  updateAcl(params: Omit<AclRule, 'type' | 'participant'> & { aclId: number }): Promise<DeckAcl>;
  createStack(params: { boardId: number; title: string; order: number }): Promise<DeckStack>;
}

export interface ProvisionInput {
  group: ClassGroup;
  /** The signed-in teacher: owns the folder, room and board. */
  teacher: string;
  /** Further teachers of the class: read-write on the folder, moderators in Talk, edit rights on Deck. */
  coTeachers?: readonly string[];
  /** Lists for a new board (translated by the caller), e.g. ["Offen", "In Arbeit", "Erledigt"]. */
  stackTitles?: readonly string[];
}

/**
 * The parts of a class space. There is no upload area any more: a folder every student could read was no place
 * for hand-ins (assignments are); folders "Abgabe" made by earlier versions are left as they are (ADR 0004).
 */
export type PartName = 'folder' | 'room' | 'board';
/** ok: nothing to do; created: the part was missing; repaired: it existed but a share/member/marker was missing. */
export type PartOutcome = 'ok' | 'created' | 'repaired' | 'failed';

export interface ProvisionResult {
  parts: Record<PartName, PartOutcome>;
  roomToken: string | null;
  boardId: number | null;
  errors: { part: PartName; error: unknown }[];
}

/** Students read the class folder. */
export const STUDENT_FOLDER_PERMISSIONS = PERMISSION_READ;
export const TEACHER_FOLDER_PERMISSIONS = PERMISSION_ALL;

/** MKCOL answers 405 when the folder exists: that is what we want. */
async function ensureFolder(api: ProvisionApi, user: string, path: string): Promise<void> {
  try {
    await api.createFolder({ user, path });
  } catch (error) {
    if (isApiError(error) && error.status === 405) return;
    throw error;
  }
}

function ownShareOf(shares: readonly Share[], path: string, shareType: number, shareWith: string): Share | undefined {
  return shares.find((s) => s.share_type === shareType && s.share_with === shareWith && s.path === path);
}

type Outcome = Exclude<PartOutcome, 'failed'>;

/** Creates the share, or fixes its permissions; 'ok' when it is already right. */
async function ensureShare(
  api: ProvisionApi,
  shares: readonly Share[],
  share: NewShare,
): Promise<Outcome> {
  const existing = ownShareOf(shares, share.path, share.shareType, share.shareWith);
  if (existing === undefined) {
    await api.createShare(share);
    return 'created';
  }
  if (existing.permissions !== share.permissions) {
    await api.updateSharePermissions({ id: existing.id, permissions: share.permissions });
    return 'repaired';
  }
  return 'ok';
}

/** Several checks of one part: 'ok' only when none of them had to write. */
function combine(outcomes: readonly Outcome[]): Outcome {
  return outcomes.some((o) => o !== 'ok') ? 'repaired' : 'ok';
}

async function provisionFolder(api: ProvisionApi, shares: readonly Share[], input: ProvisionInput): Promise<Outcome> {
  const { group, teacher } = input;
  const path = folderPathOf(group);
  const groupShare = ownShareOf(shares, path, SHARE_TYPE_GROUP, group.groupId);
  if (groupShare === undefined) {
    await ensureFolder(api, teacher, CLASSES_FOLDER);
    await ensureFolder(api, teacher, path);
  }
  const groupOutcome = await ensureShare(api, shares, {
    path,
    shareType: SHARE_TYPE_GROUP,
    shareWith: group.groupId,
    permissions: STUDENT_FOLDER_PERMISSIONS,
  });
  const outcomes: Outcome[] = [groupOutcome];
  for (const coTeacher of input.coTeachers ?? []) {
    if (coTeacher === teacher) continue;
    outcomes.push(
      await ensureShare(api, shares, { path, shareType: SHARE_TYPE_USER, shareWith: coTeacher, permissions: TEACHER_FOLDER_PERMISSIONS }),
    );
  }
  return groupOutcome === 'created' ? 'created' : combine(outcomes);
}

/** The class room: the one whose description names the group, else a group room of that name the teacher owns. */
export function findClassRoom(rooms: readonly TalkRoom[], group: ClassGroup): TalkRoom | undefined {
  const groupRooms = rooms.filter((r) => r.type === CONVERSATION_TYPE.group);
  return (
    groupRooms.find((r) => groupInRoomDescription(r.description) === group.groupId) ??
    groupRooms.find(
      (r) =>
        r.name === group.name &&
        groupInRoomDescription(r.description) === null &&
        (r.participantType === PARTICIPANT_TYPE.owner || r.participantType === PARTICIPANT_TYPE.moderator),
    )
  );
}

async function provisionRoom(api: ProvisionApi, input: ProvisionInput): Promise<{ outcome: Outcome; token: string }> {
  const { group } = input;
  const rooms = await api.listRooms({});
  let room = findClassRoom(rooms, group);
  let created = false;
  const outcomes: Outcome[] = [];
  if (room === undefined) {
    room = await api.createGroupRoom({ name: group.name });
    created = true;
    // Lesson mode from the start: students cannot start calls, nor speak in one until a teacher lets them.
    await api.setDefaultPermissions({ token: room.token, permissions: CLASS_ROOM_STUDENT_PERMISSIONS });
    // Only teachers notify the whole class with @all (a class of 30 is not paged by a student's joke).
    await api.setMentionPermissions({ token: room.token, mentionPermissions: MENTION_PERMISSIONS.moderators });
  }
  const token = room.token;
  if (groupInRoomDescription(room.description) !== group.groupId) {
    await api.setRoomDescription({ token, description: descriptionWithMarker(created ? '' : room.description, group) });
    outcomes.push('repaired');
  }
  let participants = await api.listParticipants({ token });
  if (!participants.some((p) => p.actorType === 'groups' && p.actorId === group.groupId)) {
    await api.addParticipant({ token, actorId: group.groupId, source: 'groups' });
    outcomes.push('repaired');
  }
  const coTeachers = (input.coTeachers ?? []).filter((t) => t !== input.teacher);
  if (coTeachers.some((t) => !participants.some((p) => p.actorType === 'users' && p.actorId === t))) {
    // Adding the group may already have brought them in; look again before adding anyone.
    participants = await api.listParticipants({ token });
  }
  for (const coTeacher of coTeachers) {
    let attendee = participants.find((p) => p.actorType === 'users' && p.actorId === coTeacher);
    if (attendee === undefined) {
      await api.addParticipant({ token, actorId: coTeacher, source: 'users' });
      outcomes.push('repaired');
      participants = await api.listParticipants({ token });
      attendee = participants.find((p) => p.actorType === 'users' && p.actorId === coTeacher);
    }
    if (attendee !== undefined && attendee.participantType !== PARTICIPANT_TYPE.owner && attendee.participantType !== PARTICIPANT_TYPE.moderator) {
      await api.promoteModerator({ token, attendeeId: attendee.attendeeId });
      outcomes.push('repaired');
    }
  }
  return { outcome: created ? 'created' : combine(outcomes), token };
}

function isLive(board: DeckBoard): boolean {
  return board.deletedAt === 0 && !board.archived;
}

function groupAclOf(board: DeckBoard, group: ClassGroup): DeckAcl | undefined {
  return board.acl.find((a) => a.type === ACL_GROUP && a.participant.uid === group.groupId);
}

/** The class board: a live board of that title shared with the group, else one of that title the teacher owns. */
export function findClassBoard(boards: readonly DeckBoard[], group: ClassGroup, teacher: string): DeckBoard | undefined {
  const named = boards.filter((b) => isLive(b) && b.title === group.name);
  return named.find((b) => groupAclOf(b, group) !== undefined) ?? named.find((b) => b.owner.uid === teacher);
}

interface AclWanted {
  type: number;
  participant: string;
  permissionEdit: boolean;
}

async function ensureAcl(api: ProvisionApi, board: DeckBoard, wanted: AclWanted): Promise<Outcome> {
  const existing = board.acl.find((a) => a.type === wanted.type && a.participant.uid === wanted.participant);
  const rule = { permissionEdit: wanted.permissionEdit, permissionShare: false, permissionManage: false };
  if (existing === undefined) {
    await api.addAcl({ boardId: board.id, type: wanted.type, participant: wanted.participant, ...rule });
    return 'repaired';
  }
  if (existing.permissionEdit !== wanted.permissionEdit || existing.permissionManage || existing.permissionShare) {
    await api.updateAcl({ boardId: board.id, aclId: existing.id, ...rule });
    return 'repaired';
  }
  return 'ok';
}

async function provisionBoard(api: ProvisionApi, input: ProvisionInput): Promise<{ outcome: Outcome; boardId: number }> {
  const { group, teacher } = input;
  const boards = await api.listBoards({});
  let board = findClassBoard(boards, group, teacher);
  let created = false;
  if (board === undefined) {
    board = await api.createBoard({ title: group.name, color: BOARD_COLOR });
    created = true;
    for (const [order, title] of (input.stackTitles ?? []).entries()) {
      await api.createStack({ boardId: board.id, title, order });
    }
  }
  const outcomes: Outcome[] = [await ensureAcl(api, board, { type: ACL_GROUP, participant: group.groupId, permissionEdit: false })];
  for (const coTeacher of input.coTeachers ?? []) {
    if (coTeacher === teacher) continue;
    outcomes.push(await ensureAcl(api, board, { type: ACL_USER, participant: coTeacher, permissionEdit: true }));
  }
  return { outcome: created ? 'created' : combine(outcomes), boardId: board.id };
}

/**
 * Provisions (or repairs) the class space of `input.group` for the signed-in teacher. The parts are
 * independent: one failing does not stop the others, and running it again repairs only what failed.
 */
export async function provisionClassSpace(api: ProvisionApi, input: ProvisionInput): Promise<ProvisionResult> {
  const result: ProvisionResult = {
    parts: { folder: 'failed', room: 'failed', board: 'failed' },
    roomToken: null,
    boardId: null,
    errors: [],
  };
  const files = (async () => {
    let shares: Share[];
    try {
      shares = await api.listShares({});
    } catch (error) {
      result.errors.push({ part: 'folder', error });
      return;
    }
    try {
      result.parts.folder = await provisionFolder(api, shares, input);
    } catch (error) {
      result.errors.push({ part: 'folder', error });
    }
  })();
  const room = (async () => {
    try {
      const { outcome, token } = await provisionRoom(api, input);
      result.parts.room = outcome;
      result.roomToken = token;
    } catch (error) {
      result.errors.push({ part: 'room', error });
    }
  })();
  const board = (async () => {
    try {
      const { outcome, boardId } = await provisionBoard(api, input);
      result.parts.board = outcome;
      result.boardId = boardId;
    } catch (error) {
      result.errors.push({ part: 'board', error });
    }
  })();
  await Promise.all([files, room, board]);
  return result;
}
