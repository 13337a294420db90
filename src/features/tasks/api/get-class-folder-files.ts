import { queryOptions, useQuery } from '@tanstack/react-query';
import { listFolder } from '../../../api/dav/files';
import { tasksKeys } from './query-keys';

/** The files directly in the class folder (one PROPFIND), to pick an assignment's material from. */
export function classFolderFilesQueryOptions(userId: string, path: string) {
  return queryOptions({
    queryKey: tasksKeys.folder(userId, path),
    queryFn: async ({ signal }) => (await listFolder({ user: userId, path }, { signal })).children.filter((e) => e.type === 'file'),
    staleTime: 30_000,
  });
}

export function useClassFolderFiles(userId: string, path: string | null) {
  return useQuery({ ...classFolderFilesQueryOptions(userId, path ?? ''), enabled: path !== null });
}
