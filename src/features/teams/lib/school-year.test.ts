import { describe, expect, it } from 'vitest';
import type { DeckBoard } from '../../../api/deck/boards';
import type { Share } from '../../../api/sharing/shares';
import type { TalkRoom } from '../../../api/talk/rooms';
import { KLASSENRAUM } from '../../../testing/directory-mappings';
import { classGroupOf, type ClassGroup } from './class-space';
import { archiveClass, planArchive, schoolYearOf, yearLabel, type ArchiveApi, type ArchiveState } from './school-year';

const group = classGroupOf(KLASSENRAUM, 'klasse-7a') as ClassGroup;
const input = { group, startYear: 2025, teacher: 'schmidt' };

function fakeState(): ArchiveState {
  const room: TalkRoom = {
    id: 1, token: 'tok', type: 2, name: 'Klasse 7a', displayName: 'Klasse 7a', description: 'Hallo\n\nklassenraum:class=klasse-7a',
    participantType: 1, unreadMessages: 0, unreadMention: false, hasCall: false, lastActivity: 0, defaultPermissions: 0, readOnly: 0,
  };
  const board: DeckBoard = {
    id: 9, title: 'Klasse 7a', color: '0082C9', owner: { uid: 'schmidt' }, archived: false, permissions: {}, deletedAt: 0,
    acl: [{ id: 1, type: 1, participant: { uid: 'klasse-7a' }, permissionEdit: false, permissionShare: false, permissionManage: false }],
  };
  const share: Share = {
    id: '5', share_type: 1, share_with: 'klasse-7a', uid_owner: 'schmidt', displayname_owner: 'Schmidt', permissions: 1,
    path: '/Klassen/Klasse 7a', file_target: '/Klasse 7a', item_type: 'folder', item_source: 3,
  };
  return { rooms: [room], boards: [board], shares: [share] };
}

/** A small Nextcloud: the calls change the state the next read sees, as the server would. */
function fakeApi(state: ArchiveState, failOn?: string): { api: ArchiveApi; calls: string[] } {
  const calls: string[] = [];
  const rooms = state.rooms as TalkRoom[];
  const boards = state.boards as DeckBoard[];
  let shares = state.shares as Share[];
  const step = (name: string) => {
    if (name === failOn) throw new Error(`${name} failed`);
    calls.push(name);
  };
  const api: ArchiveApi = {
    listRooms: () => Promise.resolve(rooms.map((r) => ({ ...r }))),
    listBoards: () => Promise.resolve(boards.map((b) => ({ ...b }))),
    listShares: () => Promise.resolve(shares.map((s) => ({ ...s }))),
    setRoomDescription: ({ token, description }) => { step('describe'); rooms.forEach((r) => { if (r.token === token) r.description = description; }); return Promise.resolve(); },
    renameRoom: ({ token, name }) => { step('rename'); rooms.forEach((r) => { if (r.token === token) r.name = name; }); return Promise.resolve(); },
    setReadOnly: ({ token, state: s }) => { step('read-only'); rooms.forEach((r) => { if (r.token === token) r.readOnly = s; }); return Promise.resolve(); },
    updateBoard: ({ boardId, title, archived }) => {
      step('board');
      const b = boards.find((x) => x.id === boardId) as DeckBoard;
      Object.assign(b, { title, archived });
      return Promise.resolve(b);
    },
    moveEntry: ({ from, to }) => { step('move'); shares.forEach((s) => { if (s.path === from) s.path = to; }); return Promise.resolve(); },
    deleteShare: ({ id }) => { step('unshare'); shares = shares.filter((s) => s.id !== id); return Promise.resolve(); },
    createShare: (p) => {
      step('share');
      const s: Share = { ...(state.shares[0] as Share), id: '6', path: p.path, file_target: p.path.slice('/Klassen'.length), permissions: p.permissions };
      shares.push(s);
      return Promise.resolve(s);
    },
    updateSharePermissions: () => { step('permissions'); return Promise.reject(new Error('not used')); },
  };
  return { api, calls };
}

describe('school year archive', () => {
  it('names the year as schools do, starting on 1 August', () => {
    expect(yearLabel(2025)).toBe('2025/26');
    expect(schoolYearOf(new Date('2026-07-31T12:00:00Z'))).toBe(2025);
    expect(schoolYearOf(new Date('2026-08-01T12:00:00Z'))).toBe(2026);
  });

  it('previews the exact changes without making any', () => {
    const state = fakeState();
    const steps = planArchive(state, input);
    expect(steps.map((s) => `${s.part}:${s.action}`)).toEqual([
      'room:describe', 'room:rename', 'room:read-only', 'board:archive', 'folder:move', 'folder:reshare',
    ]);
    expect(state.rooms[0]?.name).toBe('Klasse 7a');
  });

  it('archives: the room is read-only and named with the year, the board archived, the folder moved and shared again read-only', async () => {
    const state = fakeState();
    const { api, calls } = fakeApi(state);
    const result = await archiveClass(api, input);
    expect(result.left).toEqual([]);
    expect(calls).toEqual(['describe', 'rename', 'read-only', 'board', 'move', 'unshare', 'share']);
    expect(state.rooms[0]).toMatchObject({ name: 'Klasse 7a (2025/26)', readOnly: 1, description: 'Hallo\n\nklassenraum:archive=klasse-7a@2025-26' });
    expect(state.boards[0]).toMatchObject({ title: 'Klasse 7a (2025/26)', archived: true });
    const again = await archiveClass(api, input);
    expect(again.done).toEqual([]);
  });

  it('stops at a failed step, says what is left, and the next run completes only that', async () => {
    const state = fakeState();
    const failing = fakeApi(state, 'rename');
    const first = await archiveClass(failing.api, input);
    expect(first.left.map((s) => `${s.part}:${s.action}`)).toEqual([
      'room:rename', 'room:read-only', 'board:archive', 'folder:move', 'folder:reshare',
    ]);
    const { api, calls } = fakeApi(state);
    expect((await archiveClass(api, input)).left).toEqual([]);
    expect(calls).toEqual(['rename', 'read-only', 'board', 'move', 'unshare', 'share']);
  });
});
