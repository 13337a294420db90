import { useEffect, useState } from 'react';
import { readFile } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';

export type FileBlobState = { kind: 'loading' } | { kind: 'error' } | { kind: 'ready'; blob: Blob; url: string };

type Readable = Pick<FileEntry, 'path' | 'etag' | 'contentType'>;

/** A blob typed as the file says (a PDF blob must say it is one for the browser's viewer to take it). */
function typed(blob: Blob, contentType: string | null): Blob {
  return blob.type === '' && contentType ? new Blob([blob], { type: contentType }) : blob;
}

/**
 * A hand-in file's content as the teacher reads it (WebDAV through the gateway) for the grading view, with an
 * object URL for an <img> or <iframe> that is revoked when the file is no longer shown. Not a React Query entry:
 * the tasks queries are kept offline as JSON, a Blob is not (the files feature reads its previews the same way).
 * Another entry (another student, a changed etag) reads again; leaving aborts.
 */
export function useHandInFile(teacherId: string, entry: Readable, enabled = true): FileBlobState {
  const [state, setState] = useState<{ key: string; value: FileBlobState }>({ key: '', value: { kind: 'loading' } });
  const key = `${entry.path}\n${entry.etag ?? ''}`;
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let url: string | null = null;
    readFile({ user: teacherId, path: entry.path }, { signal: controller.signal }).then(
      (blob) => {
        if (controller.signal.aborted) return;
        const file = typed(blob, entry.contentType);
        url = URL.createObjectURL(file);
        setState({ key, value: { kind: 'ready', blob: file, url } });
      },
      () => {
        if (!controller.signal.aborted) setState({ key, value: { kind: 'error' } });
      },
    );
    return () => {
      controller.abort();
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [teacherId, entry.path, entry.contentType, key, enabled]);
  return state.key === key ? state.value : { kind: 'loading' };
}

/** Saves a blob under its name through a temporary object URL. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads a hand-in file and saves it (for files without a preview, which are not read before). */
export async function downloadHandInFile(teacherId: string, entry: Readable & Pick<FileEntry, 'name'>): Promise<void> {
  downloadBlob(typed(await readFile({ user: teacherId, path: entry.path }), entry.contentType), entry.name);
}
