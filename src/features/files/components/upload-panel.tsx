import { useId } from 'react';
import { useLanguage, useT } from '../../../i18n/i18n';
import { formatBytes } from '../../../i18n/format-bytes';
import { cancelUpload, clearFinished, provideFile, retryUpload } from '../lib/upload-manager';
import { activeStatuses, totals, useUploadStore, type UploadItem } from '../stores/upload-store';

const smallButton =
  'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700 dark:hover:bg-slate-800';

function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max === 0 ? 100 : Math.round((value / max) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
    >
      <div className="h-full rounded-full bg-blue-700 transition-[width] motion-reduce:transition-none dark:bg-blue-300" style={{ width: `${percent}%` }} />
    </div>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const t = useT();
  const language = useLanguage();
  const pickId = useId();
  const active = activeStatuses.has(item.status);
  return (
    <li className="flex flex-col gap-1 py-2" data-testid="upload-item">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-medium">{item.name}</span>
        <span className="text-sm text-slate-700 dark:text-slate-300">
          {t(`files.upload.status.${item.status}`)}
          {item.status === 'uploading' || item.status === 'waiting' ? ` · ${formatBytes(item.uploaded, language)} / ${formatBytes(item.size, language)}` : ''}
        </span>
        {(active || item.status === 'failed' || item.status === 'needs-file') && (
          <button
            type="button"
            className={smallButton}
            onClick={() => {
              cancelUpload(item.id);
            }}
          >
            {t('files.upload.cancel')}
            <span className="sr-only"> {item.name}</span>
          </button>
        )}
        {item.status === 'failed' && (
          <button
            type="button"
            className={smallButton}
            onClick={() => {
              retryUpload(item.id);
            }}
          >
            {t('common.retry')}
            <span className="sr-only"> {item.name}</span>
          </button>
        )}
        {item.status === 'needs-file' && (
          <label htmlFor={pickId} className={`${smallButton} cursor-pointer border border-slate-400`}>
            {t('files.upload.pickAgain')}
            <input
              id={pickId}
              type="file"
              className="sr-only"
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                if (file) provideFile(item.id, file);
              }}
            />
          </label>
        )}
      </div>
      {item.errorKey !== null && <p className="text-sm text-red-800 dark:text-red-200">{t(item.errorKey as 'errors.unknown')}</p>}
      {item.status !== 'cancelled' && item.status !== 'skipped' && (
        <Progress value={item.status === 'done' ? item.size : item.uploaded} max={item.size} label={t('files.upload.progressOf', { name: item.name })} />
      )}
    </li>
  );
}

/** The upload queue with per-file and total progress; uploads keep running while this is not shown. */
export function UploadPanel({ user }: { user: string }) {
  const t = useT();
  const language = useLanguage();
  const headingId = useId();
  const items = useUploadStore((s) => s.items).filter((i) => i.user === user);
  if (items.length === 0) return null;
  const sum = totals(items);
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 rounded-xl border border-slate-200 p-4 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="flex-1 text-lg font-semibold">
          {t('files.upload.heading', { count: sum.active })}
        </h3>
        <button type="button" className={smallButton} onClick={clearFinished}>
          {t('files.upload.clearFinished')}
        </button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {t('files.upload.total', { done: formatBytes(sum.uploaded, language), total: formatBytes(sum.size, language) })}
      </p>
      <Progress value={sum.uploaded} max={sum.size} label={t('files.upload.totalProgress')} />
      <ul className="divide-y divide-slate-200 dark:divide-slate-700">
        {items.map((item) => (
          <UploadRow key={item.id} item={item} />
        ))}
      </ul>
    </section>
  );
}
