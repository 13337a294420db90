import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../../api/talk/chat-conversations';
import type { LockRequester } from '../../../lib/leader-election';
import { ChatHub, type ChatHubEvents } from './chat-hub';
import { FakeChannel, fakeLocks } from '../../../lib/testing/fake-tabs';
import type { Poll } from '../../../api/talk/polls';
import type { ReactionMap } from '../../../api/talk/reactions';
import { CONVERSATIONS_INTERVAL_MS } from './leader-loops';
import { LIVE_REFRESH_MS } from './live-refresh';

const talk = vi.hoisted(() => ({ listConversations: vi.fn(), setReadMarker: vi.fn(), getConversation: vi.fn(), listReactions: vi.fn(), getPoll: vi.fn() }));
vi.mock('../../../api/talk/chat-conversations', () => ({ listConversations: talk.listConversations, getConversation: talk.getConversation }));
vi.mock('../../../api/talk/reactions', () => ({ listReactions: talk.listReactions }));
vi.mock('../../../api/talk/polls', () => ({ getPoll: talk.getPoll }));
vi.mock('../../../api/talk/chat-messages', () => ({ receiveMessages: vi.fn(), sendMessage: vi.fn(), setReadMarker: talk.setReadMarker }));
// The leader's user-status heartbeat (presence.ts) is tested in chat-hub-presence.test.ts.
vi.mock('../../../api/user-status/heartbeat', () => ({ sendHeartbeat: vi.fn(() => Promise.resolve(null)) }));
const notify = vi.hoisted(() => ({ listNotifications: vi.fn(), interval: 3600 }));
vi.mock('../../../api/notifications/notifications', () => ({
  getPollIntervalSeconds: () => Promise.resolve(notify.interval),
  listNotifications: notify.listNotifications,
}));

const list = (unread: number): Conversation[] => [
  {
    id: 1,
    token: 'k7a',
    type: 2,
    displayName: 'Klasse 7a',
    participantType: 3,
    permissions: 128,
    readOnly: 0,
    unreadMessages: unread,
    unreadMention: false,
    lastActivity: 1,
    lastReadMessage: 0,
    lastCommonReadMessage: 0,
    mentionPermissions: 0,
    lobbyState: 0,
    lastMessage: undefined,
  },
];

function tab(locks: LockRequester) {
  const received: Conversation[][] = [];
  const reactions: { token: string; messageId: number; reactions: ReactionMap }[] = [];
  const polls: Poll[] = [];
  const commonRead: (number | null)[] = [];
  const events: ChatHubEvents = {
    messages: (_token, messages, lastCommonRead) => {
      if (messages.length === 0) commonRead.push(lastCommonRead);
    },
    status: () => undefined,
    outboxChanged: () => undefined,
    notifications: () => undefined,
    conversations: (l) => received.push(l),
    reactions: (token, messageId, map) => reactions.push({ token, messageId, reactions: map }),
    poll: (_token, poll) => polls.push(poll),
  };
  const hub = new ChatHub('schmidt', events, { locks });
  hub.start();
  return { hub, received, reactions, polls, commonRead };
}

let visibility: DocumentVisibilityState = 'visible';

describe('ChatHub: the conversation list across tabs', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('BroadcastChannel', FakeChannel);
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    talk.listConversations.mockReset();
    talk.listConversations.mockResolvedValue(list(2));
    notify.interval = 3600;
    notify.listNotifications.mockReset();
    notify.listNotifications.mockResolvedValue({ changed: false, etag: null, notifications: [] });
    talk.setReadMarker.mockReset();
    talk.setReadMarker.mockResolvedValue(undefined);
  });
  afterEach(() => {
    for (const channel of [...FakeChannel.open]) channel.close();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('only the leader fetches it on the timer, and every tab gets the result', async () => {
    const locks = fakeLocks();
    const tabs = [tab(locks), tab(locks), tab(locks)];
    await vi.advanceTimersByTimeAsync(10);
    expect(tabs.filter((t) => t.hub.isLeader())).toHaveLength(1);
    // Two follower tabs show the list; the leader's tab shows a class chat.
    tabs[1]?.hub.watchConversationList();
    tabs[2]?.hub.watchConversationList();

    await vi.advanceTimersByTimeAsync(5 * CONVERSATIONS_INTERVAL_MS + 10);
    expect(talk.listConversations).toHaveBeenCalledTimes(5);
    for (const t of tabs) expect(t.received).toHaveLength(5);
    for (const t of tabs) t.hub.stop();
  });

  it('a tab that fetched on a user action shares it, and the leader waits a full interval from then', async () => {
    const locks = fakeLocks();
    const leader = tab(locks);
    const follower = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    follower.hub.watchConversationList();
    await vi.advanceTimersByTimeAsync(40_000);
    follower.hub.shareConversations(list(7));
    await vi.advanceTimersByTimeAsync(10);
    expect(leader.received).toEqual([list(7)]);

    await vi.advanceTimersByTimeAsync(CONVERSATIONS_INTERVAL_MS - 1_000);
    expect(talk.listConversations).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(talk.listConversations).toHaveBeenCalledTimes(1);
    leader.hub.stop();
    follower.hub.stop();
  });

  it('nothing is fetched on a timer while no tab shows the list, or every tab is hidden', async () => {
    const locks = fakeLocks();
    const a = tab(locks);
    const b = tab(locks);
    await vi.advanceTimersByTimeAsync(3 * CONVERSATIONS_INTERVAL_MS);
    expect(talk.listConversations).not.toHaveBeenCalled();

    b.hub.watchConversationList();
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(3 * CONVERSATIONS_INTERVAL_MS);
    expect(talk.listConversations).not.toHaveBeenCalled();

    // Shown again: the tab refreshes the stale list itself (focus), the leader's timer starts from there.
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(CONVERSATIONS_INTERVAL_MS - 10);
    expect(talk.listConversations).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(talk.listConversations).toHaveBeenCalledTimes(1);
    a.hub.stop();
    b.hub.stop();
  });

  it('when the leader tab closes, the next tab takes over the timer', async () => {
    const locks = fakeLocks();
    const first = tab(locks);
    const second = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    expect(first.hub.isLeader()).toBe(true);
    second.hub.watchConversationList();
    await vi.advanceTimersByTimeAsync(CONVERSATIONS_INTERVAL_MS);
    expect(talk.listConversations).toHaveBeenCalledTimes(1);

    first.hub.stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(second.hub.isLeader()).toBe(true);
    await vi.advanceTimersByTimeAsync(CONVERSATIONS_INTERVAL_MS);
    expect(talk.listConversations).toHaveBeenCalledTimes(2);
    expect(second.received).toHaveLength(2);
    second.hub.stop();
  });

  it('after a failed refresh the leader tries again after a pause, not in a tight loop', async () => {
    const locks = fakeLocks();
    const only = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    only.hub.watchConversationList();
    talk.listConversations.mockRejectedValue(new Error('network'));
    await vi.advanceTimersByTimeAsync(CONVERSATIONS_INTERVAL_MS + 4_000);
    expect(talk.listConversations).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    // At most one retry per 15 s (a tight loop would be thousands of calls).
    expect(talk.listConversations.mock.calls.length).toBeLessThanOrEqual(1 + 4);
    expect(talk.listConversations.mock.calls.length).toBeGreaterThanOrEqual(2);
    only.hub.stop();
  });

  it('three visible tabs showing the same new message set Talk’s read marker once, never backwards', async () => {
    const locks = fakeLocks();
    const tabs = [tab(locks), tab(locks), tab(locks)];
    await vi.advanceTimersByTimeAsync(10);
    for (const t of tabs) t.hub.markRead('k7a', 41);
    await vi.advanceTimersByTimeAsync(10);
    expect(talk.setReadMarker.mock.calls).toEqual([[{ token: 'k7a', lastReadMessage: 41 }]]);

    tabs[2]?.hub.markRead('k7a', 40);
    tabs[1]?.hub.markRead('k7a', 42);
    await vi.advanceTimersByTimeAsync(10);
    expect(talk.setReadMarker.mock.calls.map((c) => (c[0] as { lastReadMessage: number }).lastReadMessage)).toEqual([41, 42]);
    for (const t of tabs) t.hub.stop();
  });

  it('a read marker that failed is not remembered: the next request for it is sent', async () => {
    const locks = fakeLocks();
    const only = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    talk.setReadMarker.mockRejectedValueOnce(new Error('network'));
    only.hub.markRead('k7a', 7);
    await vi.advanceTimersByTimeAsync(10);
    only.hub.markRead('k7a', 7);
    await vi.advanceTimersByTimeAsync(10);
    expect(talk.setReadMarker).toHaveBeenCalledTimes(2);
    only.hub.stop();
  });

  it('a new notification refreshes the list at once; the first look at the notifications does not', async () => {
    notify.interval = 20;
    notify.listNotifications.mockResolvedValueOnce({ changed: true, etag: '"a"', notifications: [] });
    notify.listNotifications.mockResolvedValue({ changed: false, etag: '"a"', notifications: [] });
    const locks = fakeLocks();
    const only = tab(locks);
    only.hub.watchConversationList();
    await vi.advanceTimersByTimeAsync(10);
    expect(notify.listNotifications).toHaveBeenCalledTimes(1);
    expect(talk.listConversations).not.toHaveBeenCalled();

    notify.listNotifications.mockResolvedValueOnce({ changed: true, etag: '"b"', notifications: [] });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(notify.listNotifications).toHaveBeenCalledTimes(2);
    expect(talk.listConversations).toHaveBeenCalledTimes(1);
    only.hub.stop();
  });
});

describe('ChatHub: what visible tabs show and the long-poll does not announce (live refresh)', () => {
  const confirmed = (who: string[]): ReactionMap => ({ '✅': who.map((actorId) => ({ actorType: 'users', actorId, actorDisplayName: actorId, timestamp: 1 })) });
  const announcement = { kind: 'reactions', token: 'k7a', messageId: 301 } as const;
  const readState = { kind: 'read', token: 'k7a' } as const;
  const poll = { id: 2, question: 'Wie geht es euch?', options: ['gut', 'schlecht'], actorType: 'users', actorId: 'schmidt', actorDisplayName: 'Frau Schmidt', status: 0, resultMode: 1, maxVotes: 1 };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('BroadcastChannel', FakeChannel);
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    notify.listNotifications.mockResolvedValue({ changed: false, etag: null, notifications: [] });
    talk.listReactions.mockReset();
    talk.listReactions.mockResolvedValue(confirmed([]));
    talk.getConversation.mockReset();
    talk.getConversation.mockResolvedValue({ ...list(0)[0], lastCommonReadMessage: 299 });
    talk.getPoll.mockReset();
    talk.getPoll.mockResolvedValue({ ...poll, numVoters: 0 });
  });
  afterEach(() => {
    for (const channel of [...FakeChannel.open]) channel.close();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('an announcement on screen in a follower tab: only the leader refreshes it, and a ✅ reaches every tab within 5 s', async () => {
    const locks = fakeLocks();
    const tabs = [tab(locks), tab(locks), tab(locks)];
    await vi.advanceTimersByTimeAsync(10);
    expect(tabs[0]?.hub.isLeader()).toBe(true);
    tabs[2]?.hub.showLive(announcement);
    tabs[2]?.hub.showLive(readState);
    // The tab has just loaded it itself: the first refresh is one interval later.
    await vi.advanceTimersByTimeAsync(10);
    expect(talk.listReactions).not.toHaveBeenCalled();

    talk.listReactions.mockResolvedValue(confirmed(['s7a1']));
    talk.getConversation.mockResolvedValue({ ...list(0)[0], lastCommonReadMessage: 301 });
    await vi.advanceTimersByTimeAsync(5_000);
    for (const t of tabs) {
      expect(t.reactions.at(-1)).toEqual({ token: 'k7a', messageId: 301, reactions: confirmed(['s7a1']) });
      expect(t.commonRead.at(-1)).toBe(301);
    }
    // One request per target and interval, from the leader only (each tab's hub would otherwise ask too).
    await vi.advanceTimersByTimeAsync(10 * LIVE_REFRESH_MS);
    expect(talk.listReactions.mock.calls.length).toBeGreaterThanOrEqual(10);
    expect(talk.listReactions.mock.calls.length).toBeLessThanOrEqual(12);
    expect(talk.getConversation.mock.calls.length).toBe(talk.listReactions.mock.calls.length);
    expect(talk.listReactions).toHaveBeenCalledWith({ token: 'k7a', messageId: 301 }, expect.anything());
    for (const t of tabs) t.hub.stop();
  });

  it('nothing is fetched for plain chat, while every tab is hidden, or once the announcement is scrolled away', async () => {
    const locks = fakeLocks();
    const a = tab(locks);
    const b = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    a.hub.watch('k7a', 300);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(talk.listReactions).not.toHaveBeenCalled();
    expect(talk.getConversation).not.toHaveBeenCalled();

    const hide = b.hub.showLive(announcement);
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(talk.listReactions).not.toHaveBeenCalled();

    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(2 * LIVE_REFRESH_MS + 10);
    const shown = talk.listReactions.mock.calls.length;
    expect(shown).toBeGreaterThanOrEqual(1);

    hide();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(talk.listReactions.mock.calls.length).toBeLessThanOrEqual(shown + 1);
    a.hub.stop();
    b.hub.stop();
  });

  it('a poll card on screen is refreshed and handed to every tab; two tabs showing it cost one request', async () => {
    const locks = fakeLocks();
    const a = tab(locks);
    const b = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    a.hub.showLive({ kind: 'poll', token: 'k7a', pollId: 2 });
    b.hub.showLive({ kind: 'poll', token: 'k7a', pollId: 2 });
    talk.getPoll.mockResolvedValue({ ...poll, numVoters: 1 });
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MS + 10);
    expect(talk.getPoll.mock.calls).toEqual([[{ token: 'k7a', pollId: 2 }, expect.anything()]]);
    expect(a.polls).toEqual([{ ...poll, numVoters: 1 }]);
    expect(b.polls).toEqual([{ ...poll, numVoters: 1 }]);
    a.hub.stop();
    b.hub.stop();
  });

  it('a failing server is asked less often, not every 3 s', async () => {
    const locks = fakeLocks();
    const only = tab(locks);
    await vi.advanceTimersByTimeAsync(10);
    only.hub.showLive(announcement);
    talk.listReactions.mockRejectedValue(new Error('network'));
    // The backoff's jitter at its top: the test counts the fewest pauses a server can get.
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    await vi.advanceTimersByTimeAsync(60_000);
    // Every 3 s would be 20 requests; the pauses grow (3, 3, 4, 8, 16, 32 s): six in the minute.
    expect(talk.listReactions).toHaveBeenCalledTimes(6);
    only.hub.stop();
  });
});
