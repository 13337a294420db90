import { queryOptions, useQuery } from '@tanstack/react-query';
import { normalizePath } from '../../../api/dav/dav-paths';
import { listFolder } from '../../../api/dav/files';
import { filesKeys } from './query-keys';

/** One PROPFIND (Depth 1) per folder view. */
export function folderQueryOptions(user: string, path: string) {
  const normal = normalizePath(path);
  return queryOptions({
    queryKey: filesKeys.folder(user, normal),
    queryFn: ({ signal }) => listFolder({ user, path: normal }, { signal }),
    staleTime: 15_000,
  });
}

export function useFolder(user: string, path: string, enabled = true) {
  return useQuery({ ...folderQueryOptions(user, path), enabled });
}
