import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { SortDirection, SortKey } from '../lib/sort-entries';

export type ViewMode = 'list' | 'grid';

interface FilesViewState {
  mode: ViewMode;
  sortKey: SortKey;
  sortDirection: SortDirection;
  setMode: (mode: ViewMode) => void;
  /** Same key again flips the direction. */
  sortBy: (key: SortKey) => void;
}

/** How the user likes to see files (client state only, remembered across visits). */
export const useFilesViewStore = create<FilesViewState>()(
  persist(
    (set) => ({
      mode: 'list',
      sortKey: 'name',
      sortDirection: 'asc',
      setMode: (mode) => {
        set({ mode });
      },
      sortBy: (key) => {
        set((s) => (s.sortKey === key ? { sortDirection: s.sortDirection === 'asc' ? 'desc' : 'asc' } : { sortKey: key, sortDirection: key === 'name' ? 'asc' : 'desc' }));
      },
    }),
    { name: 'klassenraum.files-view', partialize: (s) => ({ mode: s.mode, sortKey: s.sortKey, sortDirection: s.sortDirection }) },
  ),
);
