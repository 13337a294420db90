import { queryOptions, useQuery } from '@tanstack/react-query';
import { readFile } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';
import { filesKeys } from './query-keys';

/** The content of the previewed file, read once per version (path and etag), dropped when nobody shows it. */
export function filePreviewQueryOptions(user: string, path: string, etag: string | null) {
  return queryOptions({
    queryKey: filesKeys.preview(user, path, etag),
    queryFn: ({ signal }) => readFile({ user, path }, { signal }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function useFilePreviewContent(user: string, entry: FileEntry | undefined) {
  return useQuery({ ...filePreviewQueryOptions(user, entry?.path ?? '/', entry?.etag ?? null), enabled: entry !== undefined });
}
