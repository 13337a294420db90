import { create } from 'zustand';

export type UploadStatus =
  | 'queued'
  | 'conflict'
  | 'checking'
  | 'uploading'
  | 'waiting'
  | 'assembling'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'skipped'
  | 'needs-file';

export interface UploadItem {
  id: string;
  user: string;
  folder: string;
  /** The name it will have on the server (may differ from the picked file after "keep both"). */
  name: string;
  size: number;
  uploaded: number;
  status: UploadStatus;
  chunked: boolean;
  /** i18n key of the failure, e.g. errors.insufficient-storage. */
  errorKey: string | null;
}

interface UploadState {
  items: UploadItem[];
  add(items: UploadItem[]): void;
  update(id: string, patch: Partial<UploadItem>): void;
  remove(ids: string[]): void;
}

/** The upload queue as the UI shows it (client state; the server's files live in the query cache). */
export const useUploadStore = create<UploadState>()((set) => ({
  items: [],
  add: (items) => {
    set((s) => ({ items: [...s.items, ...items.filter((i) => !s.items.some((x) => x.id === i.id))] }));
  },
  update: (id, patch) => {
    set((s) => ({ items: s.items.map((i) => (i.id === id ? { ...i, ...patch } : i)) }));
  },
  remove: (ids) => {
    set((s) => ({ items: s.items.filter((i) => !ids.includes(i.id)) }));
  },
}));

export const activeStatuses: ReadonlySet<UploadStatus> = new Set(['queued', 'checking', 'uploading', 'waiting', 'assembling']);

export function totals(items: readonly UploadItem[]): { size: number; uploaded: number; active: number } {
  const counted = items.filter((i) => i.status !== 'cancelled' && i.status !== 'skipped');
  return {
    size: counted.reduce((s, i) => s + i.size, 0),
    uploaded: counted.reduce((s, i) => s + (i.status === 'done' ? i.size : i.uploaded), 0),
    active: items.filter((i) => activeStatuses.has(i.status) || i.status === 'conflict').length,
  };
}
