import { useState } from 'react';
import { previewUrl } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';

type IconKind = 'folder' | 'image' | 'pdf' | 'text' | 'audio' | 'video' | 'office' | 'archive' | 'file';

export function iconKind(entry: Pick<FileEntry, 'type' | 'contentType'>): IconKind {
  if (entry.type === 'folder') return 'folder';
  const type = entry.contentType ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/') || type === 'application/json') return 'text';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type.includes('officedocument') || type.includes('opendocument') || type.includes('msword')) return 'office';
  if (type.includes('zip') || type.includes('compressed')) return 'archive';
  return 'file';
}

const colors: Record<IconKind, string> = {
  folder: 'text-blue-700 dark:text-blue-300',
  image: 'text-emerald-700 dark:text-emerald-300',
  pdf: 'text-red-700 dark:text-red-300',
  text: 'text-slate-700 dark:text-slate-300',
  audio: 'text-purple-700 dark:text-purple-300',
  video: 'text-purple-700 dark:text-purple-300',
  office: 'text-sky-700 dark:text-sky-300',
  archive: 'text-amber-700 dark:text-amber-300',
  file: 'text-slate-700 dark:text-slate-300',
};

function Glyph({ kind, size }: { kind: IconKind; size: number }) {
  const common = { width: size, height: size, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, 'aria-hidden': true } as const;
  if (kind === 'folder') {
    return (
      <svg {...common} fill="currentColor" stroke="none">
        <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4.3l2 2h8.7A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <path d="M6 3h8l4 4v14H6z" strokeLinejoin="round" />
      <path d="M14 3v4h4" strokeLinejoin="round" />
      {kind === 'image' && <path d="M8 17l3-3 2 2 3-4" />}
      {kind === 'pdf' && <path d="M9 13h6M9 16h4" />}
      {kind === 'text' && <path d="M9 11h6M9 14h6M9 17h4" />}
      {(kind === 'audio' || kind === 'video') && <path d="M10 12v5l4-2.5z" />}
      {kind === 'office' && <path d="M9 12h6v5H9z" />}
      {kind === 'archive' && <path d="M12 9v2M12 13v2M12 17v1" />}
    </svg>
  );
}

/** Nextcloud's preview when it has one (relayed by the gateway), otherwise an icon for the type. */
export function EntryIcon({ entry, size }: { entry: FileEntry; size: number }) {
  const [failed, setFailed] = useState(false);
  const kind = iconKind(entry);
  if (entry.hasPreview && entry.fileId !== null && !failed) {
    const pixels = Math.round(size * 2);
    return (
      <img
        src={previewUrl(entry.fileId, pixels, entry.etag)}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        decoding="async"
        onError={() => {
          setFailed(true);
        }}
        className="shrink-0 rounded object-cover"
        style={{ width: size, height: size }}
      />
    );
  }
  return (
    <span className={`inline-flex shrink-0 items-center justify-center ${colors[kind]}`} style={{ width: size, height: size }}>
      <Glyph kind={kind} size={size} />
    </span>
  );
}
