import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type ComponentProps, type RefObject } from 'react';
import { Alert } from '../../../components/ui/alert';
import { errorMessageKey } from '../../../api/api-error';
import { normalizePath, parentOf } from '../../../api/dav/dav-paths';
import type { FileEntry } from '../../../api/dav/multistatus';
import { Loading, RetryAlert } from '../../../components/ui/query-state';
import { useLanguage, useT } from '../../../i18n/i18n';
import { useFolder } from '../api/get-folder';
import { filesKeys } from '../api/query-keys';
import { filterEntries, sortEntries } from '../lib/sort-entries';
import { enqueueUploads, onUploaded, restoreUploads } from '../lib/upload-manager';
import { useUploadStore } from '../stores/upload-store';
import { useFilesViewStore } from '../stores/view-store';
import { Breadcrumbs } from './breadcrumbs';
import { ConflictDialog } from './conflict-dialog';
import { allowedActions } from './entry-menu';
import { FileList } from './file-list';
import { FilesDialogs, type FilesDialog } from './files-dialogs';
import { FilesNotice, type Notice } from './files-notice';
import { FilesToolbar } from './files-toolbar';
import { UploadPanel } from './upload-panel';
import { useEntryActions } from './use-entry-actions';
import { useFileDrop } from './use-file-drop';
import { useFilePreview } from './use-file-preview';
import { useFilesLocation } from './use-files-location';
import { ViewerDialog } from './viewer-dialog';

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

/** Browse, open, upload and organise the files below `rootPath`; the folder and the previewed file are in the URL. */
export function FilesPanel({ user, rootPath, rootLabel, onShareToChat }: FilesPanelProps) {
  const t = useT();
  const root = normalizePath(rootPath);
  const { path, file, filter, setFilter, focusList, navigate, openFile, closeFile } = useFilesLocation(root);
  const [dialog, setDialog] = useState<FilesDialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const headingId = useId();
  const folder = useFolder(user, path);
  const conflicts = useUploadStore((s) => s.items).filter((i) => i.user === user && i.status === 'conflict');
  useUploadRefresh(user);

  const children = folder.data?.children;
  const taken = useMemo(() => new Set((children ?? []).map((c) => c.name.toLowerCase())), [children]);
  const here = folder.data?.folder.permissions;
  const canUpload = here?.createFile === true;

  const closeDialog = useCloseIntoList(dialog, setDialog, listRef);
  const actions = useEntryActions({ user, navigate, openFile, setDialog, setNotice, onShareToChat });

  const upload = (files: readonly File[]) => {
    if (!canUpload || files.length === 0) return;
    enqueueUploads(user, path, files, (children ?? []).map((c) => c.name));
  };
  const dragging = useFileDrop(sectionRef, canUpload, upload);

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
      <FilesToolbar
        canUpload={canUpload}
        canCreateFolder={here?.createFolder === true}
        filter={filter}
        onFilter={setFilter}
        onUpload={upload}
        onNewFolder={() => { setDialog({ kind: 'new-folder' }); }}
      />
      <FilesNotice notice={notice} undoing={actions.undoing} onUndo={actions.undo} />
      {actions.reading && <Loading label={t('files.opening')} />}
      <UrlPreview user={user} entries={children} file={file} onClose={closeFile} />

      <UploadPanel user={user} />

      {folder.isPending && <Loading label={t('common.loading')} />}
      {folder.isError && <RetryAlert message={t(errorMessageKey(folder.error))} onRetry={() => folder.refetch()} />}
      {children !== undefined && (
        <FolderEntries
          entries={children}
          filter={filter}
          canUpload={canUpload}
          listRef={listRef}
          list={{
            key: path,
            focusOnShow: focusList,
            label: t('files.list.label', { folder: path === root ? rootLabel : (path.split('/').pop() ?? '') }),
            actionsFor: (entry) => allowedActions(entry, onShareToChat !== undefined),
            onAction: actions.onAction,
            onParent: path === root ? null : () => { navigate(parentOf(path)); },
          }}
        />
      )}
      {canUpload && <p className="text-sm text-slate-700 dark:text-slate-300">{t('files.dropHint')}</p>}

      <ConflictDialog conflicts={conflicts} />
      <FilesDialogs
        dialog={dialog}
        user={user}
        root={root}
        rootLabel={rootLabel}
        path={path}
        taken={taken}
        onClose={closeDialog}
        onError={actions.fail}
        onTransfer={actions.transfer}
      />
    </section>
  );
}

/** The file `?datei=` names in the folder, in the viewer (or why it cannot be shown). */
function UrlPreview({ user, entries, file, onClose }: { user: string; entries: FileEntry[] | undefined; file: string | null; onClose: () => void }) {
  const t = useT();
  const entry = file === null ? undefined : entries?.find((c) => c.type === 'file' && c.name === file);
  const { preview, loading, error } = useFilePreview(user, entry);
  return (
    <>
      {loading && <Loading label={t('files.opening')} />}
      {error !== null && <Alert>{t(errorMessageKey(error))}</Alert>}
      {file !== null && entries !== undefined && entry === undefined && <Alert>{t('files.notices.fileMissing', { name: file })}</Alert>}
      {preview !== null && <ViewerDialog entry={preview.entry} blob={preview.blob} url={preview.url} onClose={onClose} />}
    </>
  );
}

/** Restores uploads left from before a reload, and refreshes a folder when an upload into it finished. */
function useUploadRefresh(user: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    void restoreUploads(user);
    return onUploaded((u, f) => {
      if (u === user) void queryClient.invalidateQueries({ queryKey: filesKeys.folder(u, f) });
    });
  }, [user, queryClient]);
}

/** Dialogs close back into the list (the menu item that opened them is gone). */
function useCloseIntoList(dialog: FilesDialog | null, setDialog: (dialog: null) => void, listRef: RefObject<HTMLDivElement | null>) {
  const restoreListFocus = useRef(false);
  // After the commit that removed the dialog (its close() has run, the page is no longer inert).
  useEffect(() => {
    if (dialog !== null || !restoreListFocus.current) return;
    restoreListFocus.current = false;
    listRef.current?.querySelector<HTMLButtonElement>('[role="grid"] button[tabindex="0"]')?.focus();
  }, [dialog, listRef]);
  return () => {
    restoreListFocus.current = true;
    setDialog(null);
  };
}

interface FolderEntriesProps {
  entries: FileEntry[];
  filter: string;
  canUpload: boolean;
  listRef: RefObject<HTMLDivElement | null>;
  list: Omit<ComponentProps<typeof FileList>, 'entries' | 'mode'> & { key: string };
}

/** The folder's entries, filtered and sorted as the user chose, or why there are none. */
function FolderEntries({ entries, filter, canUpload, listRef, list: { key, ...list } }: FolderEntriesProps) {
  const t = useT();
  const language = useLanguage();
  const { mode, sortKey, sortDirection } = useFilesViewStore();
  const shown = useMemo(() => sortEntries(filterEntries(entries, filter), sortKey, sortDirection, language), [entries, filter, sortKey, sortDirection, language]);
  if (shown.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-400 p-6 text-center">
        {filter === '' ? t(canUpload ? 'files.empty.canUpload' : 'files.empty.readOnly') : t('files.empty.noMatch')}
      </p>
    );
  }
  return (
    <div ref={listRef}>
      <FileList key={key} entries={shown} mode={mode} {...list} />
    </div>
  );
}
