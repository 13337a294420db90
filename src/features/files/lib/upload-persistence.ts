/**
 * Large uploads survive a page reload: their metadata AND the picked file are kept in IndexedDB until the
 * upload is assembled or cancelled. Chromium and Firefox store File/Blob values in IndexedDB on disk, so the
 * user does not have to pick the file again. Where that fails (private mode, quota), only the metadata is
 * kept and the upload asks the user to pick the same file again (checked by name, size and date).
 */

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

const DB_NAME = 'klassenraum-uploads';
const STORE = 'uploads';

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return new Promise((resolve) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      console.warn('[uploads] IndexedDB unavailable: uploads cannot resume after a reload', request.error);
      resolve(null);
    };
  });
}

async function withStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await openDb();
  if (db === null) return null;
  return new Promise((resolve) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => {
      db.close();
      resolve(request.result);
    };
    tx.onerror = tx.onabort = () => {
      console.warn('[uploads] IndexedDB write failed', tx.error);
      db.close();
      resolve(null);
    };
  });
}

/** Saves the record with its file; if storing the file fails, saves the metadata alone. */
export async function saveUpload(record: PersistedUpload): Promise<void> {
  const stored = await withStore('readwrite', (s) => s.put(record));
  if (stored === null && record.file !== null) await withStore('readwrite', (s) => s.put({ ...record, file: null }));
}

export async function deleteUpload(id: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(id));
}

export async function loadUploads(user: string): Promise<PersistedUpload[]> {
  const all = await withStore<unknown[]>('readonly', (s) => s.getAll());
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
