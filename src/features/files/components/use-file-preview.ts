import { useEffect, useMemo, useRef } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { useFilePreviewContent } from '../api/get-file-preview';
import { viewerUrlFor } from './viewer-dialog';

export interface FilePreview {
  entry: FileEntry;
  blob: Blob;
  /** A blob URL, revoked when the preview ends. */
  url: string;
}

/**
 * Revokes a blob URL once no render uses it any more; checked after the effects ran, so StrictMode's
 * unmount-and-mount of the same URL keeps it.
 */
function useRevokeWhenUnused(url: string | null): void {
  const inUse = useRef<string | null>(null);
  useEffect(() => {
    inUse.current = url;
    return () => {
      inUse.current = null;
      if (url === null) return;
      setTimeout(() => {
        if (inUse.current !== url) URL.revokeObjectURL(url);
      }, 0);
    };
  }, [url]);
}

/** The file the URL previews, with a blob URL for the viewer, or null while it loads. */
export function useFilePreview(user: string, entry: FileEntry | undefined) {
  const content = useFilePreviewContent(user, entry);
  const blob = content.data;
  // The entry object changes with every folder refetch; its path names it.
  const path = entry?.path;
  const preview = useMemo<FilePreview | null>(
    () => (entry === undefined || blob === undefined ? null : { entry, blob, url: viewerUrlFor(entry, blob) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [blob, path],
  );
  useRevokeWhenUnused(preview?.url ?? null);
  return { preview, loading: content.isFetching, error: content.error };
}
