/** Mutations on entries. Each refreshes the folders it touched; none keeps server data outside the query cache. */
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { joinPath, parentOf } from '../../../api/dav/dav-paths';
import { copyEntry, createFolder, deleteEntry, moveEntry, readFile, setFavorite } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';
import { findTrashedEntry, listTrash, restoreFromTrash } from '../../../api/dav/trash';
import { filesKeys } from './query-keys';

function refresh(queryClient: QueryClient, user: string, ...folders: string[]) {
  return Promise.all(folders.map((f) => queryClient.invalidateQueries({ queryKey: filesKeys.folder(user, f) })));
}

export function useCreateFolder(user: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ folder, name }: { folder: string; name: string }) => createFolder({ user, path: joinPath(folder, name) }),
    onSettled: (_d, _e, { folder }) => refresh(queryClient, user, folder),
  });
}

export function useRenameEntry(user: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, name }: { entry: FileEntry; name: string }) => moveEntry({ user, from: entry.path, to: joinPath(parentOf(entry.path), name) }),
    onSettled: (_d, _e, { entry }) => refresh(queryClient, user, parentOf(entry.path)),
  });
}

export function useMoveOrCopyEntry(user: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, target, mode }: { entry: FileEntry; target: string; mode: 'move' | 'copy' }) => {
      const params = { user, from: entry.path, to: joinPath(target, entry.name) };
      return mode === 'move' ? moveEntry(params) : copyEntry(params);
    },
    onSettled: (_d, _e, { entry, target }) => refresh(queryClient, user, parentOf(entry.path), target),
  });
}

export function useDeleteEntry(user: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entry }: { entry: FileEntry }) => deleteEntry({ user, path: entry.path }),
    onSettled: (_d, _e, { entry }) => refresh(queryClient, user, parentOf(entry.path)),
  });
}

/** Undo of a delete: find the entry in the trash bin (newest from that path) and MOVE it to restore/. */
export function useRestoreEntry(user: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ entry }: { entry: FileEntry }) => {
      const trashed = findTrashedEntry(await listTrash({ user }), entry.path);
      if (trashed === null) throw new Error('deleted entry not found in the trash bin');
      await restoreFromTrash({ user, trashName: trashed.trashName });
    },
    onSettled: (_d, _e, { entry }) => refresh(queryClient, user, parentOf(entry.path)),
  });
}

export function useSetFavorite(user: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, favorite }: { entry: FileEntry; favorite: boolean }) => setFavorite({ user, path: entry.path, favorite }),
    onSettled: (_d, _e, { entry }) => refresh(queryClient, user, parentOf(entry.path)),
  });
}

/** The content for the inline viewer or a download (never a navigation to a DAV URL). */
export function useReadFile(user: string) {
  return useMutation({
    mutationFn: ({ entry, signal }: { entry: FileEntry; signal?: AbortSignal }) => readFile({ user, path: entry.path }, { signal }),
  });
}
