import { afterEach, describe, expect, it, vi } from 'vitest';
import classViaGroup from '../../../devserver/fixtures/recordings/class-via-group.json';
import deckRecording from '../../../devserver/fixtures/recordings/deck.json';
import filesRecording from '../../../devserver/fixtures/recordings/files.json';
import talkRecording from '../../../devserver/fixtures/recordings/talk.json';
import teamsRecording from '../../../devserver/fixtures/recordings/teams.json';
import { createFakeGateway, jsonResponse } from '../../testing/fake-gateway';
import { isApiError } from '../api-error';
import { addAcl, listBoards, listStacks } from '../deck/boards';
import { createShare, listShares } from '../sharing/shares';
import { addParticipant, createGroupRoom, getRoom, listParticipants, listRooms } from '../talk/rooms';
import { listTeamResources, listTeams } from './teams';

interface Exchange {
  name: string;
  response: { status: number; body: unknown };
}

/** The recorded response of one exchange, replayed as the gateway would relay it. */
function recorded(recording: { exchanges: unknown[] }, name: string): Response {
  const exchange = (recording.exchanges as Exchange[]).find((e) => e.name === name);
  if (exchange === undefined) throw new Error(`no exchange "${name}"`);
  return jsonResponse(exchange.response.status, exchange.response.body);
}

function serve(routes: Parameters<typeof createFakeGateway>[0]) {
  const gateway = createFakeGateway(routes);
  vi.stubGlobal('fetch', vi.fn(gateway.fetch));
  return gateway;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Talk rooms (recorded from Talk 22)', () => {
  it('reads a student\'s room list with unread counters, call state and descriptions', async () => {
    serve({ 'GET /ocs/v2.php/apps/spreed/api/v4/room': recorded(classViaGroup, 'room list (student)') });
    const rooms = await listRooms();
    expect(rooms.length).toBeGreaterThan(2);
    const classRoom = rooms.find((r) => r.name === '7a Klassenchat');
    expect(classRoom).toMatchObject({ type: 2, hasCall: false, unreadMention: false });
    expect(typeof classRoom?.unreadMessages).toBe('number');
    expect(rooms.find((r) => r.type === 6)?.description).toBe('A place for your private notes, thoughts and ideas');
  });

  it('creates a group room and adds the class group with source "groups"', async () => {
    const gateway = serve({
      'POST /ocs/v2.php/apps/spreed/api/v4/room': recorded(classViaGroup, 'create group conversation'),
      'POST /ocs/v2.php/apps/spreed/api/v4/room/vzc3rznd/participants': recorded(classViaGroup, 'add class group as participant (source groups)'),
    });
    const room = await createGroupRoom({ name: 'Klasse 7a' });
    expect(room).toMatchObject({ token: 'vzc3rznd', type: 2, participantType: 1 });
    await addParticipant({ token: room.token, actorId: 'klasse-7a', source: 'groups' });
    const [create, add] = gateway.requests;
    expect(create?.headers.get('OCS-APIRequest')).toBe('true');
    expect(add?.url).toBe('/ocs/v2.php/apps/spreed/api/v4/room/vzc3rznd/participants');
  });

  it('lists participants with their status', async () => {
    serve({
      'GET /ocs/v2.php/apps/spreed/api/v4/room/i23gvc8a/participants?includeStatus=true': recorded(talkRecording, 'participants'),
    });
    const participants = await listParticipants({ token: 'i23gvc8a', includeStatus: true });
    expect(participants.some((p) => p.actorType === 'users' && p.actorId === 'schmidt' && p.participantType === 1)).toBe(true);
  });

  it('turns "not in this room" into not-found (Talk answers 404, never 403)', async () => {
    serve({ 'GET /ocs/v2.php/apps/spreed/api/v4/room/vzc3rznd': recorded(classViaGroup, 'room (other class)') });
    const error: unknown = await getRoom({ token: 'vzc3rznd' }).catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('not-found');
  });
});

describe('Deck boards (recorded from Deck 1.16)', () => {
  it('lists boards with ACLs and keeps deleted ones recognisable', async () => {
    const gateway = serve({ 'GET /index.php/apps/deck/api/v1.0/boards?details=true': recorded(classViaGroup, 'boards (student)') });
    const boards = await listBoards();
    expect(gateway.requests[0]?.headers.get('OCS-APIRequest')).toBe('true');
    const deleted = boards.find((b) => b.id === 7);
    expect(deleted?.deletedAt).toBeGreaterThan(0);
    const live = boards.find((b) => b.id === 9);
    expect(live).toMatchObject({ title: '7a Hausaufgaben', deletedAt: 0, owner: { uid: 'schmidt' } });
    expect(live?.acl).toEqual([expect.objectContaining({ type: 1, participant: expect.objectContaining({ uid: 'klasse-7a' }) as unknown, permissionEdit: false })]);
  });

  it('reads stacks with cards and their due dates', async () => {
    serve({ 'GET /index.php/apps/deck/api/v1.0/boards/8/stacks': recorded(deckRecording, 'stacks with cards (student)') });
    const stacks = await listStacks({ boardId: 8 });
    expect(stacks.map((s) => s.title)).toEqual(['Offen', 'In Arbeit', 'Erledigt']);
    expect(stacks[0]?.cards[0]).toMatchObject({ title: 'Arbeitsblatt Brüche 1', duedate: '2026-11-30T08:00:00+00:00', done: null });
    expect(stacks[1]?.cards).toEqual([]);
  });

  it('shares a board with a group read-only and reports Deck\'s 403 as forbidden', async () => {
    const gateway = serve({
      'POST /index.php/apps/deck/api/v1.0/boards/9/acl': recorded(classViaGroup, 'share board with group (type 1, read-only)'),
      'GET /index.php/apps/deck/api/v1.0/boards/9/stacks': jsonResponse(403, { status: 403, message: 'Permission denied' }),
    });
    const acl = await addAcl({ boardId: 9, type: 1, participant: 'klasse-7a', permissionEdit: false, permissionShare: false, permissionManage: false });
    expect(acl).toMatchObject({ type: 1, participant: { uid: 'klasse-7a' }, permissionEdit: false });
    const init = vi.mocked(fetch).mock.calls[0]?.[1];
    expect(JSON.parse(typeof init?.body === 'string' ? init.body : 'null')).toEqual({ type: 1, participant: 'klasse-7a', permissionEdit: false, permissionShare: false, permissionManage: false });
    const error: unknown = await listStacks({ boardId: 9 }).catch((e: unknown) => e);
    expect(isApiError(error) && error.kind).toBe('forbidden');
    expect(gateway.requests).toHaveLength(2);
  });
});

describe('shares (recorded from Nextcloud 32)', () => {
  it('reads received shares with the mount point the student sees', async () => {
    const gateway = serve({ 'GET /ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true': recorded(filesRecording, 'shared with me (student)') });
    const shares = await listShares({ sharedWithMe: true });
    expect(gateway.requests[0]?.url).toBe('/ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true');
    expect(shares).toEqual([expect.objectContaining({ share_type: 7, path: '/Klasse 7a', file_target: '/Klasse 7a', item_type: 'folder' })]);
  });

  it('creates a read-only group share', async () => {
    serve({ 'POST /ocs/v2.php/apps/files_sharing/api/v1/shares': recorded(classViaGroup, 'share folder with group (shareType 1, read-only)') });
    const share = await createShare({ path: '/7a Material', shareType: 1, shareWith: 'klasse-7a', permissions: 1 });
    expect(share).toMatchObject({ id: '21', share_type: 1, share_with: 'klasse-7a', permissions: 1, path: '/7a Material' });
  });
});

describe('teams (recorded from Nextcloud 32 with Circles)', () => {
  it('lists a student\'s teams, and none for the other class', async () => {
    serve({ 'GET /ocs/v2.php/apps/circles/circles': [recorded(teamsRecording, 'list my teams (student)'), recorded(teamsRecording, 'list my teams (other class)')] });
    expect(await listTeams()).toEqual([{ id: 'ODtPcLisvCBxYurg8xNH4j3sZwxmusi', name: 'Klasse 7a', displayName: 'Klasse 7a' }]);
    expect(await listTeams()).toEqual([]);
  });

  it('reads team resources with string ids (the spec says number; real Nextcloud sends strings)', async () => {
    serve({
      'GET /ocs/v2.php/teams/ODtPcLisvCBxYurg8xNH4j3sZwxmusi/resources': recorded(teamsRecording, 'team resources (student)'),
    });
    const resources = await listTeamResources({ teamId: 'ODtPcLisvCBxYurg8xNH4j3sZwxmusi' });
    expect(resources.map((r) => [r.provider.id, r.id])).toEqual([
      ['files', '163'],
      ['deck', '8'],
      ['talk', 'i23gvc8a'],
    ]);
  });
});
