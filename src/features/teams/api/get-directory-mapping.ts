import { queryOptions, useQuery } from '@tanstack/react-query';
import { getDirectoryMapping } from '../../../api/directory/directory-mapping';
import { teamsKeys } from './query-keys';

/** The school's directory mapping (which groups are classes, which make a teacher): once per visit. */
export function directoryMappingQueryOptions() {
  return queryOptions({
    queryKey: teamsKeys.directory,
    queryFn: ({ signal }) => getDirectoryMapping({ signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDirectoryMapping() {
  return useQuery(directoryMappingQueryOptions());
}
