import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error';
import type { DeckAcl, DeckBoard } from '../../../api/deck/boards';
import type { Share } from '../../../api/sharing/shares';
import type { TalkParticipant, TalkRoom } from '../../../api/talk/rooms';
import { KLASSENRAUM } from '../../../testing/directory-mappings';
import { classGroupOf, type ClassGroup } from './class-space';
import { provisionClassSpace, type ProvisionApi } from './provision-class-space';

const READS = new Set(['listShares', 'listRooms', 'listParticipants', 'listBoards']);

/** An in-memory Nextcloud that behaves like the real APIs for what provisioning does, and logs each call. */
function fakeNextcloud(teacher = 'schmidt') {
  const folders = new Set<string>(['/']);
  const shares: Share[] = [];
  const rooms: (TalkRoom & { participants: TalkParticipant[] })[] = [];
  const boards: DeckBoard[] = [];
  const stacks: { boardId: number; title: string }[] = [];
  const calls: { name: string; params: unknown }[] = [];
  let nextId = 1;
  const fail = new Set<string>();

  function parentOf(path: string) {
    return path.slice(0, path.lastIndexOf('/')) || '/';
  }

  /** Every fake call goes through here: logged, answered asynchronously like a server, or failed on demand. */
  async function record(name: string, params: unknown): Promise<void> {
    calls.push({ name, params });
    await Promise.resolve();
    if (fail.has(name)) throw new ApiError({ kind: 'unavailable', status: 503 });
  }

  function participant(actorType: string, actorId: string, participantType: number): TalkParticipant {
    return { attendeeId: nextId++, actorType, actorId, displayName: actorId, participantType, inCall: 0, attendeePermissions: 0 };
  }

  const api: ProvisionApi = {
    listShares: async (params) => {
      await record('listShares', params);
      return shares.map((s) => ({ ...s }));
    },
    createShare: async (params) => {
      await record('createShare', params);
      if (!folders.has(params.path)) throw new ApiError({ kind: 'not-found', status: 404, ocsStatusCode: 404 });
      const share: Share = {
        id: String(nextId++),
        share_type: params.shareType,
        share_with: params.shareWith,
        uid_owner: teacher,
        displayname_owner: teacher,
        permissions: params.permissions,
        path: params.path,
        file_target: params.path,
        item_type: 'folder',
        item_source: nextId++,
      };
      shares.push(share);
      return share;
    },
    updateSharePermissions: async (params) => {
      await record('updateSharePermissions', params);
      const share = shares.find((s) => s.id === params.id);
      if (!share) throw new ApiError({ kind: 'not-found', status: 404 });
      share.permissions = params.permissions;
      return share;
    },
    createFolder: async (params) => {
      await record('createFolder', params);
      if (folders.has(params.path)) throw new ApiError({ kind: 'bad-request', status: 405 });
      if (!folders.has(parentOf(params.path))) throw new ApiError({ kind: 'conflict', status: 409 });
      folders.add(params.path);
    },
    listRooms: async (params) => {
      await record('listRooms', params);
      return rooms.map(({ participants: _p, ...room }) => room);
    },
    createGroupRoom: async (params) => {
      await record('createGroupRoom', params);
      const token = `room${nextId++}`;
      const room = {
        id: nextId++,
        token,
        type: 2,
        name: params.name,
        displayName: params.name,
        description: '',
        participantType: 1,
        unreadMessages: 0,
        unreadMention: false,
        hasCall: false,
        lastActivity: 0,
        defaultPermissions: 0,
        readOnly: 0,
        participants: [participant('users', teacher, 1)],
      };
      rooms.push(room);
      const { participants: _p, ...out } = room;
      return out;
    },
    setRoomDescription: async (params) => {
      await record('setRoomDescription', params);
      const room = rooms.find((r) => r.token === params.token);
      if (!room) throw new ApiError({ kind: 'not-found', status: 404 });
      room.description = params.description;
    },
    setDefaultPermissions: async (params) => {
      await record('setDefaultPermissions', params);
      if (!rooms.some((r) => r.token === params.token)) throw new ApiError({ kind: 'not-found', status: 404 });
    },
    setMentionPermissions: async (params) => {
      await record('setMentionPermissions', params);
      if (!rooms.some((r) => r.token === params.token)) throw new ApiError({ kind: 'not-found', status: 404 });
    },
    listParticipants: async (params) => {
      await record('listParticipants', params);
      const room = rooms.find((r) => r.token === params.token);
      if (!room) throw new ApiError({ kind: 'not-found', status: 404 });
      return room.participants.map((p) => ({ ...p }));
    },
    addParticipant: async (params) => {
      await record('addParticipant', params);
      const room = rooms.find((r) => r.token === params.token);
      if (!room) throw new ApiError({ kind: 'not-found', status: 404 });
      room.participants.push(participant(params.source, params.actorId, 3));
    },
    promoteModerator: async (params) => {
      await record('promoteModerator', params);
      const p = rooms.flatMap((r) => r.participants).find((x) => x.attendeeId === params.attendeeId);
      if (!p) throw new ApiError({ kind: 'not-found', status: 404 });
      p.participantType = 2;
    },
    listBoards: async (params) => {
      await record('listBoards', params);
      return boards.map((b) => ({ ...b, acl: b.acl.map((a) => ({ ...a })) }));
    },
    createBoard: async (params) => {
      await record('createBoard', params);
      const board: DeckBoard = {
        id: nextId++,
        title: params.title,
        color: params.color,
        owner: { uid: teacher },
        archived: false,
        acl: [],
        permissions: {},
        deletedAt: 0,
      };
      boards.push(board);
      return { ...board, acl: [] };
    },
    addAcl: async (params) => {
      await record('addAcl', params);
      const board = boards.find((b) => b.id === params.boardId);
      if (!board) throw new ApiError({ kind: 'forbidden', status: 403 });
      const acl: DeckAcl = {
        id: nextId++,
        type: params.type,
        participant: { uid: params.participant, displayname: params.participant },
        permissionEdit: params.permissionEdit,
        permissionShare: params.permissionShare,
        permissionManage: params.permissionManage,
      };
      board.acl.push(acl);
      return acl;
    },
    updateAcl: async (params) => {
      await record('updateAcl', params);
      const acl = boards.flatMap((b) => b.acl).find((a) => a.id === params.aclId);
      if (!acl) throw new ApiError({ kind: 'not-found', status: 404 });
      Object.assign(acl, { permissionEdit: params.permissionEdit, permissionShare: params.permissionShare, permissionManage: params.permissionManage });
      return acl;
    },
    createStack: async (params) => {
      await record('createStack', params);
      stacks.push({ boardId: params.boardId, title: params.title });
      return { id: nextId++, title: params.title, order: params.order, cards: [] };
    },
  };

  return {
    api,
    folders,
    shares,
    rooms,
    boards,
    stacks,
    fail,
    writes: () => calls.filter((c) => !READS.has(c.name)),
    clearCalls: () => calls.splice(0),
  };
}

const group7a = classGroupOf(KLASSENRAUM, 'klasse-7a') as ClassGroup;
const input = { group: group7a, teacher: 'schmidt', stackTitles: ['Offen', 'In Arbeit', 'Erledigt'] };

async function provisioned() {
  const nc = fakeNextcloud();
  await provisionClassSpace(nc.api, input);
  nc.clearCalls();
  return nc;
}

describe('provisionClassSpace', () => {
  it('sets up a fresh class: folder (no upload area), room and board, each shared with the class group', async () => {
    const nc = fakeNextcloud();
    const result = await provisionClassSpace(nc.api, input);

    expect(result.parts).toEqual({ folder: 'created', room: 'created', board: 'created' });
    expect(result.errors).toEqual([]);
    expect([...nc.folders].sort()).toEqual(['/', '/Klassen', '/Klassen/Klasse 7a']);
    expect(nc.shares.map((s) => [s.path, s.share_type, s.share_with, s.permissions])).toEqual([['/Klassen/Klasse 7a', 1, 'klasse-7a', 1]]);

    expect(nc.rooms).toHaveLength(1);
    const room = nc.rooms[0];
    expect(room?.name).toBe('Klasse 7a');
    expect(room?.description).toBe('klassenraum:class=klasse-7a');
    expect(room?.participants.map((p) => [p.actorType, p.actorId])).toEqual([
      ['users', 'schmidt'],
      ['groups', 'klasse-7a'],
    ]);
    expect(result.roomToken).toBe(room?.token);

    expect(nc.boards).toHaveLength(1);
    const board = nc.boards[0];
    expect(board?.title).toBe('Klasse 7a');
    expect(board?.acl.map((a) => [a.type, a.participant.uid, a.permissionEdit, a.permissionShare, a.permissionManage])).toEqual([
      [1, 'klasse-7a', false, false, false],
    ]);
    expect(nc.stacks.map((s) => s.title)).toEqual(['Offen', 'In Arbeit', 'Erledigt']);
    expect(result.boardId).toBe(board?.id);
  });

  it('changes nothing on a complete class space: only reads, zero write calls', async () => {
    const nc = await provisioned();
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts).toEqual({ folder: 'ok', room: 'ok', board: 'ok' });
    expect(nc.writes()).toEqual([]);
    expect(nc.rooms).toHaveLength(1);
    expect(nc.boards).toHaveLength(1);
    expect(nc.shares).toHaveLength(1);
  });

  it('re-creates only the Deck board when it was deleted (Deck keeps listing deleted boards)', async () => {
    const nc = await provisioned();
    const old = nc.boards[0];
    if (old) old.deletedAt = 1795345799;
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts).toEqual({ folder: 'ok', room: 'ok', board: 'created' });
    expect(nc.writes().map((c) => c.name)).toEqual(['createBoard', 'createStack', 'createStack', 'createStack', 'addAcl']);
    expect(result.boardId).not.toBe(old?.id);
  });

  it('re-adds only the group ACL when the board lost its share', async () => {
    const nc = await provisioned();
    nc.boards[0]?.acl.splice(0);
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts.board).toBe('repaired');
    expect(nc.writes()).toEqual([
      {
        name: 'addAcl',
        params: { boardId: nc.boards[0]?.id, type: 1, participant: 'klasse-7a', permissionEdit: false, permissionShare: false, permissionManage: false },
      },
    ]);
    expect(nc.boards).toHaveLength(1);
  });

  it('makes a group ACL that allows editing read-only again', async () => {
    const nc = await provisioned();
    const acl = nc.boards[0]?.acl[0];
    if (acl) acl.permissionEdit = true;
    await provisionClassSpace(nc.api, input);
    expect(nc.writes().map((c) => c.name)).toEqual(['updateAcl']);
    expect(nc.boards[0]?.acl[0]?.permissionEdit).toBe(false);
  });

  it('re-creates only the Talk room when it is gone', async () => {
    const nc = await provisioned();
    nc.rooms.splice(0);
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts).toEqual({ folder: 'ok', room: 'created', board: 'ok' });
    expect(nc.writes().map((c) => c.name)).toEqual(['createGroupRoom', 'setDefaultPermissions', 'setMentionPermissions', 'setRoomDescription', 'addParticipant']);
    // Students may join calls and show video, but neither start a lesson nor speak before a teacher lets them.
    expect(nc.writes().find((c) => c.name === 'setDefaultPermissions')?.params).toEqual({ token: nc.rooms[0]?.token, permissions: 1 | 4 | 32 | 128 });
    // Only teachers may notify the whole class with @all.
    expect(nc.writes().find((c) => c.name === 'setMentionPermissions')?.params).toEqual({ token: nc.rooms[0]?.token, mentionPermissions: 1 });
  });

  it('re-adds only the class group when it was removed from the room', async () => {
    const nc = await provisioned();
    const room = nc.rooms[0];
    if (room) room.participants = room.participants.filter((p) => p.actorType !== 'groups');
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts.room).toBe('repaired');
    expect(nc.writes()).toEqual([{ name: 'addParticipant', params: { token: room?.token, actorId: 'klasse-7a', source: 'groups' } }]);
  });

  it('finds the room by name when a teacher replaced its description, and puts the marker back after their text', async () => {
    const nc = await provisioned();
    const room = nc.rooms[0];
    if (room) room.description = 'Hier besprechen wir alles.';
    await provisionClassSpace(nc.api, input);
    expect(nc.rooms).toHaveLength(1);
    expect(nc.writes().map((c) => c.name)).toEqual(['setRoomDescription']);
    expect(nc.rooms[0]?.description).toBe('Hier besprechen wir alles.\n\nklassenraum:class=klasse-7a');
  });

  it('re-shares only the folder when its group share was deleted', async () => {
    const nc = await provisioned();
    nc.shares.splice(nc.shares.findIndex((s) => s.path === '/Klassen/Klasse 7a'), 1);
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts).toEqual({ folder: 'created', room: 'ok', board: 'ok' });
    // The folders still exist (MKCOL answers 405, which is fine); the only new thing is the share.
    expect(nc.writes().filter((c) => c.name !== 'createFolder')).toEqual([
      { name: 'createShare', params: { path: '/Klassen/Klasse 7a', shareType: 1, shareWith: 'klasse-7a', permissions: 1 } },
    ]);
    expect(nc.shares).toHaveLength(1);
  });

  it('leaves an upload area made by an earlier version alone: no share change, no new folder', async () => {
    const nc = await provisioned();
    nc.folders.add('/Klassen/Klasse 7a/Abgabe');
    nc.shares.push({ ...(nc.shares[0] as (typeof nc.shares)[number]), id: 'old-abgabe', path: '/Klassen/Klasse 7a/Abgabe', file_target: '/Abgabe', permissions: 5 });
    const result = await provisionClassSpace(nc.api, input);
    expect(result.parts).toEqual({ folder: 'ok', room: 'ok', board: 'ok' });
    expect(nc.writes()).toEqual([]);
    expect(nc.shares.find((s) => s.id === 'old-abgabe')?.permissions).toBe(5);
  });

  it('sets the folder back to read-only for students when someone widened the share', async () => {
    const nc = await provisioned();
    const share = nc.shares.find((s) => s.path === '/Klassen/Klasse 7a');
    if (share) share.permissions = 31;
    await provisionClassSpace(nc.api, input);
    expect(nc.writes()).toEqual([{ name: 'updateSharePermissions', params: { id: share?.id, permissions: 1 } }]);
  });

  it('keeps going when one part fails, and a second run repairs only that part', async () => {
    const nc = fakeNextcloud();
    nc.fail.add('createBoard');
    const first = await provisionClassSpace(nc.api, input);
    expect(first.parts).toEqual({ folder: 'created', room: 'created', board: 'failed' });
    expect(first.errors.map((e) => e.part)).toEqual(['board']);

    nc.fail.clear();
    nc.clearCalls();
    const second = await provisionClassSpace(nc.api, input);
    expect(second.parts).toEqual({ folder: 'ok', room: 'ok', board: 'created' });
    expect(nc.writes().map((c) => c.name)).toEqual(['createBoard', 'createStack', 'createStack', 'createStack', 'addAcl']);
  });

  it('gives co-teachers read-write on the folder, moderator in Talk and edit rights on Deck', async () => {
    const nc = fakeNextcloud();
    await provisionClassSpace(nc.api, { ...input, coTeachers: ['schmidt', 'mueller'] });
    expect(nc.shares.find((s) => s.share_type === 0)).toMatchObject({ share_with: 'mueller', permissions: 31, path: '/Klassen/Klasse 7a' });
    expect(nc.rooms[0]?.participants.find((p) => p.actorId === 'mueller')?.participantType).toBe(2);
    expect(nc.boards[0]?.acl.find((a) => a.type === 0)).toMatchObject({ participant: { uid: 'mueller' }, permissionEdit: true });

    nc.clearCalls();
    await provisionClassSpace(nc.api, { ...input, coTeachers: ['schmidt', 'mueller'] });
    expect(nc.writes()).toEqual([]);
  });

  it('does not take another class room or a board of another owner for this class', async () => {
    const nc = fakeNextcloud();
    await provisionClassSpace(nc.api, { ...input, group: classGroupOf(KLASSENRAUM, 'klasse-7b') as ClassGroup });
    nc.boards.push({ id: 999, title: 'Klasse 7a', owner: { uid: 'mueller' }, archived: false, color: '', acl: [], permissions: {}, deletedAt: 0 });
    await provisionClassSpace(nc.api, input);
    expect(nc.rooms.map((r) => r.description)).toEqual(['klassenraum:class=klasse-7b', 'klassenraum:class=klasse-7a']);
    expect(nc.boards.filter((b) => b.title === 'Klasse 7a')).toHaveLength(2);
  });
});
