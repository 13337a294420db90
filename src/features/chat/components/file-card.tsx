import { Link } from 'react-router';
import type { RichObject } from '../../../api/talk/chat-messages';
import { formatBytes } from '../../../i18n/format-bytes';
import { useLanguage, useT } from '../../../i18n/i18n';
import { stripBidiControls } from '../lib/bidi';
import { fileKindOf, sharedFileOf, useFileLinkFor, type FileKind } from '../lib/file-links';

const colors: Record<FileKind, string> = {
  pdf: 'text-red-700 dark:text-red-300',
  image: 'text-emerald-700 dark:text-emerald-300',
  text: 'text-slate-700 dark:text-slate-300',
  audio: 'text-purple-700 dark:text-purple-300',
  video: 'text-purple-700 dark:text-purple-300',
  document: 'text-sky-700 dark:text-sky-300',
  folder: 'text-blue-700 dark:text-blue-300',
  other: 'text-slate-700 dark:text-slate-300',
};

function FileGlyph({ kind }: { kind: FileKind }) {
  return (
    <svg width={28} height={28} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} aria-hidden="true" className={`shrink-0 ${colors[kind]}`}>
      {kind === 'folder' ? (
        <path d="M3 6.5A1.5 1.5 0 0 1 4.5 5h4.3l2 2h8.7A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z" />
      ) : (
        <>
          <path d="M6 3h8l4 4v14H6z" />
          <path d="M14 3v4h4" />
        </>
      )}
    </svg>
  );
}

/**
 * A file shared into the chat (Talk's `{file}` parameter) as a card: icon, name, kind and size. It opens the
 * file inside Klassenraum (in its folder, with the preview) where the route around the chat says how; it
 * never sends the reader to Nextcloud's own pages.
 */
export function FileCard({ file: parameter }: { file: RichObject }) {
  const t = useT();
  const language = useLanguage();
  const linkFor = useFileLinkFor();
  const file = sharedFileOf(parameter);
  const kind = fileKindOf(file.mimetype);
  const name = stripBidiControls(file.name);
  const href = linkFor(file);
  const preview =
    parameter['preview-available'] === 'yes' && kind === 'image' ? `/index.php/core/preview?fileId=${encodeURIComponent(file.id)}&x=320&y=240&a=1` : null;
  const details = [t(`chat.file.kinds.${kind}`), file.size === null ? null : formatBytes(file.size, language)].filter((d) => d !== null).join(' · ');
  const body = (
    <>
      <span className="flex items-center gap-3">
        <FileGlyph kind={kind} />
        <span className="flex min-w-0 flex-col">
          <bdi className="font-medium [overflow-wrap:anywhere]">{name}</bdi>
          <span className="text-sm text-slate-700 dark:text-slate-300">{details}</span>
        </span>
      </span>
      {preview !== null && <img src={preview} alt={t('chat.file.preview', { name })} className="max-h-60 max-w-full rounded" loading="lazy" />}
    </>
  );
  const box = 'my-1 inline-flex max-w-full flex-col gap-2 rounded-lg border border-slate-300 bg-white p-3 dark:border-slate-600 dark:bg-slate-900';
  if (href === null) return <span className={box}>{body}</span>;
  return (
    <Link to={href} className={`${box} min-h-11 hover:border-blue-700 hover:bg-slate-50 dark:hover:border-blue-300 dark:hover:bg-slate-800`}>
      {body}
    </Link>
  );
}
