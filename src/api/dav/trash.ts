/** The trash bin: deleted entries and restoring them (MOVE to restore/). */
import type { CallOptions } from '../client';
import { destinationHeader, restoreUrl, trashUrl } from './dav-paths';
import { davVoid, propfind, TRASH_PROPS } from './dav-request';
import { toTrashEntries, type TrashEntry } from './multistatus';

export async function listTrash({ user }: { user: string }, { signal }: CallOptions = {}): Promise<TrashEntry[]> {
  return toTrashEntries(await propfind(trashUrl(user), TRASH_PROPS, 1, { signal }));
}

export async function restoreFromTrash({ user, trashName }: { user: string; trashName: string }, { signal }: CallOptions = {}): Promise<void> {
  await davVoid(trashUrl(user, trashName), {
    method: 'MOVE',
    headers: { Destination: destinationHeader(restoreUrl(user, trashName)) },
    signal,
  });
}

/** The trash item a delete of `path` just created: the newest one that came from there. */
export function findTrashedEntry(entries: TrashEntry[], path: string): TrashEntry | null {
  let best: TrashEntry | null = null;
  for (const e of entries) {
    if (e.originalPath !== path) continue;
    if (best === null || e.deletedAt > best.deletedAt) best = e;
  }
  return best;
}
