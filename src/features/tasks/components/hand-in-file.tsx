import { useEffect, useState } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { Button } from '../../../components/ui/button';
import { Loading } from '../../../components/ui/query-state';
import { useT } from '../../../i18n/i18n';
import { downloadBlob, downloadHandInFile, useHandInFile } from '../api/read-hand-in-file';

export type PreviewKind = 'image' | 'pdf' | 'text';

/** Larger files are offered for download only (a grading view reads every file it shows). */
const INLINE_LIMIT = 15 * 1024 * 1024;
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/csv', 'application/json']);
const TEXT_EXTENSIONS = /\.(txt|md|markdown|csv|json)$/i;
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Which hand-ins show inline. SVG does not (it could carry script; the relay sandboxes it, but a download is enough). */
export function previewKindOf(entry: Pick<FileEntry, 'name' | 'contentType' | 'size'>): PreviewKind | null {
  if (entry.size > INLINE_LIMIT) return null;
  const type = (entry.contentType ?? '').split(';')[0]?.trim() ?? '';
  if (IMAGE_TYPES.has(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (TEXT_TYPES.has(type) || (type === '' || type === 'application/octet-stream' ? TEXT_EXTENSIONS.test(entry.name) : false)) return 'text';
  return null;
}

/** The blob's text once read (null before, and for another blob). */
export function useBlobText(blob: Blob | null, wanted = true): string | null {
  const [text, setText] = useState<{ blob: Blob; value: string } | null>(null);
  useEffect(() => {
    if (blob === null || !wanted) return;
    let live = true;
    void blob.text().then((value) => {
      if (live) setText({ blob, value });
    });
    return () => {
      live = false;
    };
  }, [blob, wanted]);
  return text !== null && text.blob === blob ? text.value : null;
}

/** One handed-in file in the grading view: an image, PDF or text shown inline, anything else as a download. */
export function HandInFile({ teacherId, entry }: { teacherId: string; entry: FileEntry }) {
  const t = useT();
  const kind = previewKindOf(entry);
  const file = useHandInFile(teacherId, entry, kind !== null);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const text = useBlobText(file.kind === 'ready' ? file.blob : null, kind === 'text');
  const download = () => {
    setDownloadFailed(false);
    if (file.kind === 'ready') downloadBlob(file.blob, entry.name);
    else void downloadHandInFile(teacherId, entry).catch(() => setDownloadFailed(true));
  };

  return (
    <figure className="flex flex-col gap-2 rounded-xl border border-slate-300 p-3 dark:border-slate-700">
      <figcaption className="flex flex-wrap items-center justify-between gap-2 font-medium break-all">
        {entry.name}
        <Button variant="secondary" onClick={download}>
          {t('tasks.grading.download', { name: entry.name })}
        </Button>
      </figcaption>
      {downloadFailed || (kind !== null && file.kind === 'error') ? <p role="alert">{t('tasks.grading.fileError', { name: entry.name })}</p> : null}
      {kind === null ? (
        <p className="text-slate-700 dark:text-slate-300">{t('tasks.grading.noPreview')}</p>
      ) : file.kind === 'error' ? null : file.kind === 'loading' ? (
        <Loading label={t('common.loading')} />
      ) : kind === 'image' ? (
        <img src={file.url} alt={entry.name} className="max-h-[60vh] max-w-full self-start object-contain" />
      ) : kind === 'pdf' ? (
        <iframe src={file.url} title={entry.name} className="h-[60vh] w-full rounded border-0" />
      ) : text === null ? (
        <Loading label={t('common.loading')} />
      ) : (
        // A long text must be scrollable by keyboard.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <pre tabIndex={0} aria-label={entry.name} className="max-h-[50vh] overflow-auto rounded bg-slate-100 p-3 text-sm break-words whitespace-pre-wrap dark:bg-slate-800">
          {text}
        </pre>
      )}
    </figure>
  );
}
