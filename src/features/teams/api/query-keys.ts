/** Query keys of the teams feature (class list, per-class details). */
export const teamsKeys = {
  all: ['teams'] as const,
  classes: (userId: string) => [...teamsKeys.all, 'classes', userId] as const,
  nextDueTask: (boardId: number) => [...teamsKeys.all, 'next-due-task', boardId] as const,
  members: (roomToken: string) => [...teamsKeys.all, 'members', roomToken] as const,
  classGroupSearch: (search: string) => [...teamsKeys.all, 'class-group-search', search] as const,
  /** Not under `all`: the mapping is the installation's, it does not change when a class is set up. */
  directory: ['directory-mapping'] as const,
};
