/**
 * Nextcloud chunked upload v2: MKCOL uploads/{user}/{id} (with Destination), PUT numbered chunks (each at
 * least 5 MiB except the last), PROPFIND the folder to see what arrived, MOVE `.file` onto the destination
 * to assemble. Every request names the destination and the total length so the server can check quota
 * early (507 Insufficient Storage).
 */
import { isApiError } from '../api-error';
import type { CallOptions } from '../client';
import { destinationHeader, filesUrl, uploadsUrl } from './dav-paths';
import { CHUNK_PROPS, davVoid, propfind } from './dav-request';
import { toUploadedChunks, type UploadedChunk } from './multistatus';

export const MIN_CHUNK_BYTES = 5 * 1024 * 1024;
/** Nextcloud allows chunk numbers 1..10000. */
export const MAX_CHUNKS = 10_000;

export interface PlannedChunk {
  /** "00001", "00002", ...: numbered so the server assembles them in order. */
  name: string;
  index: number;
  start: number;
  /** Exclusive. */
  end: number;
}

export function chunkName(index: number): string {
  return String(index + 1).padStart(5, '0');
}

/** Splits `size` bytes into chunks of `chunkSize` (grown if needed to stay within MAX_CHUNKS). */
export function planChunks(size: number, chunkSize: number = MIN_CHUNK_BYTES): PlannedChunk[] {
  if (chunkSize < MIN_CHUNK_BYTES) throw new RangeError(`chunks must be at least ${MIN_CHUNK_BYTES} bytes`);
  const effective = Math.max(chunkSize, Math.ceil(size / MAX_CHUNKS));
  const chunks: PlannedChunk[] = [];
  for (let start = 0, index = 0; start < size; start += effective, index++) {
    chunks.push({ name: chunkName(index), index, start, end: Math.min(size, start + effective) });
  }
  return chunks;
}

/** The planned chunks the server does not hold completely (missing, or a different size: a torn write). */
export function missingChunks(plan: PlannedChunk[], uploaded: UploadedChunk[]): PlannedChunk[] {
  const sizes = new Map(uploaded.map((c) => [c.name, c.size]));
  return plan.filter((c) => sizes.get(c.name) !== c.end - c.start);
}

export interface UploadSessionParams {
  user: string;
  uploadId: string;
  /** Destination path in the user's files. */
  path: string;
  totalLength: number;
}

function sessionHeaders(p: UploadSessionParams): Record<string, string> {
  return { Destination: destinationHeader(filesUrl(p.user, p.path)), 'OC-Total-Length': String(p.totalLength) };
}

export async function createUploadSession(p: UploadSessionParams, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(uploadsUrl(p.user, p.uploadId), { method: 'MKCOL', headers: sessionHeaders(p), signal });
}

export async function putChunk(p: UploadSessionParams & { chunk: string; content: Blob }, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(uploadsUrl(p.user, p.uploadId, p.chunk), {
    method: 'PUT',
    headers: { ...sessionHeaders(p), 'Content-Type': 'application/octet-stream' },
    body: p.content,
    signal,
  });
}

/** The chunks the server holds for an upload, or null when the upload folder is gone (expired or assembled). */
export async function listUploadedChunks(p: { user: string; uploadId: string }, { signal }: CallOptions = {}): Promise<UploadedChunk[] | null> {
  try {
    return toUploadedChunks(await propfind(uploadsUrl(p.user, p.uploadId), CHUNK_PROPS, 1, { signal }));
  } catch (error) {
    if (isApiError(error) && error.kind === 'not-found') return null;
    throw error;
  }
}

export async function assembleUpload(
  p: UploadSessionParams & { overwrite: boolean; mtime?: number },
  { signal }: CallOptions = {},
): Promise<void> {
  const headers: Record<string, string> = { ...sessionHeaders(p), Overwrite: p.overwrite ? 'T' : 'F' };
  if (p.mtime !== undefined) headers['X-OC-Mtime'] = String(Math.floor(p.mtime));
  await davVoid(uploadsUrl(p.user, p.uploadId, '.file'), { method: 'MOVE', headers, signal });
}

export async function cancelUploadSession(p: { user: string; uploadId: string }, { signal }: CallOptions = {}): Promise<void> {
  try {
    await davVoid(uploadsUrl(p.user, p.uploadId), { method: 'DELETE', signal });
  } catch (error) {
    if (isApiError(error) && error.kind === 'not-found') return;
    throw error;
  }
}
