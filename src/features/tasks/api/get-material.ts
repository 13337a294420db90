import { queryOptions, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { listFolder } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';
import type { CallOptions } from '../../../api/call-options';
import { tasksKeys } from './query-keys';

/** The files in an assignment's material folder (one PROPFIND); none when the folder does not exist. */
export async function getMaterial({ userId, path }: { userId: string; path: string }, { signal }: CallOptions = {}): Promise<FileEntry[]> {
  try {
    const listing = await listFolder({ user: userId, path }, { signal });
    return listing.children.filter((e) => e.type === 'file').sort((a, b) => a.name.localeCompare(b.name, 'de'));
  } catch (error) {
    if (isApiError(error) && error.kind === 'not-found') return [];
    throw error;
  }
}

export function materialQueryOptions(userId: string, path: string) {
  return queryOptions({
    queryKey: [...tasksKeys.folder(userId, path), 'material'] as const,
    queryFn: ({ signal }) => getMaterial({ userId, path }, { signal }),
    staleTime: 30_000,
  });
}

export function useMaterial(userId: string, path: string | null) {
  return useQuery({ ...materialQueryOptions(userId, path ?? ''), enabled: path !== null });
}
