import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../api/notifications/notifications';
import type { Wire } from './chat-wire';
import { mentionsUser, runNotifications, type LeaderHost } from './leader-loops';
import type { ChatMessage } from '../../../api/talk/chat-messages';

const api = vi.hoisted(() => ({ pollinterval: 60, list: [] as AppNotification[], etag: 0, listNotifications: vi.fn() }));
vi.mock('../../../api/notifications/notifications', () => ({
  getPollIntervalSeconds: () => Promise.resolve(api.pollinterval),
  listNotifications: api.listNotifications,
}));

const mention: AppNotification = {
  notification_id: 7,
  app: 'spreed',
  datetime: '2026-12-01T21:49:40+00:00',
  object_type: 'chat',
  object_id: 'k7a/313',
  subject: 'Frau Schmidt hat dich in der Unterhaltung „Klasse 7a“ erwähnt',
  message: '',
  link: '',
};

/** The leader's loop against a server that answers 304 until something changed (as Nextcloud's ETag does). */
function host(visible: () => boolean, listWanted = true) {
  const received: AppNotification[][] = [];
  const wakeConversations = vi.fn();
  const h = {
    tabs: { anyVisible: visible, listWanted: () => listWanted },
    wakers: { notifications: null, conversations: wakeConversations },
    conversationsAt: Date.now(),
    broadcast: (message: Wire) => {
      if (message.t === 'notifications') received.push(message.list);
    },
  };
  return { host: h as unknown as LeaderHost, received, wakeConversations };
}

describe('the leader\'s notifications poll (the bell)', () => {
  let controller: AbortController;
  beforeEach(() => {
    vi.useFakeTimers();
    controller = new AbortController();
    api.pollinterval = 60;
    api.list = [];
    api.etag = 1;
    api.listNotifications.mockReset();
    api.listNotifications.mockImplementation(({ etag }: { etag: string | null }) =>
      Promise.resolve(etag === `"${api.etag}"` ? { changed: false, etag } : { changed: true, etag: `"${api.etag}"`, notifications: api.list }),
    );
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  it('on a page with unread badges: shows a mention within 35 s although Nextcloud says pollinterval 60, and refreshes the badges', async () => {
    const { host: h, received, wakeConversations } = host(() => true);
    void runNotifications(h, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(received).toEqual([[]]);

    // Right after a poll: the worst case.
    api.list = [mention];
    api.etag = 2;
    await vi.advanceTimersByTimeAsync(35_000 - 10);
    expect(received.at(-1)).toEqual([mention]);
    expect(wakeConversations).toHaveBeenCalledWith(true);
    // Twice a minute at most: still one request per 30 s.
    expect(api.listNotifications.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('on the first look, refreshes the badges only for a chat notification written while the page loaded', async () => {
    vi.setSystemTime(Date.parse('2026-12-01T21:50:00Z'));
    // A mention from yesterday: the page's room list already counted it.
    api.list = [{ ...mention, datetime: '2026-11-30T09:00:00+00:00' }];
    const old = host(() => true);
    void runNotifications(old.host, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(old.received).toHaveLength(1);
    expect(old.wakeConversations).not.toHaveBeenCalled();
    controller.abort();

    // A mention written 20 s ago, between the page's room list and this first look: the card must follow.
    controller = new AbortController();
    api.list = [mention];
    const fresh = host(() => true);
    void runNotifications(fresh.host, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(fresh.wakeConversations).toHaveBeenCalledWith(true);
  });

  it('elsewhere (a class chat open: its long-poll brings mentions) at the server\'s pollinterval', async () => {
    const { host: h } = host(() => true, false);
    void runNotifications(h, controller.signal);
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 10);
    expect(api.listNotifications).toHaveBeenCalledTimes(6);
  });

  it('asks nothing while every tab is hidden', async () => {
    const { host: h } = host(() => false);
    void runNotifications(h, controller.signal);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(api.listNotifications).not.toHaveBeenCalled();
  });
});

describe('a long-polled message that mentions the user wakes the bell', () => {
  const message = (actorId: string, messageParameters: ChatMessage['messageParameters']) => ({ actorType: 'users', actorId, messageParameters }) as ChatMessage;
  it('by name or @all, not an own message nor someone else\'s mention', () => {
    expect(mentionsUser(message('schmidt', { 'mention-user1': { type: 'user', id: 's7a1', name: 'Lena' } }), 's7a1')).toBe(true);
    expect(mentionsUser(message('schmidt', { 'mention-call1': { type: 'call', id: 'k7a', name: 'Klasse 7a' } }), 's7a1')).toBe(true);
    expect(mentionsUser(message('schmidt', { 'mention-user1': { type: 'user', id: 's7a2', name: 'Jonas' } }), 's7a1')).toBe(false);
    expect(mentionsUser(message('s7a1', { 'mention-call1': { type: 'call', id: 'k7a', name: 'Klasse 7a' } }), 's7a1')).toBe(false);
  });
});
