import { useId, useRef } from 'react';
import { Button, buttonClasses } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import type { SortKey } from '../lib/sort-entries';
import { useFilesViewStore } from '../stores/view-store';

const SORT_KEYS: SortKey[] = ['name', 'modified', 'size'];
const SORT_DIRECTIONS = ['asc', 'desc'] as const;
const VIEW_MODES = ['list', 'grid'] as const;

export interface FilesToolbarProps {
  canUpload: boolean;
  canCreateFolder: boolean;
  filter: string;
  onFilter: (filter: string) => void;
  onUpload: (files: readonly File[]) => void;
  onNewFolder: () => void;
}

/** Upload, new folder, filter, sort and list/grid above the file list. */
export function FilesToolbar({ canUpload, canCreateFolder, filter, onFilter, onUpload, onNewFolder }: FilesToolbarProps) {
  const t = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const filterId = useId();
  return (
    <div className="flex flex-wrap items-end gap-2">
      {canUpload && (
        <>
          <Button onClick={() => fileInput.current?.click()}>{t('files.toolbar.upload')}</Button>
          <input
            ref={fileInput}
            type="file"
            multiple
            className="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            data-testid="files-upload-input"
            onChange={(event) => {
              onUpload(Array.from(event.currentTarget.files ?? []));
              event.currentTarget.value = '';
            }}
          />
        </>
      )}
      {canCreateFolder && (
        <Button variant="secondary" onClick={onNewFolder}>
          {t('files.toolbar.newFolder')}
        </Button>
      )}
      <div className="flex min-w-0 flex-col">
        <label htmlFor={filterId} className="text-sm font-medium">
          {t('files.toolbar.filter')}
        </label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(e) => { onFilter(e.currentTarget.value); }}
          className="min-h-11 w-full min-w-0 rounded-lg border border-slate-500 bg-white px-3 dark:bg-slate-950"
        />
      </div>
      <SortSelect />
      <ViewModeSwitch />
    </div>
  );
}

function SortSelect() {
  const t = useT();
  const sortId = useId();
  const { sortKey, sortDirection, sortBy } = useFilesViewStore();
  return (
    // min-w-0 + w-full: a long option label (other languages) must not widen the page beyond a phone.
    <div className="flex min-w-0 max-w-full flex-col">
      <label htmlFor={sortId} className="text-sm font-medium">
        {t('files.toolbar.sort')}
      </label>
      <select
        id={sortId}
        value={`${sortKey}:${sortDirection}`}
        onChange={(e) => {
          const [key, direction] = e.currentTarget.value.split(':') as [SortKey, string];
          if (key !== sortKey) sortBy(key);
          const state = useFilesViewStore.getState();
          if (state.sortDirection !== direction) state.sortBy(key);
        }}
        className="min-h-11 w-full max-w-full min-w-0 rounded-lg border border-slate-500 bg-white px-3 dark:bg-slate-950"
      >
        {SORT_KEYS.flatMap((k) =>
          SORT_DIRECTIONS.map((d) => (
            <option key={`${k}:${d}`} value={`${k}:${d}`}>
              {t(`files.sort.${k}-${d}`)}
            </option>
          )),
        )}
      </select>
    </div>
  );
}

function ViewModeSwitch() {
  const t = useT();
  const { mode, setMode } = useFilesViewStore();
  return (
    <div role="group" aria-label={t('files.toolbar.view')} className="ml-auto flex gap-1">
      {VIEW_MODES.map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => { setMode(m); }}
          className={buttonClasses(mode === m ? 'primary' : 'secondary')}
        >
          {t(`files.toolbar.${m}`)}
        </button>
      ))}
    </div>
  );
}
