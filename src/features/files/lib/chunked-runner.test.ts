import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error';
import type { UploadSessionParams } from '../../../api/dav/chunked-upload';
import { runChunkedUpload, type ChunkedJob, type ChunkedUploadApi } from './chunked-runner';

const MiB = 1024 * 1024;

/** A server that keeps chunks per upload folder and can drop the connection on the n-th PUT. */
function fakeServer() {
  const sessions = new Map<string, Map<string, Blob>>();
  const files = new Map<string, Blob>();
  const puts: string[] = [];
  let failPutAt: number | null = null;
  const api: ChunkedUploadApi = {
    createUploadSession: (p) => {
      if (sessions.has(p.uploadId)) return Promise.reject(new ApiError({ kind: 'bad-request', status: 405 }));
      sessions.set(p.uploadId, new Map());
      return Promise.resolve();
    },
    putChunk: (p) => {
      if (failPutAt !== null && puts.length + 1 === failPutAt) {
        failPutAt = null;
        return Promise.reject(new ApiError({ kind: 'network', status: null }));
      }
      puts.push(p.chunk);
      sessions.get(p.uploadId)?.set(p.chunk, p.content);
      return Promise.resolve();
    },
    listUploadedChunks: (p) => {
      const s = sessions.get(p.uploadId);
      return Promise.resolve(s === undefined ? null : [...s].map(([name, blob]) => ({ name, size: blob.size })));
    },
    assembleUpload: (p: UploadSessionParams) => {
      const s = sessions.get(p.uploadId);
      if (s === undefined) return Promise.reject(new ApiError({ kind: 'not-found', status: 404 }));
      const parts = [...s.keys()].sort().map((k) => s.get(k) as Blob);
      const blob = new Blob(parts);
      if (blob.size !== p.totalLength) return Promise.reject(new ApiError({ kind: 'bad-request', status: 400 }));
      files.set(p.path, blob);
      sessions.delete(p.uploadId);
      return Promise.resolve();
    },
    sizeAt: (p) => Promise.resolve(files.get(p.path)?.size ?? null),
  };
  return { api, puts, files, sessions, failOnPut: (n: number) => { failPutAt = n; } };
}

/** jsdom's Blob has no arrayBuffer(): read it the old way. */
function readAll(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => { resolve(new Uint8Array(reader.result as ArrayBuffer)); };
    reader.onerror = () => { reject(reader.error ?? new Error('read failed')); };
    reader.readAsArrayBuffer(blob);
  });
}

function bytes(size: number): Blob {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31) % 251;
  return new Blob([data]);
}

const job: ChunkedJob = { user: 'schmidt', uploadId: 'web-upload-1', targetPath: '/Klasse 7a/video.bin', size: 22 * MiB, chunkSize: 5 * MiB, overwrite: false, sessionCreated: false };
const noWait = { retry: { maxAttempts: 1, wait: () => Promise.resolve() } };

describe('chunked upload with resume', () => {
  it('sends numbered chunks and assembles the exact bytes', async () => {
    const server = fakeServer();
    const file = bytes(job.size);
    const progress: number[] = [];
    await runChunkedUpload(job, file, server.api, { onProgress: (b) => progress.push(b), onSessionCreated: () => undefined, ...noWait });
    expect(server.puts).toEqual(['00001', '00002', '00003', '00004', '00005']);
    expect(progress.at(-1)).toBe(job.size);
    const stored = server.files.get(job.targetPath) as Blob;
    expect(stored.size).toBe(job.size);
    // Spot-check the bytes at every chunk boundary (jsdom reads large blobs very slowly).
    for (const at of [0, 5 * MiB - 8, 5 * MiB, 10 * MiB, 20 * MiB, job.size - 16]) {
      expect(await readAll(stored.slice(at, at + 16))).toEqual(await readAll(file.slice(at, at + 16)));
    }
  });

  it('after a drop, resumes by asking the server and sends only the missing chunks', async () => {
    const server = fakeServer();
    const file = bytes(job.size);
    let sessionCreated = false;
    server.failOnPut(3);
    await expect(
      runChunkedUpload(job, file, server.api, { onProgress: () => undefined, onSessionCreated: () => { sessionCreated = true; }, ...noWait }),
    ).rejects.toMatchObject({ kind: 'network' });
    expect(server.puts).toEqual(['00001', '00002']);
    expect(sessionCreated).toBe(true);

    const progress: number[] = [];
    await runChunkedUpload({ ...job, sessionCreated }, file, server.api, { onProgress: (b) => progress.push(b), onSessionCreated: () => undefined, ...noWait });
    expect(server.puts).toEqual(['00001', '00002', '00003', '00004', '00005']);
    // Progress starts from what the server already had.
    expect(progress[0]).toBe(10 * MiB);
    expect(server.files.get(job.targetPath)?.size).toBe(job.size);
  });

  it('starts over when the server lost the upload folder', async () => {
    const server = fakeServer();
    await runChunkedUpload({ ...job, sessionCreated: true }, bytes(job.size), server.api, { onProgress: () => undefined, onSessionCreated: () => undefined, ...noWait });
    expect(server.puts).toHaveLength(5);
  });

  it('retries a chunk the gateway bounced after a token refresh', async () => {
    const server = fakeServer();
    const original = server.api.putChunk.bind(server.api);
    let bounced = false;
    server.api.putChunk = (p, o) => {
      if (!bounced && p.chunk === '00002') {
        bounced = true;
        return Promise.reject(new ApiError({ kind: 'unavailable', status: 503, retryAfterMs: 0 }));
      }
      return original(p, o);
    };
    const waits: number[] = [];
    await runChunkedUpload(job, bytes(job.size), server.api, {
      onProgress: () => undefined,
      onSessionCreated: () => undefined,
      retry: { wait: (ms) => { waits.push(ms); return Promise.resolve(); } },
    });
    expect(waits).toEqual([0]);
    expect(server.puts).toEqual(['00001', '00002', '00003', '00004', '00005']);
  });
});
