/**
 * The upload queue's engine, outside React so uploads go on while the user browses elsewhere in the app.
 * Files up to 10 MiB go in one PUT; larger ones use chunked upload v2 and are kept in IndexedDB
 * (see upload-persistence.ts) so they resume after a network drop, a server restart or a page reload.
 */
import { errorMessageKey, isAbortError, isApiError } from '../../../api/api-error';
import {
  assembleUpload,
  cancelUploadSession,
  createUploadSession,
  listUploadedChunks,
  MIN_CHUNK_BYTES,
  putChunk,
} from '../../../api/dav/chunked-upload';
import { joinPath } from '../../../api/dav/dav-paths';
import { statEntry, writeFile } from '../../../api/dav/files';
import { useUploadStore, type UploadItem } from '../stores/upload-store';
import { runChunkedUpload, type ChunkedUploadApi } from './chunked-runner';
import { uniqueName } from './conflict-name';
import { withRetry } from './retry';
import { deleteUpload, isSameFile, loadUploads, saveUpload, type PersistedUpload } from './upload-persistence';

export const CHUNKED_THRESHOLD_BYTES = 10 * 1024 * 1024;
export const CHUNK_BYTES = MIN_CHUNK_BYTES;
const PARALLEL_FILES = 2;

export type ConflictChoice = 'keep-both' | 'replace' | 'skip';

interface Job {
  record: PersistedUpload;
  /** Names in the target folder when the upload was queued (for "keep both"). */
  takenNames: Set<string>;
  controller: AbortController | null;
}

const jobs = new Map<string, Job>();
const uploadedListeners = new Set<(user: string, folder: string) => void>();
const restoredUsers = new Set<string>();
let running = 0;

const api: ChunkedUploadApi = {
  createUploadSession,
  putChunk,
  listUploadedChunks,
  assembleUpload,
  sizeAt: async (p, o) => (await statEntry(p, o))?.size ?? null,
};

function store() {
  return useUploadStore.getState();
}

function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${prefix}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Called with the folder whenever an upload finished there (to refresh its listing). */
export function onUploaded(listener: (user: string, folder: string) => void): () => void {
  uploadedListeners.add(listener);
  return () => uploadedListeners.delete(listener);
}

function itemOf(record: PersistedUpload, status: UploadItem['status']): UploadItem {
  return {
    id: record.id,
    user: record.user,
    folder: record.folder,
    name: record.targetPath.slice(record.targetPath.lastIndexOf('/') + 1),
    size: record.size,
    uploaded: 0,
    status,
    chunked: record.size > CHUNKED_THRESHOLD_BYTES,
    errorKey: null,
  };
}

/** Queues files for `folder`; names already taken there wait for the user's conflict choice. */
export function enqueueUploads(user: string, folder: string, files: readonly File[], existingNames: readonly string[]): void {
  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  const items: UploadItem[] = [];
  for (const file of files) {
    const record: PersistedUpload = {
      id: newId('u-'),
      user,
      folder,
      targetPath: joinPath(folder, file.name),
      name: file.name,
      size: file.size,
      lastModified: file.lastModified,
      type: file.type,
      uploadId: newId('web-upload-'),
      chunkSize: CHUNK_BYTES,
      overwrite: false,
      sessionCreated: false,
      createdAt: Date.now(),
      file,
    };
    const conflict = taken.has(file.name.toLowerCase());
    jobs.set(record.id, { record, takenNames: new Set(existingNames), controller: null });
    items.push(itemOf(record, conflict ? 'conflict' : 'queued'));
    // Two files with the same name in one drop conflict with each other too.
    taken.add(file.name.toLowerCase());
  }
  store().add(items);
  pump();
}

export function resolveConflict(id: string, choice: ConflictChoice): void {
  const job = jobs.get(id);
  if (job === undefined) return;
  if (choice === 'skip') {
    store().update(id, { status: 'skipped' });
    jobs.delete(id);
    return;
  }
  if (choice === 'keep-both') {
    const taken = new Set([...job.takenNames, ...store().items.filter((i) => i.folder === job.record.folder && i.id !== id).map((i) => i.name)]);
    const name = uniqueName(job.record.name, taken);
    job.record.targetPath = joinPath(job.record.folder, name);
    store().update(id, { name, status: 'queued' });
  } else {
    job.record.overwrite = true;
    store().update(id, { status: 'queued' });
  }
  pump();
}

export function cancelUpload(id: string): void {
  const job = jobs.get(id);
  store().update(id, { status: 'cancelled' });
  if (job === undefined) return;
  job.controller?.abort();
  jobs.delete(id);
  void deleteUpload(id);
  if (job.record.sessionCreated) {
    cancelUploadSession({ user: job.record.user, uploadId: job.record.uploadId }).catch((error: unknown) => {
      console.warn('[uploads] could not remove the upload folder; Nextcloud expires it later', error);
    });
  }
}

export function retryUpload(id: string): void {
  if (!jobs.has(id)) return;
  store().update(id, { status: 'queued', errorKey: null });
  pump();
}

/** The user picked the file again after a reload where the browser could not keep it. */
export function provideFile(id: string, file: File): boolean {
  const job = jobs.get(id);
  if (job === undefined || !isSameFile(job.record, file)) return false;
  job.record.file = file;
  store().update(id, { status: 'queued', errorKey: null });
  pump();
  return true;
}

export function clearFinished(): void {
  const ids = store().items.filter((i) => ['done', 'cancelled', 'skipped'].includes(i.status)).map((i) => i.id);
  store().remove(ids);
}

/** Picks up the large uploads this user left unfinished (previous page load): they resume by themselves. */
export async function restoreUploads(user: string): Promise<void> {
  if (restoredUsers.has(user)) return;
  restoredUsers.add(user);
  const records = await loadUploads(user);
  const items: UploadItem[] = [];
  for (const record of records) {
    if (jobs.has(record.id)) continue;
    jobs.set(record.id, { record, takenNames: new Set(), controller: null });
    items.push(itemOf(record, record.file === null ? 'needs-file' : 'queued'));
  }
  store().add(items);
  pump();
}

function pump(): void {
  while (running < PARALLEL_FILES) {
    const next = store().items.find((i) => i.status === 'queued' && jobs.has(i.id));
    if (next === undefined) return;
    const job = jobs.get(next.id);
    if (job === undefined) return;
    running++;
    store().update(next.id, { status: 'checking' });
    void run(job).finally(() => {
      running--;
      pump();
    });
  }
}

function errorKeyOf(error: unknown): string {
  return errorMessageKey(error);
}

async function run(job: Job): Promise<void> {
  const { record } = job;
  const id = record.id;
  const file = record.file;
  if (file === null) {
    store().update(id, { status: 'needs-file' });
    return;
  }
  const controller = new AbortController();
  job.controller = controller;
  const signal = controller.signal;
  const onRetry = () => {
    store().update(id, { status: 'waiting' });
  };
  try {
    if (record.size > CHUNKED_THRESHOLD_BYTES) {
      await saveUpload(record);
      await runChunkedUpload(
        { ...record, mtimeSeconds: Math.floor(record.lastModified / 1000) },
        file,
        api,
        {
          signal,
          onRetry,
          onProgress: (bytes) => {
            store().update(id, { uploaded: bytes, status: 'uploading' });
          },
          onSessionCreated: () => {
            record.sessionCreated = true;
            void saveUpload(record);
          },
          onPhase: (phase) => {
            store().update(id, { status: phase });
          },
        },
      );
      await deleteUpload(id);
    } else {
      store().update(id, { status: 'uploading' });
      await withRetry(
        () => writeFile({ user: record.user, path: record.targetPath, content: file, createOnly: !record.overwrite, mtime: Math.floor(record.lastModified / 1000) }, { signal }),
        { signal, onRetry },
      );
    }
    jobs.delete(id);
    store().update(id, { status: 'done', uploaded: record.size });
    for (const listener of uploadedListeners) listener(record.user, record.folder);
  } catch (error) {
    if (signal.aborted || isAbortError(error)) return;
    if (isApiError(error) && error.kind === 'precondition-failed' && !record.overwrite) {
      // Someone created the same name meanwhile: ask again.
      store().update(id, { status: 'conflict', uploaded: 0 });
      return;
    }
    console.warn('[uploads] upload failed', error);
    store().update(id, { status: 'failed', errorKey: errorKeyOf(error) });
  } finally {
    job.controller = null;
  }
}
