import type { DeckBoard } from '../../../api/deck/boards';
import { PERMISSION_READ, SHARE_TYPE_GROUP, type NewShare, type Share } from '../../../api/sharing/shares';
import type { TalkRoom } from '../../../api/talk/rooms';
import { CONVERSATION_TYPE } from '../../../api/talk/constants';
import { CLASSES_FOLDER, folderPathOf, groupInRoomDescription, roomMarkerOf, type ClassGroup } from './class-space';
import { findClassBoard, findClassRoom } from './provision-class-space';

/**
 * Archiving a class at the end of a school year (docs/adr/0016-school-year-archive.md). No React: the api
 * functions come in as `ArchiveApi`. `planArchive` is pure and lists the exact changes (the preview);
 * `archiveClass` reads the current state again and does only the steps still open, so a run that failed
 * midway is completed by running it again, and a finished archive changes nothing.
 */

export interface ArchiveApi {
  listShares(params: { sharedWithMe?: boolean }): Promise<Share[]>;
  createShare(params: NewShare): Promise<Share>;
  deleteShare(params: { id: string }): Promise<void>;
  updateSharePermissions(params: { id: string; permissions: number }): Promise<Share>;
  moveEntry(params: { user: string; from: string; to: string }): Promise<void>;
  listRooms(params: Record<string, never>): Promise<TalkRoom[]>;
  setRoomDescription(params: { token: string; description: string }): Promise<void>;
  renameRoom(params: { token: string; name: string }): Promise<void>;
  setReadOnly(params: { token: string; state: 0 | 1 }): Promise<void>;
  listBoards(params: Record<string, never>): Promise<DeckBoard[]>;
  updateBoard(params: { boardId: number; title: string; color: string; archived: boolean }): Promise<DeckBoard>;
}

/** A school year by the calendar year it starts in: 2025 is "2025/26". */
export function yearLabel(startYear: number): string {
  return `${String(startYear)}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** A file name cannot hold "/": the folder carries "2025-26". */
export function yearFileLabel(startYear: number): string {
  return yearLabel(startYear).replace('/', '-');
}

/** The school year a date falls in (it starts on 1 August, as in every German state). */
export function schoolYearOf(date: Date): number {
  return date.getMonth() >= 7 ? date.getFullYear() : date.getFullYear() - 1;
}

export function archivedNameOf(group: ClassGroup, startYear: number): string {
  return `${group.name} (${yearLabel(startYear)})`;
}

export function archivedFolderOf(group: ClassGroup, startYear: number): string {
  return `${CLASSES_FOLDER}/${group.name} (${yearFileLabel(startYear)})`;
}

/** The description line of an archived class room; it replaces `klassenraum:class=…` so provisioning no longer finds it. */
export function archiveMarkerOf(group: ClassGroup, startYear: number): string {
  return `klassenraum:archive=${group.groupId}@${yearFileLabel(startYear)}`;
}

const ARCHIVE_PATTERN = /(?:^|\n)klassenraum:archive=(\S+)@(\d{4})-\d{2}\s*(?:\n|$)/;

/** The class group and school year an archived room's description names, or null. */
export function archiveInRoomDescription(description: string): { groupId: string; startYear: number } | null {
  const match = ARCHIVE_PATTERN.exec(description);
  return match?.[1] !== undefined && match[2] !== undefined ? { groupId: match[1], startYear: Number(match[2]) } : null;
}

export function archivedDescription(description: string, group: ClassGroup, startYear: number): string {
  const marker = roomMarkerOf(group);
  const kept = description
    .split('\n')
    .filter((line) => line.trim() !== marker)
    .join('\n')
    .trim();
  const archive = archiveMarkerOf(group, startYear);
  return kept === '' ? archive : `${kept}\n\n${archive}`;
}

export type ArchiveStep =
  | { part: 'room'; action: 'describe' | 'rename' | 'read-only'; token: string; name: string }
  | { part: 'board'; action: 'archive'; boardId: number; name: string; color: string }
  | { part: 'folder'; action: 'move'; from: string; to: string }
  | { part: 'folder'; action: 'reshare'; path: string; shareId: string | null }
  | { part: 'folder'; action: 'read-only'; path: string; shareId: string; shareWith: string };

export interface ArchiveState {
  rooms: readonly TalkRoom[];
  boards: readonly DeckBoard[];
  /** The teacher's own shares. */
  shares: readonly Share[];
}

export interface ArchiveInput {
  group: ClassGroup;
  startYear: number;
  /** Who runs it (the owner of the folder). */
  teacher: string;
}

export function findArchivedRoom(rooms: readonly TalkRoom[], group: ClassGroup, startYear: number): TalkRoom | undefined {
  return rooms.find((r) => {
    const archive = r.type === CONVERSATION_TYPE.group ? archiveInRoomDescription(r.description) : null;
    return archive?.groupId === group.groupId && archive.startYear === startYear;
  });
}

function roomSteps(rooms: readonly TalkRoom[], input: ArchiveInput): ArchiveStep[] {
  const { group, startYear } = input;
  const room = findArchivedRoom(rooms, group, startYear) ?? findClassRoom(rooms, group);
  if (room === undefined) return [];
  const name = archivedNameOf(group, startYear);
  const steps: ArchiveStep[] = [];
  if (groupInRoomDescription(room.description) === group.groupId || findArchivedRoom([room], group, startYear) === undefined) {
    steps.push({ part: 'room', action: 'describe', token: room.token, name });
  }
  if (room.name !== name) steps.push({ part: 'room', action: 'rename', token: room.token, name });
  if (room.readOnly !== 1) steps.push({ part: 'room', action: 'read-only', token: room.token, name });
  return steps;
}

function boardSteps(boards: readonly DeckBoard[], input: ArchiveInput): ArchiveStep[] {
  const name = archivedNameOf(input.group, input.startYear);
  const board = boards.find((b) => b.deletedAt === 0 && b.title === name) ?? findClassBoard(boards, input.group, input.teacher);
  if (board === undefined || (board.archived && board.title === name)) return [];
  return [{ part: 'board', action: 'archive', boardId: board.id, name, color: board.color }];
}

function folderSteps(shares: readonly Share[], input: ArchiveInput): ArchiveStep[] {
  const { group, startYear } = input;
  const from = folderPathOf(group);
  const to = archivedFolderOf(group, startYear);
  const onArchive = shares.filter((s) => s.path === to);
  const onCurrent = shares.filter((s) => s.path === from && s.share_type === SHARE_TYPE_GROUP && s.share_with === group.groupId);
  const steps: ArchiveStep[] = [];
  if (onArchive.length === 0 && onCurrent.length === 0) return [];
  if (onArchive.length === 0) steps.push({ part: 'folder', action: 'move', from, to });
  const groupShare = (onArchive.length > 0 ? onArchive : onCurrent).find((s) => s.share_type === SHARE_TYPE_GROUP && s.share_with === group.groupId);
  // Students see a share under the name it had when it was made: shared again, the mount carries the year.
  const mountName = to.slice(CLASSES_FOLDER.length);
  if (groupShare === undefined || groupShare.file_target !== mountName || groupShare.permissions !== PERMISSION_READ) {
    steps.push({ part: 'folder', action: 'reshare', path: to, shareId: groupShare?.id ?? null });
  }
  for (const s of onArchive.length > 0 ? onArchive : shares.filter((x) => x.path === from)) {
    if (s === groupShare || s.permissions === PERMISSION_READ) continue;
    steps.push({ part: 'folder', action: 'read-only', path: to, shareId: s.id, shareWith: s.share_with ?? '' });
  }
  return steps;
}

/** The exact changes archiving would make now (empty: already archived, or nothing to archive). */
export function planArchive(state: ArchiveState, input: ArchiveInput): ArchiveStep[] {
  return [...roomSteps(state.rooms, input), ...boardSteps(state.boards, input), ...folderSteps(state.shares, input)];
}

export async function readArchiveState(api: ArchiveApi): Promise<ArchiveState> {
  const [rooms, boards, shares] = await Promise.all([api.listRooms({}), api.listBoards({}), api.listShares({})]);
  return { rooms, boards, shares };
}

async function runStep(api: ArchiveApi, step: ArchiveStep, input: ArchiveInput, rooms: readonly TalkRoom[]): Promise<void> {
  switch (step.part) {
    case 'room': {
      if (step.action === 'describe') {
        const room = rooms.find((r) => r.token === step.token);
        await api.setRoomDescription({ token: step.token, description: archivedDescription(room?.description ?? '', input.group, input.startYear) });
      } else if (step.action === 'rename') await api.renameRoom({ token: step.token, name: step.name });
      else await api.setReadOnly({ token: step.token, state: 1 });
      return;
    }
    case 'board':
      await api.updateBoard({ boardId: step.boardId, title: step.name, color: step.color, archived: true });
      return;
    case 'folder':
      if (step.action === 'move') await api.moveEntry({ user: input.teacher, from: step.from, to: step.to });
      else if (step.action === 'reshare') {
        if (step.shareId !== null) await api.deleteShare({ id: step.shareId });
        await api.createShare({ path: step.path, shareType: SHARE_TYPE_GROUP, shareWith: input.group.groupId, permissions: PERMISSION_READ });
      } else await api.updateSharePermissions({ id: step.shareId, permissions: PERMISSION_READ });
  }
}

export interface ArchiveResult {
  done: ArchiveStep[];
  /** The steps still open after a failure (in order); running again completes them. */
  left: ArchiveStep[];
  error: unknown;
}

/**
 * Reads the state, then runs the open steps in order. The first failure stops the run (a later step may
 * depend on it, e.g. resharing the moved folder); what is left is reported, and the next run starts there.
 */
export async function archiveClass(api: ArchiveApi, input: ArchiveInput): Promise<ArchiveResult> {
  const state = await readArchiveState(api);
  const steps = planArchive(state, input);
  const done: ArchiveStep[] = [];
  for (const [i, step] of steps.entries()) {
    try {
      await runStep(api, step, input, state.rooms);
      done.push(step);
    } catch (error) {
      return { done, left: steps.slice(i), error };
    }
  }
  return { done, left: [], error: null };
}
