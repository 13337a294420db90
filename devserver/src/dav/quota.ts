/**
 * Per-user storage quota as Nextcloud enforces it: only the user's own files count (not the trash bin,
 * not chunks waiting in the uploads folder, not files shared with them); files written into someone
 * else's share count against the share owner. Unlimited is reported as -3 (SPACE_UNLIMITED).
 */
import type { App } from '../context.js';
import { findSeedUser } from '../seed.js';
import { Storage } from './storage.js';
import { davError } from './xml.js';
import type { Reply } from '../http.js';

/** Nextcloud's FileInfo::SPACE_UNLIMITED, as sent in quota-available-bytes and the provisioning API. */
export const SPACE_UNLIMITED = -3;

/** The seed's default: 1 GiB for students, unlimited for teachers (group `lehrer`). */
export const DEFAULT_STUDENT_QUOTA = 1024 * 1024 * 1024;

export function defaultQuota(uid: string): number | null {
  const user = findSeedUser(uid);
  if (user === undefined || user.groups.includes('lehrer')) return null;
  return DEFAULT_STUDENT_QUOTA;
}

/** The user's quota in bytes; null = unlimited. */
export function quotaOf(app: App, uid: string): number | null {
  const set = app.store.data.quotas[uid];
  return set === undefined ? defaultQuota(uid) : set;
}

/** Sets a user's quota (null = unlimited), as an admin would in the user management. */
export function setQuota(app: App, uid: string, bytes: number | null): void {
  if (bytes !== null && (!Number.isFinite(bytes) || bytes < 0)) throw new RangeError(`quota must be a byte count >= 0 or null, got ${bytes}`);
  app.store.data.quotas[uid] = bytes === null ? null : Math.floor(bytes);
  app.store.changed();
}

/** Free bytes in the user's storage, or SPACE_UNLIMITED. */
export function freeSpace(app: App, uid: string): number {
  const quota = quotaOf(app, uid);
  if (quota === null) return SPACE_UNLIMITED;
  return Math.max(0, quota - new Storage(app).usedBytes(uid));
}

/** The provisioning API's `quota` object (cloud/user, cloud/users/{id}). */
export function quotaDetails(app: App, uid: string): { free: number; used: number; total: number; relative: number; quota: number } {
  const used = new Storage(app).usedBytes(uid);
  const quota = quotaOf(app, uid);
  if (quota === null) return { free: SPACE_UNLIMITED, used, total: SPACE_UNLIMITED, relative: 0, quota: SPACE_UNLIMITED };
  const free = Math.max(0, quota - used);
  const total = used + free;
  return { free, used, total, relative: total === 0 ? 0 : Math.round((used / total) * 10000) / 100, quota };
}

/** Sabre's 507 as Nextcloud's QuotaPlugin throws it. `path` is the user-relative path ("/Ordner/Datei.txt"). */
export function insufficientStorage(path: string, length: number, free: number): Reply {
  return davError(507, 'InsufficientStorage', `Insufficient space in ${path}, ${length} required, ${free} available`);
}

/**
 * The QuotaPlugin check: 507 when `length` bytes do not fit into `owner`'s free space; null when they
 * fit, the quota is unlimited or there is nothing to check (length 0).
 */
export function checkQuota(app: App, owner: string, path: string, length: number): Reply | null {
  if (!(length > 0)) return null;
  const free = freeSpace(app, owner);
  if (free < 0 || length <= free) return null;
  return insufficientStorage(`/${path}`.replace(/\/{2,}/g, '/'), length, free);
}

/** Nextcloud's MKCOL check: a new folder needs 4096 bytes of free space. */
export function checkQuotaForFolder(app: App, owner: string, parentPath: string): Reply | null {
  const free = freeSpace(app, owner);
  if (free < 0 || free >= 4096) return null;
  return davError(507, 'InsufficientStorage', `Insufficient space in ${`/${parentPath}`.replace(/\/{2,}/g, '/')}. ${free} available. Cannot create directory`);
}

/** The length the client announces: the largest of X-Expected-Entity-Length, Content-Length and OC-Total-Length. */
export function announcedLength(header: (name: string) => string | undefined, bodyLength: number): number {
  const values = [bodyLength];
  for (const name of ['x-expected-entity-length', 'content-length', 'oc-total-length']) {
    const raw = header(name);
    if (raw !== undefined && /^\d+$/.test(raw.trim())) values.push(Number(raw.trim()));
  }
  return Math.max(...values);
}
