import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatHub } from './chat-hub';
import { FakeChannel, fakeLocks } from '../../../lib/testing/fake-tabs';
import { AWAY_AFTER_MS, HEARTBEAT_INTERVAL_MS, type ActivityTracker } from './presence';

vi.mock('../../../api/talk/chat-conversations', () => ({ listConversations: vi.fn(() => Promise.resolve([])), getConversation: vi.fn() }));
vi.mock('../../../api/talk/chat-messages', () => ({ receiveMessages: vi.fn(), sendMessage: vi.fn(), setReadMarker: vi.fn() }));
vi.mock('../../../api/notifications/notifications', () => ({
  getPollIntervalSeconds: () => Promise.resolve(3600),
  listNotifications: vi.fn(() => Promise.resolve({ changed: false, etag: null })),
}));
const api = vi.hoisted(() => ({ sendHeartbeat: vi.fn() }));
vi.mock('../../../api/user-status/heartbeat', () => ({ sendHeartbeat: api.sendHeartbeat }));

const noEvents = { messages: () => undefined, status: () => undefined, outboxChanged: () => undefined, notifications: () => undefined, conversations: () => undefined, reactions: () => undefined, poll: () => undefined };

describe('ChatHub: one heartbeat per browser', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('BroadcastChannel', FakeChannel);
    localStorage.clear();
    api.sendHeartbeat.mockReset();
    api.sendHeartbeat.mockResolvedValue({ userId: 's7a2', status: 'online' });
  });
  afterEach(() => {
    for (const channel of [...FakeChannel.open]) channel.close();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('three tabs send one beat, and input in a follower tab brings the user back online at once', async () => {
    const locks = fakeLocks();
    const tabs = [0, 1, 2].map(() => new ChatHub('s7a2', noEvents, { locks }));
    for (const hub of tabs) hub.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(api.sendHeartbeat).toHaveBeenCalledTimes(1);
    expect(api.sendHeartbeat).toHaveBeenLastCalledWith({ status: 'online' }, expect.anything());

    // Nobody touches anything: the next beat says away.
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS);
    expect(api.sendHeartbeat).toHaveBeenCalledTimes(2);
    expect(api.sendHeartbeat).toHaveBeenLastCalledWith({ status: 'away' }, expect.anything());

    // The user types in a tab that does not lead: the leader hears it and beats online now.
    await vi.advanceTimersByTimeAsync(AWAY_AFTER_MS);
    const follower = tabs.find((hub) => !hub.isLeader());
    // Only that tab's tracker sees the input (in a browser each tab has its own window).
    (follower as unknown as { activity: ActivityTracker }).activity.note();
    await vi.advanceTimersByTimeAsync(10);
    expect(api.sendHeartbeat).toHaveBeenCalledTimes(3);
    expect(api.sendHeartbeat).toHaveBeenLastCalledWith({ status: 'online' }, expect.anything());
    for (const hub of tabs) hub.stop();
  });
});
