import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppNotification } from '../api/notifications/notifications';
import type { Conversation } from '../api/talk/chat-conversations';
import { chatKeys } from '../features/chat/api/query-keys';
import { tasksKeys } from '../features/tasks/api/query-keys';
import { teamsKeys } from '../features/teams/api/query-keys';
import type { ClassSummary } from '../features/teams/lib/discover-classes';
import { keepHomeBadgesLive } from './live-badges';

const class7a: ClassSummary = {
  classId: '7a',
  name: 'Klasse 7a',
  groupId: 'klasse-7a',
  teamId: null,
  room: { token: 'k7a', unreadMessages: 0, unreadMention: false, hasCall: false },
  boardId: 3,
  folderPath: '/Klasse 7a',
  missing: [],
  canProvision: false,
};

function conversation(token: string, unreadMessages: number, unreadMention: boolean): Conversation {
  return {
    id: 1,
    token,
    type: 2,
    displayName: token,
    participantType: 3,
    permissions: 128,
    readOnly: 0,
    unreadMessages,
    unreadMention,
    lastActivity: 1,
    lastReadMessage: 0,
    lastCommonReadMessage: 0,
    mentionPermissions: 0,
    lobbyState: 0,
    lastMessage: undefined,
  };
}

function notification(id: number, app: string, objectType = 'card'): AppNotification {
  return { notification_id: id, app, datetime: '', object_type: objectType, object_id: String(id), subject: 's', message: '', link: '' };
}

describe('home badges follow the leader\'s polls', () => {
  let client: QueryClient;
  let stop: () => void;
  beforeEach(() => {
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    stop = keepHomeBadgesLive(client, 's7a1');
    client.setQueryData(teamsKeys.classes('s7a1'), [class7a]);
  });
  afterEach(() => {
    stop();
    client.clear();
  });

  it('a conversation list from the hub sets the class card\'s unread count and mention', () => {
    client.setQueryData(chatKeys.conversations(), [conversation('other', 4, false), conversation('k7a', 1, true)]);
    const classes = client.getQueryData<ClassSummary[]>(teamsKeys.classes('s7a1'));
    expect(classes?.[0]?.room).toEqual({ token: 'k7a', unreadMessages: 1, unreadMention: true, hasCall: false });

    // Read in the chat: the next list clears the badge again.
    client.setQueryData(chatKeys.conversations(), [conversation('k7a', 0, false)]);
    expect(client.getQueryData<ClassSummary[]>(teamsKeys.classes('s7a1'))?.[0]?.room?.unreadMessages).toBe(0);
  });

  it('an unchanged list leaves the class list as it was (no re-render)', () => {
    const before = client.getQueryData(teamsKeys.classes('s7a1'));
    client.setQueryData(chatKeys.conversations(), [conversation('k7a', 0, false)]);
    expect(client.getQueryData(teamsKeys.classes('s7a1'))).toBe(before);
  });

  it('a new Deck notification makes the due tasks stale; the first list and Talk notifications do not', () => {
    client.setQueryData(tasksKeys.boardAssignments(3), []);
    client.setQueryData(teamsKeys.nextDueTask(3), null);
    const stale = () => [tasksKeys.boardAssignments(3), teamsKeys.nextDueTask(3)].map((key) => client.getQueryState(key)?.isInvalidated);

    client.setQueryData(chatKeys.notifications(), [notification(1, 'deck')]);
    expect(stale()).toEqual([false, false]);
    client.setQueryData(chatKeys.notifications(), [notification(2, 'spreed'), notification(1, 'deck')]);
    expect(stale()).toEqual([false, false]);
    client.setQueryData(chatKeys.notifications(), [notification(3, 'deck'), notification(2, 'spreed'), notification(1, 'deck')]);
    expect(stale()).toEqual([true, true]);
  });

  it('a new Talk chat notification (a private message: feedback came back) makes the received shares and submissions stale', () => {
    const shares = tasksKeys.receivedShares('s7a1');
    const submission = [...tasksKeys.folder('s7a1', 'Brüche'), 7];
    client.setQueryData(shares, []);
    client.setQueryData(submission, null);
    const stale = () => [shares, submission].map((key) => client.getQueryState(key)?.isInvalidated);

    client.setQueryData(chatKeys.notifications(), [notification(1, 'spreed', 'chat')]);
    expect(stale()).toEqual([false, false]);
    client.setQueryData(chatKeys.notifications(), [notification(2, 'deck'), notification(1, 'spreed', 'chat')]);
    expect(stale()).toEqual([false, false]);
    client.setQueryData(chatKeys.notifications(), [notification(3, 'spreed', 'chat'), notification(2, 'deck'), notification(1, 'spreed', 'chat')]);
    expect(stale()).toEqual([true, true]);
  });
});
