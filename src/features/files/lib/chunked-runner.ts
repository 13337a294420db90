/**
 * One chunked upload from start or from wherever it stopped: ask the server which chunks it holds, send only
 * the missing ones, then assemble. Network trouble is retried (backoff with jitter, Retry-After honoured);
 * refusals (403, 404, 412, 423, 507) end the upload with that error.
 */
import { isApiError } from '../../../api/api-error';
import type { CallOptions } from '../../../api/call-options';
import {
  missingChunks,
  planChunks,
  type PlannedChunk,
  type UploadSessionParams,
} from '../../../api/dav/chunked-upload';
import type { UploadedChunk } from '../../../api/dav/multistatus';
import { withRetry, type RetryOptions } from './retry';

export interface ChunkedUploadApi {
  createUploadSession(p: UploadSessionParams, o: CallOptions): Promise<void>;
  putChunk(p: UploadSessionParams & { chunk: string; content: Blob }, o: CallOptions): Promise<void>;
  listUploadedChunks(p: { user: string; uploadId: string }, o: CallOptions): Promise<UploadedChunk[] | null>;
  assembleUpload(p: UploadSessionParams & { overwrite: boolean; mtime?: number }, o: CallOptions): Promise<void>;
  /** Size of the file at path, or null when there is none. */
  sizeAt(p: { user: string; path: string }, o: CallOptions): Promise<number | null>;
}

export interface ChunkedJob {
  user: string;
  uploadId: string;
  targetPath: string;
  size: number;
  chunkSize: number;
  overwrite: boolean;
  sessionCreated: boolean;
  mtimeSeconds?: number;
}

export interface ChunkedCallbacks {
  signal?: AbortSignal;
  /** Bytes the server holds so far. */
  onProgress(bytes: number): void;
  /** The upload folder exists now: persist that, so a reload resumes instead of starting over. */
  onSessionCreated(): void;
  onRetry?: RetryOptions['onRetry'];
  onPhase?(phase: 'checking' | 'uploading' | 'assembling'): void;
  retry?: Omit<RetryOptions, 'signal' | 'onRetry'>;
}

/** The plan's chunks still to send, given what the server reports (null: no upload folder yet). */
export function chunksToSend(plan: PlannedChunk[], uploaded: UploadedChunk[] | null): PlannedChunk[] {
  return uploaded === null ? plan : missingChunks(plan, uploaded);
}

export async function runChunkedUpload(job: ChunkedJob, file: Blob, api: ChunkedUploadApi, cb: ChunkedCallbacks): Promise<void> {
  const { signal } = cb;
  const retry = <T>(task: () => Promise<T>) => withRetry(task, { ...cb.retry, ...(signal ? { signal } : {}), ...(cb.onRetry ? { onRetry: cb.onRetry } : {}) });
  const session: UploadSessionParams = { user: job.user, uploadId: job.uploadId, path: job.targetPath, totalLength: job.size };
  const plan = planChunks(job.size, job.chunkSize);

  cb.onPhase?.('checking');
  let uploaded: UploadedChunk[] | null = null;
  if (job.sessionCreated) uploaded = await retry(() => api.listUploadedChunks(session, { signal }));
  if (uploaded === null) {
    try {
      await retry(() => api.createUploadSession(session, { signal }));
    } catch (error) {
      // 405: it exists already (our MKCOL arrived, its answer did not).
      if (!(isApiError(error) && error.status === 405)) throw error;
      uploaded = await retry(() => api.listUploadedChunks(session, { signal }));
    }
    cb.onSessionCreated();
  }

  const toSend = chunksToSend(plan, uploaded);
  let done = job.size - toSend.reduce((sum, c) => sum + (c.end - c.start), 0);
  cb.onProgress(done);
  cb.onPhase?.('uploading');
  for (const chunk of toSend) {
    const content = file.slice(chunk.start, chunk.end);
    await retry(() => api.putChunk({ ...session, chunk: chunk.name, content }, { signal }));
    done += chunk.end - chunk.start;
    cb.onProgress(done);
  }

  cb.onPhase?.('assembling');
  const assemble = { attempted: false };
  try {
    await retry(() => {
      assemble.attempted = true;
      return api.assembleUpload({ ...session, overwrite: job.overwrite, ...(job.mtimeSeconds === undefined ? {} : { mtime: job.mtimeSeconds }) }, { signal });
    });
  } catch (error) {
    // The MOVE may have been carried out with its answer lost: then the upload folder is gone (404) and the
    // file stands at its destination with the full size.
    if (!(assemble.attempted && isApiError(error) && error.kind === 'not-found')) throw error;
    const size = await retry(() => api.sizeAt({ user: job.user, path: job.targetPath }, { signal }));
    if (size !== job.size) throw error;
  }
}
