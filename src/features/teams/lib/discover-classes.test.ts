import { describe, expect, it } from 'vitest';
import type { DeckBoard, DeckStack } from '../../../api/deck/boards';
import type { Share } from '../../../api/sharing/shares';
import type { TalkRoom } from '../../../api/talk/rooms';
import { KLASSENRAUM, UCS_GYM_KASSEL } from '../../../testing/directory-mappings';
import { discoverClasses, hasSpace, nextDueCard, type DiscoveryInput } from './discover-classes';

function room(over: Partial<TalkRoom>): TalkRoom {
  return {
    id: 1,
    token: 'tok',
    type: 2,
    name: 'Klasse 7a',
    displayName: 'Klasse 7a',
    description: '',
    participantType: 3,
    unreadMessages: 0,
    unreadMention: false,
    hasCall: false,
    lastActivity: 0,
    defaultPermissions: 0,
    readOnly: 0,
    ...over,
  };
}

function board(over: Partial<DeckBoard>): DeckBoard {
  return { id: 9, title: 'Klasse 7a', owner: { uid: 'schmidt' }, archived: false, color: '', acl: [], permissions: {}, deletedAt: 0, ...over };
}

const groupAcl = (group: string) => ({
  id: 1,
  type: 1,
  participant: { uid: group, displayname: group },
  permissionEdit: false,
  permissionShare: false,
  permissionManage: false,
});

function share(over: Partial<Share>): Share {
  return {
    id: '1',
    share_type: 1,
    share_with: 'klasse-7a',
    uid_owner: 'schmidt',
    displayname_owner: 'Frau Schmidt',
    permissions: 1,
    path: '/Klasse 7a',
    file_target: '/Klasse 7a',
    item_type: 'folder',
    item_source: 163,
    ...over,
  };
}

const student7a: DiscoveryInput = {
  mapping: KLASSENRAUM,
  userId: 's7a1',
  groups: ['klasse-7a'],
  rooms: [
    room({ token: 'other', name: 'Let\'s get started!', displayName: 'Let\'s get started!', unreadMessages: 7 }),
    room({ token: 'k7a', description: 'klassenraum:class=klasse-7a', unreadMessages: 3, unreadMention: true, hasCall: true }),
  ],
  boards: [board({ id: 5, title: 'Welcome to Nextcloud Deck!', owner: { uid: 's7a1' } }), board({ id: 9, acl: [groupAcl('klasse-7a')] })],
  shares: [share({})],
  teams: [],
};

describe('discoverClasses', () => {
  it('finds a student\'s class space from one room list, one board list and one shares list', () => {
    expect(discoverClasses(student7a)).toEqual([
      {
        classId: '7a',
        name: 'Klasse 7a',
        groupId: 'klasse-7a',
        teamId: null,
        room: { token: 'k7a', unreadMessages: 3, unreadMention: true, hasCall: true },
        boardId: 9,
        folderPath: '/Klasse 7a',
        missing: [],
        canProvision: false,
      },
    ]);
  });

  it('ignores a deleted board (Deck keeps listing it with deletedAt) and boards not shared with the class', () => {
    const [summary] = discoverClasses({
      ...student7a,
      boards: [board({ id: 9, acl: [groupAcl('klasse-7a')], deletedAt: 1795345799 }), board({ id: 10 })],
    });
    expect(summary?.boardId).toBeNull();
    expect(summary?.missing).toEqual(['board']);
  });

  it('shows a student of another class nothing of 7a: their own class has no space yet', () => {
    const classes = discoverClasses({ ...student7a, userId: 's7b1', groups: ['klasse-7b'] });
    expect(classes.map((c) => [c.classId, c.missing])).toEqual([['7b', ['room', 'board', 'folder']]]);
    expect(classes.filter(hasSpace)).toEqual([]);
  });

  it('tells a teacher which parts of their class are missing and lets them provision it', () => {
    const classes = discoverClasses({
      mapping: KLASSENRAUM,
      userId: 'schmidt',
      groups: ['lehrer', 'klasse-7a', 'klasse-10b'],
      rooms: [room({ token: 'k7a', participantType: 1, description: 'klassenraum:class=klasse-7a' })],
      boards: [],
      shares: [share({ path: '/Klassen/Klasse 7a', file_target: '/Klasse 7a' })],
      teams: [],
    });
    expect(classes.map((c) => [c.classId, c.name, c.canProvision, c.missing])).toEqual([
      // The shared folder is complete: there is no upload area to miss (ADR 0004).
      ['7a', 'Klasse 7a', true, ['board']],
      ['10b', 'Klasse 10b', true, ['room', 'board', 'folder']],
    ]);
  });

  it('lists a team as a class, from its resources or, when they are missing, from what was shared with the team', () => {
    const team = { id: 'ODtPc', name: 'AG Robotik', displayName: 'AG Robotik' };
    const input: DiscoveryInput = {
      mapping: KLASSENRAUM,
      userId: 's7a1',
      groups: [],
      rooms: [room({ token: 'robo', name: 'AG Robotik', displayName: 'AG Robotik', unreadMessages: 2 })],
      boards: [board({ id: 8, title: 'Robotik – Aufgaben', acl: [{ ...groupAcl('ODtPc'), type: 7 }] })],
      shares: [share({ share_type: 7, share_with: 'ODtPc', path: '/AG Robotik', file_target: '/AG Robotik' })],
      teams: [{ team, resources: [{ id: 'robo', label: 'AG Robotik', provider: { id: 'talk' } }, { id: '8', label: 'x', provider: { id: 'deck' } }] }],
    };
    const withResources = discoverClasses(input);
    const withoutResources = discoverClasses({ ...input, teams: [{ team, resources: null }] });
    for (const classes of [withResources, withoutResources]) {
      expect(classes).toEqual([
        expect.objectContaining({
          classId: 'team-ODtPc',
          name: 'AG Robotik',
          teamId: 'ODtPc',
          room: expect.objectContaining({ token: 'robo', unreadMessages: 2 }) as unknown,
          boardId: 8,
          folderPath: '/AG Robotik',
          missing: [],
        }),
      ]);
    }
  });

  it('merges a team made for a class group into that class instead of showing it twice', () => {
    const classes = discoverClasses({
      ...student7a,
      boards: [],
      teams: [
        {
          team: { id: 'T1', name: 'Klasse 7a', displayName: 'Klasse 7a' },
          resources: [{ id: '8', label: 'Klasse 7a – Aufgaben', provider: { id: 'deck' } }],
        },
      ],
    });
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ classId: '7a', groupId: 'klasse-7a', teamId: 'T1', room: { token: 'k7a' } });
  });
});

describe('nextDueCard', () => {
  const card = (id: number, duedate: string | null, extra: object = {}) => ({
    id,
    title: `Karte ${id}`,
    stackId: 1,
    archived: false,
    duedate,
    done: null,
    deletedAt: 0,
    ...extra,
  });
  const stacks = (cards: ReturnType<typeof card>[]): DeckStack[] => [{ id: 1, title: 'Offen', order: 0, cards }];

  it('picks the earliest due date of the open cards', () => {
    const next = nextDueCard(
      stacks([
        card(1, '2026-12-05T08:00:00+00:00'),
        card(2, null),
        card(3, '2026-11-30T08:00:00+01:00'),
        card(4, '2026-11-01T08:00:00+00:00', { done: '2026-11-02T10:00:00+00:00' }),
        card(5, '2026-11-02T08:00:00+00:00', { archived: true }),
      ]),
    );
    expect(next?.id).toBe(3);
  });

  it('is null when no open card has a due date', () => {
    expect(nextDueCard(stacks([card(1, null)]))).toBeNull();
    expect(nextDueCard([])).toBeNull();
  });
});

describe('discoverClasses for a teacher: half-finished parts', () => {
  const teacherInput: DiscoveryInput = {
    mapping: KLASSENRAUM,
    userId: 'schmidt',
    groups: ['lehrer', 'klasse-7a'],
    rooms: [room({ token: 'k7a', participantType: 1, description: 'klassenraum:class=klasse-7a' })],
    boards: [board({ id: 9, acl: [groupAcl('klasse-7a')] })],
    shares: [
      share({ path: '/Klassen/Klasse 7a', file_target: '/Klasse 7a' }),
    ],
    teams: [],
  };

  it('reports a complete space as complete', () => {
    expect(discoverClasses(teacherInput)[0]?.missing).toEqual([]);
  });

  it('flags a board that lost its class share and a room without its marker', () => {
    const [summary] = discoverClasses({
      ...teacherInput,
      rooms: [room({ token: 'k7a', participantType: 1, description: '' })],
      boards: [board({ id: 9, acl: [] })],
    });
    expect(summary).toMatchObject({ room: { token: 'k7a' }, boardId: 9, folderPath: '/Klassen/Klasse 7a' });
    expect(summary?.missing.sort()).toEqual(['board', 'room']);
    expect(summary && hasSpace(summary)).toBe(true);
  });
});

describe('discoverClasses at a UCS@school school: a teacher who is not in the class group', () => {
  const ucsShare = (over: Partial<Share>) => share({ share_with: 'gym-kassel-7a', uid_owner: 'anna.roth', displayname_owner: 'Anna Roth', ...over });
  const before: DiscoveryInput = {
    mapping: UCS_GYM_KASSEL,
    userId: 'anna.roth',
    groups: ['lehrer-gym-kassel'],
    rooms: [],
    boards: [],
    shares: [],
    teams: [],
  };

  it('has no class before she sets one up (her groups name none)', () => {
    expect(discoverClasses(before)).toEqual([]);
  });

  it('finds the class she set up from her own share, room and board, and lets her repair it', () => {
    const classes = discoverClasses({
      ...before,
      rooms: [room({ token: 'g7a', participantType: 1, description: 'klassenraum:class=gym-kassel-7a' })],
      boards: [board({ id: 12, owner: { uid: 'anna.roth' }, acl: [groupAcl('gym-kassel-7a')] })],
      shares: [ucsShare({ path: '/Klassen/Klasse 7a' }), ucsShare({ id: '2', path: '/Klassen/Klasse 7a/Abgabe', permissions: 5 })],
    });
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({
      classId: '7a',
      name: 'Klasse 7a',
      groupId: 'gym-kassel-7a',
      room: { token: 'g7a' },
      boardId: 12,
      folderPath: '/Klassen/Klasse 7a',
      missing: [],
      canProvision: true,
    });
  });

  it('counts a folder share alone (the room and board failed) so the next run completes it', () => {
    const [summary] = discoverClasses({ ...before, shares: [ucsShare({ path: '/Klassen/Klasse 7a' })] });
    expect(summary).toMatchObject({ classId: '7a', canProvision: true });
    // The folder is complete with its class share alone (no "Abgabe" upload area since ADR 0004's 2026-12 change).
    expect(summary?.missing.sort()).toEqual(['board', 'room']);
  });

  it('ignores what does not name one of this school\'s classes', () => {
    const classes = discoverClasses({
      ...before,
      rooms: [room({ token: 'x', description: 'klassenraum:class=klasse-7a' })],
      boards: [board({ id: 3, owner: { uid: 'anna.roth' }, title: 'Theater', acl: [groupAcl('gym-kassel-7a')] })],
      shares: [ucsShare({ path: '/Elsewhere' }), ucsShare({ share_with: 'schueler-gym-kassel', path: '/Klassen/Klasse 7a' })],
    });
    expect(classes).toEqual([]);
  });

  it('shows a student her class from her UCS@school groups', () => {
    const classes = discoverClasses({
      ...before,
      userId: 'ben.kraus',
      groups: ['schueler-gym-kassel', 'gym-kassel-7a'],
      rooms: [room({ token: 'g7a', description: 'klassenraum:class=gym-kassel-7a' })],
      shares: [ucsShare({ path: '/Klasse 7a', file_target: '/Klasse 7a' })],
    });
    expect(classes.map((c) => [c.classId, c.name, c.canProvision, c.folderPath])).toEqual([['7a', 'Klasse 7a', false, '/Klasse 7a']]);
  });
});
