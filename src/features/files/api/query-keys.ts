/** Query keys of the files feature. */
export const filesKeys = {
  all: ['files'] as const,
  user: (user: string) => [...filesKeys.all, user] as const,
  folder: (user: string, path: string) => [...filesKeys.user(user), 'folder', path] as const,
  trash: (user: string) => [...filesKeys.user(user), 'trash'] as const,
  /** A file's content for the preview: outside ['files'], so the offline copy never keeps blobs. */
  preview: (user: string, path: string, etag: string | null) => ['files-preview', user, path, etag] as const,
};
