import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import { normalizePath, parentOf } from '../../../api/dav/dav-paths';
import type { FileEntry } from '../../../api/dav/multistatus';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { useLanguage, useT } from '../../../i18n/i18n';
import {
  useCreateFolder,
  useDeleteEntry,
  useMoveOrCopyEntry,
  useReadFile,
  useRenameEntry,
  useRestoreEntry,
  useSetFavorite,
} from '../api/file-actions';
import { useFolder } from '../api/get-folder';
import { filesKeys } from '../api/query-keys';
import { filterEntries, sortEntries, type SortKey } from '../lib/sort-entries';
import { enqueueUploads, onUploaded, restoreUploads } from '../lib/upload-manager';
import { useUploadStore } from '../stores/upload-store';
import { useFilesViewStore } from '../stores/view-store';
import { Breadcrumbs } from './breadcrumbs';
import { ConflictDialog } from './conflict-dialog';
import { allowedActions, type EntryAction } from './entry-menu';
import { FileList } from './file-list';
import { FolderPickerDialog } from './folder-picker-dialog';
import { NameDialog } from './name-dialog';
import { UploadPanel } from './upload-panel';
import { downloadBlob, viewerKindOf, ViewerDialog, viewerUrlFor } from './viewer-dialog';
import { Loading, RetryAlert } from '../../../components/ui/query-state';

export interface FilesPanelProps {
  /** The Nextcloud user whose files these are (the signed-in user). */
  user: string;
  /** Folder the panel starts in and cannot leave upwards, e.g. "/" or "/Klasse 7a". */
  rootPath: string;
  /** Shown as the first breadcrumb, e.g. "Meine Dateien" or the class name. */
  rootLabel: string;
  /** Offered in a file's menu when given (the class route shares the file into the class chat). */
  onShareToChat?: (entry: FileEntry) => Promise<void>;
}

const SORT_KEYS: SortKey[] = ['name', 'modified', 'size'];
const SORT_DIRECTIONS = ['asc', 'desc'] as const;
const VIEW_MODES = ['list', 'grid'] as const;

type Dialog =
  | { kind: 'new-folder' }
  | { kind: 'rename'; entry: FileEntry }
  | { kind: 'move' | 'copy'; entry: FileEntry }
  | { kind: 'view'; entry: FileEntry; blob: Blob; url: string };

interface Notice {
  tone: 'info' | 'error';
  text: string;
  undo?: FileEntry;
}

/** Browse, open, upload and organise the files below `rootPath`. */
export function FilesPanel({ user, rootPath, rootLabel, onShareToChat }: FilesPanelProps) {
  const t = useT();
  const language = useLanguage();
  const queryClient = useQueryClient();
  const root = normalizePath(rootPath);
  const [path, setPath] = useState(root);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [dragging, setDragging] = useState(false);
  const [focusList, setFocusList] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const filterId = useId();
  const sortId = useId();
  const headingId = useId();
  const { mode, sortKey, sortDirection, setMode, sortBy } = useFilesViewStore();
  const folder = useFolder(user, path);
  const conflicts = useUploadStore((s) => s.items).filter((i) => i.user === user && i.status === 'conflict');

  const createFolder = useCreateFolder(user);
  const rename = useRenameEntry(user);
  const transfer = useMoveOrCopyEntry(user);
  const remove = useDeleteEntry(user);
  const restore = useRestoreEntry(user);
  const favorite = useSetFavorite(user);
  const read = useReadFile(user);

  useEffect(() => {
    void restoreUploads(user);
    return onUploaded((u, f) => {
      if (u === user) void queryClient.invalidateQueries({ queryKey: filesKeys.folder(u, f) });
    });
  }, [user, queryClient]);

  const children = folder.data?.children;
  const shown = useMemo(() => sortEntries(filterEntries(children ?? [], filter), sortKey, sortDirection, language), [children, filter, sortKey, sortDirection, language]);
  const taken = useMemo(() => new Set((children ?? []).map((c) => c.name.toLowerCase())), [children]);
  const here = folder.data?.folder.permissions;
  const canUpload = here?.createFile === true;
  const canCreateFolder = here?.createFolder === true;
  const atRoot = path === root;

  const fail = (error: unknown) => {
    setNotice({ tone: 'error', text: t(errorMessageKey(error)) });
  };

  const navigate = (next: string) => {
    setPath(normalizePath(next));
    setFilter('');
    setFocusList(true);
  };

  /** Dialogs close back into the list (the menu item that opened them is gone). */
  const restoreListFocus = useRef(false);
  const closeDialog = () => {
    restoreListFocus.current = true;
    setDialog(null);
  };
  // After the commit that removed the dialog (its close() has run, the page is no longer inert).
  useEffect(() => {
    if (dialog !== null || !restoreListFocus.current) return;
    restoreListFocus.current = false;
    listRef.current?.querySelector<HTMLButtonElement>('[role="grid"] button[tabindex="0"]')?.focus();
  }, [dialog]);

  const upload = (files: readonly File[]) => {
    if (!canUpload || files.length === 0) return;
    enqueueUploads(user, path, files, (children ?? []).map((c) => c.name));
  };

  const open = (entry: FileEntry) => {
    if (entry.type === 'folder') {
      navigate(entry.path);
      return;
    }
    read.mutate(
      { entry },
      {
        onSuccess: (blob) => {
          if (viewerKindOf(entry) !== null) setDialog({ kind: 'view', entry, blob, url: viewerUrlFor(entry, blob) });
          else downloadBlob(blob, entry.name);
        },
        onError: fail,
      },
    );
  };

  const onAction = (entry: FileEntry, action: EntryAction) => {
    setNotice(null);
    switch (action) {
      case 'open':
        open(entry);
        break;
      case 'download':
        read.mutate({ entry }, { onSuccess: (blob) => { downloadBlob(blob, entry.name); }, onError: fail });
        break;
      case 'rename':
        setDialog({ kind: 'rename', entry });
        break;
      case 'move':
      case 'copy':
        setDialog({ kind: action, entry });
        break;
      case 'favorite':
        favorite.mutate({ entry, favorite: !entry.favorite }, { onError: fail });
        break;
      case 'share-chat':
        if (onShareToChat) {
          onShareToChat(entry).then(
            () => { setNotice({ tone: 'info', text: t('files.notices.sharedToChat', { name: entry.name }) }); },
            fail,
          );
        }
        break;
      case 'delete':
        remove.mutate(
          { entry },
          {
            onSuccess: () => { setNotice({ tone: 'info', text: t('files.notices.deleted', { name: entry.name }), undo: entry }); },
            onError: fail,
          },
        );
        break;
    }
  };

  // Drag & drop is a pointer shortcut for the upload button (which keyboard users use).
  const uploadRef = useRef(upload);
  useEffect(() => {
    uploadRef.current = upload;
  });
  useEffect(() => {
    const section = sectionRef.current;
    if (section === null || !canUpload) return;
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.target === section) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      uploadRef.current(Array.from(event.dataTransfer?.files ?? []));
    };
    section.addEventListener('dragover', over);
    section.addEventListener('dragleave', leave);
    section.addEventListener('drop', drop);
    return () => {
      section.removeEventListener('dragover', over);
      section.removeEventListener('dragleave', leave);
      section.removeEventListener('drop', drop);
    };
  }, [canUpload]);

    return (
    <section
      ref={sectionRef}
      aria-labelledby={headingId}
      className={`flex flex-col gap-4 rounded-xl ${dragging ? 'outline-2 outline-offset-4 outline-blue-700 outline-dashed' : ''}`}
    >
      <h2 id={headingId} className="sr-only">
        {t('files.heading')}
      </h2>
      <Breadcrumbs root={root} rootLabel={rootLabel} path={path} onNavigate={navigate} />

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
                upload(Array.from(event.currentTarget.files ?? []));
                event.currentTarget.value = '';
              }}
            />
          </>
        )}
        {canCreateFolder && (
          <Button variant="secondary" onClick={() => { setDialog({ kind: 'new-folder' }); }}>
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
            onChange={(e) => { setFilter(e.currentTarget.value); }}
            className="min-h-11 w-full min-w-0 rounded-lg border border-slate-500 bg-white px-3 dark:bg-slate-950"
          />
        </div>
        {/* min-w-0 + w-full: a long option label (other languages) must not widen the page beyond a phone. */}
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
      </div>

      <div aria-live="polite" aria-atomic="true">
        {notice !== null && notice.tone === 'info' && (
          <div role="status" className="flex flex-wrap items-center gap-3 rounded-lg border border-blue-300 bg-blue-50 p-3 text-blue-950 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100">
            <span className="flex-1">{notice.text}</span>
            {notice.undo !== undefined && (
              <Button
                variant="secondary"
                disabled={restore.isPending}
                onClick={() => {
                  const entry = notice.undo;
                  if (entry === undefined) return;
                  restore.mutate(
                    { entry },
                    {
                      onSuccess: () => { setNotice({ tone: 'info', text: t('files.notices.restored', { name: entry.name }) }); },
                      onError: fail,
                    },
                  );
                }}
              >
                {t('files.notices.undo')}
              </Button>
            )}
          </div>
        )}
      </div>
      {notice !== null && notice.tone === 'error' && <Alert>{notice.text}</Alert>}
      {read.isPending && (
        <Loading label={t('files.opening')} />
      )}

      <UploadPanel user={user} />

      {folder.isPending && (
        <Loading label={t('common.loading')} />
      )}
      {folder.isError && (
        <RetryAlert message={t(errorMessageKey(folder.error))} onRetry={() => folder.refetch()} />
      )}
      {folder.data !== undefined &&
        (shown.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-400 p-6 text-center">
            {filter === '' ? t(canUpload ? 'files.empty.canUpload' : 'files.empty.readOnly') : t('files.empty.noMatch')}
          </p>
        ) : (
          <div ref={listRef}>
          <FileList
            key={path}
            focusOnShow={focusList}
            entries={shown}
            mode={mode}
            label={t('files.list.label', { folder: atRoot ? rootLabel : (path.split('/').pop() ?? '') })}
            actionsFor={(entry) => allowedActions(entry, onShareToChat !== undefined)}
            onAction={onAction}
            onParent={atRoot ? null : () => { navigate(parentOf(path)); }}
          />
          </div>
        ))}
      {canUpload && <p className="text-sm text-slate-700 dark:text-slate-300">{t('files.dropHint')}</p>}

      <ConflictDialog conflicts={conflicts} />
      {dialog?.kind === 'new-folder' && (
        <NameDialog
          title={t('files.toolbar.newFolder')}
          label={t('files.nameLabel')}
          initial=""
          submitLabel={t('files.create')}
          taken={taken}
          busy={createFolder.isPending}
          onClose={closeDialog}
          onSubmit={(name) => {
            createFolder.mutate({ folder: path, name }, { onSuccess: closeDialog, onError: (e) => { closeDialog(); fail(e); } });
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={t('files.renameTitle', { name: dialog.entry.name })}
          label={t('files.nameLabel')}
          initial={dialog.entry.name}
          submitLabel={t('files.actions.rename')}
          taken={taken}
          busy={rename.isPending}
          onClose={closeDialog}
          onSubmit={(name) => {
            rename.mutate({ entry: dialog.entry, name }, { onSuccess: closeDialog, onError: (e) => { closeDialog(); fail(e); } });
          }}
        />
      )}
      {(dialog?.kind === 'move' || dialog?.kind === 'copy') && (
        <FolderPickerDialog
          user={user}
          root={root}
          rootLabel={rootLabel}
          entry={dialog.entry}
          mode={dialog.kind}
          onClose={closeDialog}
          onPick={(target) => {
            const entry = dialog.entry;
            const kind = dialog.kind;
            closeDialog();
            transfer.mutate(
              { entry, target, mode: kind },
              {
                onSuccess: () => { setNotice({ tone: 'info', text: t(kind === 'move' ? 'files.notices.moved' : 'files.notices.copied', { name: entry.name }) }); },
                onError: fail,
              },
            );
          }}
        />
      )}
      {dialog?.kind === 'view' && (
        <ViewerDialog
          entry={dialog.entry}
          blob={dialog.blob}
          url={dialog.url}
          onClose={() => {
            URL.revokeObjectURL(dialog.url);
            closeDialog();
          }}
        />
      )}
    </section>
  );
}
