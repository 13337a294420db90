import { createContext, useContext } from 'react';
import type { RichObject } from '../../../api/talk/chat-messages';

/** A file Talk shared into a conversation, as its `{file}` message parameter describes it for this viewer. */
export interface SharedFile {
  id: string;
  name: string;
  /** Where the viewer has the file, relative to her files ("Klasse 7a/Woche 1/Blatt.pdf"); null if unknown. */
  path: string | null;
  mimetype: string | null;
  size: number | null;
}

/**
 * The in-app address that shows a shared file (its folder, with the preview open), or null when there is
 * none. The chat cannot know the files' routes; the route around the chat gives this (src/app/routes).
 */
export type FileLinkFor = (file: SharedFile) => string | null;

export const FileLinkContext = createContext<FileLinkFor>(() => null);

export function useFileLinkFor(): FileLinkFor {
  return useContext(FileLinkContext);
}

export function sharedFileOf(parameter: RichObject): SharedFile {
  const size = parameter.size === undefined ? Number.NaN : Number(parameter.size);
  return {
    id: parameter.id,
    name: parameter.name,
    path: parameter.path === undefined || parameter.path === '' ? null : parameter.path,
    mimetype: parameter.mimetype ?? null,
    size: Number.isFinite(size) ? size : null,
  };
}

export type FileKind = 'pdf' | 'image' | 'text' | 'audio' | 'video' | 'document' | 'folder' | 'other';

export function fileKindOf(mimetype: string | null): FileKind {
  const type = mimetype ?? '';
  if (type === 'httpd/unix-directory') return 'folder';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('text/') || type === 'application/json') return 'text';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type.includes('officedocument') || type.includes('opendocument') || type.includes('msword')) return 'document';
  return 'other';
}
