/**
 * Large uploads survive a page reload: their metadata AND the picked file are kept in IndexedDB until the
 * upload is assembled or cancelled. Chromium and Firefox store File/Blob values in IndexedDB on disk, so the
 * user does not have to pick the file again. Where that fails (private mode, quota), only the metadata is
 * kept and the upload asks the user to pick the same file again (checked by name, size and date).
 */
import { indexedDbStore } from '../../../lib/key-value-store';

export interface PersistedUpload {
  id: string;
  user: string;
  folder: string;
  /** Final path in the user's files. */
  targetPath: string;
  name: string;
  size: number;
  lastModified: number;
  type: string;
  /** The Nextcloud upload folder name (uploads/{user}/{uploadId}). */
  uploadId: string;
  chunkSize: number;
  overwrite: boolean;
  /** MKCOL of the upload folder succeeded at least once. */
  sessionCreated: boolean;
  createdAt: number;
  file: Blob | null;
}

// The store keeps the record's own `id` as its key (created so by earlier versions: keep it that way).
const uploads = indexedDbStore('klassenraum-uploads', { storeName: 'uploads', keyPath: 'id' });

let warned = false;

/** Where IndexedDB is refused (private mode, quota, jsdom) uploads simply cannot resume after a reload. */
async function orNull<T>(work: Promise<T>, what: string): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (!warned) console.warn(`[uploads] IndexedDB ${what} failed: uploads cannot resume after a reload`, error);
    warned = true;
    return null;
  }
}

/** Saves the record with its file; if storing the file fails, saves the metadata alone. */
export async function saveUpload(record: PersistedUpload): Promise<void> {
  const stored = await orNull(uploads.set(record.id, record).then(() => true), 'write');
  if (stored === null && record.file !== null) await orNull(uploads.set(record.id, { ...record, file: null }), 'write');
}

export async function deleteUpload(id: string): Promise<void> {
  await orNull(uploads.delete(id), 'delete');
}

export async function loadUploads(user: string): Promise<PersistedUpload[]> {
  const all = await orNull(uploads.values(), 'read');
  return (all ?? []).filter((r): r is PersistedUpload => isPersistedUpload(r) && r.user === user);
}

function isPersistedUpload(value: unknown): value is PersistedUpload {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r['id'] === 'string' && typeof r['user'] === 'string' && typeof r['uploadId'] === 'string' && typeof r['size'] === 'number';
}

/** A re-picked file is the same one if name, size and modification date match. */
export function isSameFile(record: Pick<PersistedUpload, 'name' | 'size' | 'lastModified'>, file: File): boolean {
  return file.name === record.name && file.size === record.size && file.lastModified === record.lastModified;
}
