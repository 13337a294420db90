import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { memoryStore, type KeyValueStore } from '../lib/key-value-store';
import { isPersistedQuery, OfflineCache, SNAPSHOT_MAX_AGE_MS } from './offline-cache';

const lena = { id: 's7a1', displayName: 'Lena Becker', email: null, groups: ['klasse-7a'], language: 'de' };
const tom = { id: 's7a2', displayName: 'Tom', email: null, groups: ['klasse-7a'], language: 'de' };

function setup(store: KeyValueStore = memoryStore(), now = () => 1_000_000) {
  const queryClient = new QueryClient();
  const clearFileCache = vi.fn(() => Promise.resolve());
  const cache = new OfflineCache(queryClient, { store, now, saveDelayMs: 10, clearFileCache });
  cache.start();
  return { queryClient, cache, clearFileCache, store };
}

function fill(queryClient: QueryClient, user = lena) {
  queryClient.setQueryData(['auth', 'current-user'], user);
  queryClient.setQueryData(['teams', 'classes', user.id], [{ classId: '7a', name: 'Klasse 7a' }]);
  queryClient.setQueryData(['tasks', 'board', 3], [{ id: 1, title: 'Brüche üben', due: new Date('2026-11-24T10:00:00Z') }]);
  queryClient.setQueryData(['chat', 'mentions', 'abc', 'le'], [{ id: 'Lena' }]);
  queryClient.setQueryData(['auth', 'session'], { authenticated: true });
}

describe('offline data', () => {
  it('keeps who the user is, classes, tasks, files and chat, but not sessions, searches or notifications', () => {
    expect(isPersistedQuery(['auth', 'current-user'])).toBe(true);
    expect(isPersistedQuery(['tasks', 'board', 3])).toBe(true);
    expect(isPersistedQuery(['files', 's7a1', 'folder', '/Klasse 7a'])).toBe(true);
    expect(isPersistedQuery(['chat', 'timeline', 'abc'])).toBe(true);
    expect(isPersistedQuery(['auth', 'session'])).toBe(false);
    expect(isPersistedQuery(['chat', 'mentions', 'abc', 'le'])).toBe(false);
    expect(isPersistedQuery(['chat', 'notifications'])).toBe(false);
  });

  it('restores the confirmed user’s data in a new page without a network, dates intact', async () => {
    const store = memoryStore();
    const first = setup(store);
    await first.cache.activate('s7a1');
    fill(first.queryClient);
    await first.cache.flush();

    const second = setup(store);
    expect(await second.cache.restore()).toBe('s7a1');
    expect(second.queryClient.getQueryData(['auth', 'current-user'])).toEqual(lena);
    const tasks = second.queryClient.getQueryData<{ due: Date }[]>(['tasks', 'board', 3]);
    expect(tasks?.[0]?.due).toEqual(new Date('2026-11-24T10:00:00Z'));
    expect(second.queryClient.getQueryData(['chat', 'mentions', 'abc', 'le'])).toBeUndefined();
    expect(second.queryClient.getQueryData(['auth', 'session'])).toBeUndefined();
  });

  it('saves by itself shortly after a query succeeds', async () => {
    const { queryClient, cache, store } = setup();
    await cache.activate('s7a1');
    queryClient.setQueryData(['auth', 'current-user'], lena);
    await queryClient.query({ queryKey: ['teams', 'classes', 's7a1'], queryFn: () => Promise.resolve(['7a']) });
    await vi.waitFor(async () => {
      expect(await store.get('snapshot')).toMatchObject({ userId: 's7a1' });
    });
  });

  it('writes nothing before a user is confirmed, and nothing when the cache holds someone else', async () => {
    const { queryClient, cache, store } = setup();
    fill(queryClient);
    await cache.flush();
    expect(await store.get('snapshot')).toBeUndefined();
    await cache.activate('s7a2');
    await cache.flush();
    expect(await store.get('snapshot')).toBeUndefined();
  });

  it('wipes the previous user’s data and opened files when another user signs in', async () => {
    const store = memoryStore();
    const first = setup(store);
    await first.cache.activate('s7a1');
    fill(first.queryClient);
    await first.cache.flush();

    const second = setup(store);
    await second.cache.activate('s7a2');
    expect(second.clearFileCache).toHaveBeenCalledTimes(1);
    expect(await second.cache.restore()).toBeNull();
    fill(second.queryClient, tom);
    await second.cache.flush();
    expect(await store.get('snapshot')).toMatchObject({ userId: 's7a2' });
  });

  it('keeps the data when the same user signs in again', async () => {
    const store = memoryStore();
    const first = setup(store);
    await first.cache.activate('s7a1');
    fill(first.queryClient);
    await first.cache.flush();
    const second = setup(store);
    await second.cache.activate('s7a1');
    expect(second.clearFileCache).not.toHaveBeenCalled();
    expect(await store.get('snapshot')).toMatchObject({ userId: 's7a1' });
  });

  it('clears everything at the login screen, and a save scheduled before cannot bring it back', async () => {
    const { queryClient, cache, store, clearFileCache } = setup();
    await cache.activate('s7a1');
    fill(queryClient);
    await cache.flush();
    await queryClient.query({ queryKey: ['tasks', 'board', 4], queryFn: () => Promise.resolve([]) });
    await cache.clear();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await store.get('snapshot')).toBeUndefined();
    expect(clearFileCache).toHaveBeenCalled();
    expect(await cache.restore()).toBeNull();
  });

  it('drops a snapshot older than a week instead of showing it', async () => {
    const store = memoryStore();
    let now = 1_000_000;
    const first = setup(store, () => now);
    await first.cache.activate('s7a1');
    fill(first.queryClient);
    await first.cache.flush();
    now += SNAPSHOT_MAX_AGE_MS + 1;
    const second = setup(store, () => now);
    expect(await second.cache.restore()).toBeNull();
    expect(second.queryClient.getQueryData(['auth', 'current-user'])).toBeUndefined();
    expect(await store.get('snapshot')).toBeUndefined();
  });

  it('goes on without offline data where the browser refuses storage', async () => {
    const refusing: KeyValueStore = {
      get: () => Promise.reject(new DOMException('blocked', 'SecurityError')),
      set: () => Promise.reject(new DOMException('blocked', 'SecurityError')),
      delete: () => Promise.reject(new DOMException('blocked', 'SecurityError')),
      values: () => Promise.reject(new DOMException('blocked', 'SecurityError')),
    };
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const { queryClient, cache } = setup(refusing);
    await cache.activate('s7a1');
    fill(queryClient);
    await expect(cache.flush()).resolves.toBeUndefined();
    await expect(cache.restore()).resolves.toBeNull();
    await expect(cache.clear()).resolves.toBeUndefined();
    debug.mockRestore();
  });
});
