/** A file or folder in a user's storage; `path` is relative to the user's root ('' = root). */
export interface FileNode {
  id: number;
  owner: string;
  path: string;
  type: 'dir' | 'file';
  /** Unix seconds. */
  mtime: number;
  etag: string;
  mime: string;
  /** base64 content of files; null for folders. */
  content: string | null;
  size: number;
}

export interface TrashNode extends FileNode {
  /** `{name}.d{deletedAt}` as Nextcloud names trashed items. */
  trashName: string;
  deletedAt: number;
  originalLocation: string;
  /** The trashed folder's content (paths as they were). */
  contents: FileNode[];
}

/** A chunked upload v2 in progress (uploads/{user}/{id}). */
export interface UploadSession {
  owner: string;
  id: string;
  destination: string | null;
  mtime: number;
  chunks: Record<string, { content: string; size: number; etag: string; mtime: number }>;
}

/** Files, trash, uploads, favourites and quotas in the state file. */
export interface FilesState {
  files: FileNode[];
  trash: TrashNode[];
  uploads: UploadSession[];
  /** Owners whose demo files were created. */
  seededFiles: string[];
  /** Favourite file ids per user (Nextcloud keeps them as a per-user tag). */
  favorites: Record<string, number[]>;
  /** Quota per user set at runtime (bytes; null = unlimited); users without an entry have the seed's default (dav/quota.ts). */
  quotas: Record<string, number | null>;
}

export function emptyFilesState(): FilesState {
  return { files: [], trash: [], uploads: [], seededFiles: [], favorites: {}, quotas: {} };
}
