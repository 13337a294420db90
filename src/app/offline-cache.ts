import { dehydrate, defaultShouldDehydrateQuery, hydrate, type DehydratedState, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { CurrentUser } from '../api/core/current-user';
import { authKeys } from '../features/auth/api/query-keys';
import { indexedDbStore, type KeyValueStore } from '../lib/key-value-store';

/**
 * Offline data (docs/adr/0007-offline-data.md): a snapshot of the queries a user needs to keep working
 * without a network (who they are, their classes, tasks, file listings, recent chat) is written to
 * IndexedDB while they use the app, and read back only when the gateway cannot be reached. It belongs to
 * one user and is wiped, together with the service worker's cache of opened files, whenever the login
 * screen shows (logout, expired session) or another user signs in.
 */

/** The service worker's runtime cache of opened files (vite.config.ts names the same cache). */
export const OPENED_FILES_CACHE = 'klassenraum-opened-files';
export const SNAPSHOT_MAX_AGE_MS = 7 * 24 * 60 * 60_000;
const SNAPSHOT_KEY = 'snapshot';
const SNAPSHOT_VERSION = 1;
const SAVE_DELAY_MS = 500;

interface Snapshot {
  version: number;
  userId: string;
  savedAt: number;
  state: DehydratedState;
}

/** Query key prefixes kept for offline use. Searches, polls of the login flow and notifications are not. */
const persisted: readonly (readonly string[])[] = [
  authKeys.currentUser(),
  ['teams', 'classes'],
  ['teams', 'next-due-task'],
  ['teams', 'members'],
  ['tasks'],
  ['files'],
  ['chat', 'conversations'],
  ['chat', 'conversation'],
  ['chat', 'timeline'],
  ['chat', 'poll'],
];

export function isPersistedQuery(queryKey: QueryKey): boolean {
  return persisted.some((prefix) => prefix.every((part, i) => queryKey[i] === part));
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Snapshot>;
  return v.version === SNAPSHOT_VERSION && typeof v.userId === 'string' && typeof v.savedAt === 'number' && typeof v.state === 'object';
}

export interface OfflineCacheOptions {
  store?: KeyValueStore;
  now?: () => number;
  saveDelayMs?: number;
  /** Deletes the opened-files cache of the service worker. */
  clearFileCache?: () => Promise<void>;
}

async function deleteOpenedFilesCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(OPENED_FILES_CACHE);
}

export class OfflineCache {
  private readonly store: KeyValueStore;
  private readonly now: () => number;
  private readonly saveDelayMs: number;
  private readonly clearFileCache: () => Promise<void>;
  /** Whose data may be written; null while nobody is confirmed signed in. */
  private owner: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Writes and wipes in order, so a late save can never undo a wipe. */
  private queue: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(
    private readonly queryClient: QueryClient,
    options: OfflineCacheOptions = {},
  ) {
    this.store = options.store ?? indexedDbStore('klassenraum-offline');
    this.now = options.now ?? Date.now;
    this.saveDelayMs = options.saveDelayMs ?? SAVE_DELAY_MS;
    this.clearFileCache = options.clearFileCache ?? deleteOpenedFilesCache;
  }

  /** Starts watching the query cache; the returned function stops it. */
  start(): () => void {
    this.unsubscribe ??= this.queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && isPersistedQuery(event.query.queryKey as QueryKey)) this.scheduleSave();
    });
    return () => {
      this.unsubscribe?.();
      this.unsubscribe = null;
      this.cancelSave();
    };
  }

  /** The gateway confirmed `userId` is signed in: from now on their data is kept, another user's is wiped. */
  async activate(userId: string): Promise<void> {
    if (this.owner === userId) return;
    this.owner = userId;
    await this.enqueue(async () => {
      const snapshot = await this.read();
      if (snapshot !== null && snapshot.userId !== userId) await this.wipe();
    });
  }

  /**
   * No network: puts the last snapshot (if recent) into the query cache. Returns whose it is, or null
   * when there is none. Fresher data already in memory is never overwritten.
   */
  async restore(): Promise<string | null> {
    let restored: string | null = null;
    await this.enqueue(async () => {
      const snapshot = await this.read();
      if (snapshot === null) return;
      if (this.now() - snapshot.savedAt > SNAPSHOT_MAX_AGE_MS) {
        await this.wipe();
        return;
      }
      hydrate(this.queryClient, snapshot.state);
      this.owner = snapshot.userId;
      restored = snapshot.userId;
    });
    return restored;
  }

  /** Signed out (or about to sign in): nothing of the previous user stays on the device. */
  async clear(): Promise<void> {
    this.owner = null;
    this.cancelSave();
    await this.enqueue(() => this.wipe());
  }

  /** Writes the snapshot now (tests; the app saves shortly after each change). */
  async flush(): Promise<void> {
    this.cancelSave();
    await this.enqueue(() => this.save());
  }

  private scheduleSave(): void {
    if (this.owner === null || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.save());
    }, this.saveDelayMs);
  }

  private cancelSave(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task).catch((error: unknown) => {
      // Storage refused (blocked third-party storage, quota): the app works on, just not offline. Said once.
      if (!this.warned) console.debug('offline data unavailable', error);
      this.warned = true;
    });
    this.queue = next;
    return next;
  }

  private async save(): Promise<void> {
    const owner = this.owner;
    const user = this.queryClient.getQueryData<CurrentUser>(authKeys.currentUser());
    // Only the confirmed user's own data, never a mix from before a switch.
    if (owner === null || user?.id !== owner) return;
    const state = dehydrate(this.queryClient, {
      shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) && isPersistedQuery(query.queryKey),
      shouldDehydrateMutation: () => false,
    });
    const snapshot: Snapshot = { version: SNAPSHOT_VERSION, userId: owner, savedAt: this.now(), state };
    await this.store.set(SNAPSHOT_KEY, snapshot);
  }

  private async read(): Promise<Snapshot | null> {
    const value = await this.store.get(SNAPSHOT_KEY);
    return isSnapshot(value) ? value : null;
  }

  private async wipe(): Promise<void> {
    await Promise.all([this.store.delete(SNAPSHOT_KEY), this.clearFileCache()]);
  }
}
