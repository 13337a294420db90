import { queryOptions, useQuery } from '@tanstack/react-query';
import { searchShareeGroups } from '../../../api/sharing/sharees';
import { classGroupOf, type ClassGroup, type DirectoryMapping } from '../lib/class-space';
import { teamsKeys } from './query-keys';

/**
 * The class groups a teacher may share with, found through Nextcloud's sharee search (the only group list an
 * ordinary account may read), reduced to the groups the directory mapping calls classes.
 */
export function classGroupSearchQueryOptions(mapping: DirectoryMapping, search: string) {
  return queryOptions({
    queryKey: teamsKeys.classGroupSearch(search),
    queryFn: async ({ signal }): Promise<ClassGroup[]> => {
      const groups = await searchShareeGroups({ search }, { signal });
      return groups
        .map((g) => classGroupOf(mapping, g.groupId))
        .filter((g): g is ClassGroup => g !== null)
        .sort((a, b) => a.classId.localeCompare(b.classId, 'de', { numeric: true }));
    },
    staleTime: 30_000,
  });
}

export function useClassGroupSearch(mapping: DirectoryMapping | undefined, search: string) {
  return useQuery({
    ...classGroupSearchQueryOptions(mapping ?? { preset: '', classGroup: '', className: '', teacherGroups: [], studentGroups: [] }, search),
    enabled: mapping !== undefined && search !== '',
  });
}
