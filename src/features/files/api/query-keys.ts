/** Query keys of the files feature. */
export const filesKeys = {
  all: ['files'] as const,
  user: (user: string) => [...filesKeys.all, user] as const,
  folder: (user: string, path: string) => [...filesKeys.user(user), 'folder', path] as const,
  trash: (user: string) => [...filesKeys.user(user), 'trash'] as const,
};
