import { ACL_CIRCLE, ACL_GROUP, type DeckBoard, type DeckCard, type DeckStack } from '../../../api/deck/boards';
import { SHARE_TYPE_GROUP, SHARE_TYPE_TEAM, type Share } from '../../../api/sharing/shares';
import type { TalkRoom } from '../../../api/talk/rooms';
import { CONVERSATION_TYPE } from '../../../api/talk/constants';
import type { Team, TeamResource } from '../../../api/teams/teams';
import {
  classGroupOf,
  classGroupsOf,
  folderPathOf,
  groupInRoomDescription,
  isTeacher,
  lastSegment,
  type ClassGroup,
  type DirectoryMapping,
} from './class-space';
import { findClassBoard, findClassRoom } from './provision-class-space';

/**
 * Builds the home screen's class list from a handful of list requests (rooms, boards, shares, teams),
 * without asking anything per class. Pure: the data comes in, the classes come out.
 */

export interface ClassRoomSummary {
  token: string;
  unreadMessages: number;
  unreadMention: boolean;
  hasCall: boolean;
}

export type ClassPart = 'room' | 'board' | 'folder';

export interface ClassSummary {
  /** In the URL: "7a" for the group klasse-7a, "team-<id>" for a team that is not a class group. */
  classId: string;
  name: string;
  groupId: string | null;
  teamId: string | null;
  room: ClassRoomSummary | null;
  boardId: number | null;
  /** The folder as the user sees it (teacher: in their files; student: the mount point of the share). */
  folderPath: string | null;
  /** The parts not found (for a teacher of a class group: what provisioning would create). */
  missing: ClassPart[];
  /** A teacher's own class group: they may set up or repair its space. */
  canProvision: boolean;
}

export interface TeamWithResources {
  team: Team;
  /** null when the resources could not be read (on real Nextcloud unreliable for members through a group). */
  resources: readonly TeamResource[] | null;
}

export interface DiscoveryInput {
  /** Which groups are classes and which make a teacher (served by the gateway). */
  mapping: DirectoryMapping;
  userId: string;
  groups: readonly string[];
  rooms: readonly TalkRoom[];
  boards: readonly DeckBoard[];
  /** A teacher's own shares, a student's received shares. */
  shares: readonly Share[];
  teams: readonly TeamWithResources[];
}

function roomSummary(room: TalkRoom | undefined): ClassRoomSummary | null {
  if (room === undefined) return null;
  return { token: room.token, unreadMessages: room.unreadMessages, unreadMention: room.unreadMention, hasCall: room.hasCall };
}

/** Nextcloud renames a received mount that clashes with an existing name: "Klasse 7a (2)". */
function isMountOf(path: string, name: string): boolean {
  const base = lastSegment(path);
  return base === name || base.startsWith(`${name} (`);
}

function classFolderOf(shares: readonly Share[], group: ClassGroup, teacher: boolean): string | null {
  const groupShares = shares.filter((s) => s.share_type === SHARE_TYPE_GROUP && s.share_with === group.groupId && s.item_type === 'folder');
  if (teacher) {
    const own = groupShares.find((s) => s.path === folderPathOf(group));
    if (own) return own.path;
  }
  const received = groupShares.find((s) => isMountOf(s.path ?? s.file_target, group.name));
  return received ? (received.path ?? received.file_target) : null;
}

function missingOf(summary: Pick<ClassSummary, 'room' | 'boardId' | 'folderPath'>): ClassPart[] {
  const missing: ClassPart[] = [];
  if (summary.room === null) missing.push('room');
  if (summary.boardId === null) missing.push('board');
  if (summary.folderPath === null) missing.push('folder');
  return missing;
}

function liveBoard(boards: readonly DeckBoard[], id: number): DeckBoard | undefined {
  return boards.find((b) => b.id === id && b.deletedAt === 0 && !b.archived);
}

function teamSummary(input: DiscoveryInput, { team, resources }: TeamWithResources): ClassSummary {
  const byProvider = (provider: string) => (resources ?? []).filter((r) => r.provider.id === provider).map((r) => r.id);
  // Resources first; when they are missing (members through a group), what was shared with the team itself.
  const room =
    byProvider('talk')
      .map((token) => input.rooms.find((r) => r.token === token))
      .find((r) => r !== undefined) ??
    input.rooms.find((r) => r.type === CONVERSATION_TYPE.group && r.displayName === team.displayName);
  const board =
    byProvider('deck')
      .map((id) => liveBoard(input.boards, Number(id)))
      .find((b) => b !== undefined) ??
    input.boards.find((b) => b.deletedAt === 0 && !b.archived && b.acl.some((a) => a.type === ACL_CIRCLE && a.participant.uid === team.id));
  const share = input.shares.find((s) => s.share_type === SHARE_TYPE_TEAM && s.share_with === team.id && s.item_type === 'folder');
  const summary = {
    classId: `team-${team.id}`,
    name: team.displayName,
    groupId: null,
    teamId: team.id,
    room: roomSummary(room),
    boardId: board?.id ?? null,
    folderPath: share ? (share.path ?? share.file_target) : null,
    canProvision: false,
  };
  return { ...summary, missing: missingOf(summary) };
}

/**
 * A teacher need not be a member of her class's group (UCS@school adds only assigned teachers): the class
 * groups her own folder shares, rooms and boards name are hers as well, so a class she set up through the
 * sharee search shows up like one of her groups.
 */
function taughtGroupsOf(input: DiscoveryInput): string[] {
  const { mapping, userId } = input;
  const classOf = (groupId: string | null | undefined) => (groupId == null ? null : classGroupOf(mapping, groupId));
  const found: string[] = [];
  for (const s of input.shares) {
    const group = s.share_type === SHARE_TYPE_GROUP && s.uid_owner === userId ? classOf(s.share_with) : null;
    if (group !== null && s.path === folderPathOf(group)) found.push(group.groupId);
  }
  for (const r of input.rooms) {
    const group = r.type === CONVERSATION_TYPE.group ? classOf(groupInRoomDescription(r.description)) : null;
    if (group !== null) found.push(group.groupId);
  }
  for (const b of input.boards) {
    if (b.owner.uid !== userId || b.deletedAt !== 0 || b.archived) continue;
    for (const acl of b.acl) {
      const group = acl.type === ACL_GROUP ? classOf(acl.participant.uid) : null;
      if (group !== null && b.title === group.name) found.push(group.groupId);
    }
  }
  return found;
}

/** Every class the user belongs to (a teacher: also those she runs), with what was found of its space, sorted by name. */
export function discoverClasses(input: DiscoveryInput): ClassSummary[] {
  const teacher = isTeacher(input.mapping, input.groups);
  const groups = teacher ? [...input.groups, ...taughtGroupsOf(input)] : input.groups;
  const classes: ClassSummary[] = classGroupsOf(input.mapping, groups).map((group) => {
    const room = findClassRoom(input.rooms, group);
    const board = findClassBoard(input.boards, group, input.userId);
    const summary = {
      classId: group.classId,
      name: group.name,
      groupId: group.groupId,
      teamId: null,
      room: roomSummary(room),
      boardId: board?.id ?? null,
      folderPath: classFolderOf(input.shares, group, teacher),
      canProvision: teacher,
    };
    const missing = missingOf(summary);
    if (teacher) {
      // What the lists show of a half-finished part, so the teacher is offered to complete it. (Whether the
      // group is still in the room needs a request per room: the class home's check button covers that.)
      if (room !== undefined && groupInRoomDescription(room.description) !== group.groupId) missing.push('room');
      if (board !== undefined && !board.acl.some((a) => a.type === ACL_GROUP && a.participant.uid === group.groupId)) missing.push('board');
    }
    return { ...summary, missing };
  });
  for (const entry of input.teams) {
    const team = teamSummary(input, entry);
    // A team made for a class group (same room, or same name) is that class: fill in what the group lacked.
    const same = classes.find(
      (c) => (c.room !== null && team.room !== null && c.room.token === team.room.token) || c.name === team.name,
    );
    if (same === undefined) {
      classes.push(team);
      continue;
    }
    same.teamId = team.teamId;
    same.room ??= team.room;
    same.boardId ??= team.boardId;
    same.folderPath ??= team.folderPath;
    same.missing = missingOf(same);
  }
  return classes.sort((a, b) => a.name.localeCompare(b.name, 'de', { numeric: true }));
}

/** A class with nothing of its space found is not shown as a card (there is nothing to open). */
export function hasSpace(summary: ClassSummary): boolean {
  return summary.room !== null || summary.boardId !== null || summary.folderPath !== null;
}

/** The earliest due date of an open card (not done, not archived, not deleted); overdue ones count. */
export function nextDueCard(stacks: readonly DeckStack[]): (DeckCard & { duedate: string }) | null {
  let best: (DeckCard & { duedate: string }) | null = null;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const card of stacks.flatMap((s) => s.cards)) {
    if (card.archived || card.deletedAt > 0 || (card.done ?? null) !== null) continue;
    const due = card.duedate;
    if (due == null) continue;
    const at = Date.parse(due);
    if (Number.isNaN(at) || at >= bestAt) continue;
    best = { ...card, duedate: due };
    bestAt = at;
  }
  return best;
}
