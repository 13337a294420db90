import { errorMessageKey } from '../../../api/api-error';
import type { FileEntry } from '../../../api/dav/multistatus';
import { useT } from '../../../i18n/i18n';
import { useDeleteEntry, useMoveOrCopyEntry, useReadFile, useRestoreEntry, useSetFavorite } from '../api/file-actions';
import type { EntryAction } from './entry-menu';
import type { FilesDialog } from './files-dialogs';
import type { Notice } from './files-notice';
import { downloadBlob, viewerKindOf } from './viewer-dialog';

export interface EntryActionsOptions {
  user: string;
  navigate: (path: string) => void;
  /** Shows a file of the current folder in the preview (through the URL). */
  openFile: (name: string) => void;
  setDialog: (dialog: FilesDialog) => void;
  setNotice: (notice: Notice | null) => void;
  onShareToChat: ((entry: FileEntry) => Promise<void>) | undefined;
}

/** What a file's menu does; requests live here, in the panel, so their outcome is shown after a dialog closed. */
export function useEntryActions({ user, navigate, openFile, setDialog, setNotice, onShareToChat }: EntryActionsOptions) {
  const t = useT();
  const transfer = useMoveOrCopyEntry(user);
  const remove = useDeleteEntry(user);
  const restore = useRestoreEntry(user);
  const favorite = useSetFavorite(user);
  const read = useReadFile(user);
  const info = (text: string, undo?: FileEntry) => {
    setNotice(undo === undefined ? { tone: 'info', text } : { tone: 'info', text, undo });
  };
  const fail = (error: unknown) => {
    setNotice({ tone: 'error', text: t(errorMessageKey(error)) });
  };

  const open = (entry: FileEntry) => {
    if (entry.type === 'folder') {
      navigate(entry.path);
      return;
    }
    if (viewerKindOf(entry) !== null) {
      openFile(entry.name);
      return;
    }
    read.mutate({ entry }, { onSuccess: (blob) => { downloadBlob(blob, entry.name); }, onError: fail });
  };

  const run: Record<EntryAction, (entry: FileEntry) => void> = {
    open,
    download: (entry) => { read.mutate({ entry }, { onSuccess: (blob) => { downloadBlob(blob, entry.name); }, onError: fail }); },
    rename: (entry) => { setDialog({ kind: 'rename', entry }); },
    move: (entry) => { setDialog({ kind: 'move', entry }); },
    copy: (entry) => { setDialog({ kind: 'copy', entry }); },
    favorite: (entry) => { favorite.mutate({ entry, favorite: !entry.favorite }, { onError: fail }); },
    'share-chat': (entry) => {
      onShareToChat?.(entry).then(() => { info(t('files.notices.sharedToChat', { name: entry.name })); }, fail);
    },
    delete: (entry) => {
      remove.mutate({ entry }, { onSuccess: () => { info(t('files.notices.deleted', { name: entry.name }), entry); }, onError: fail });
    },
  };

  return {
    fail,
    reading: read.isPending,
    undoing: restore.isPending,
    onAction: (entry: FileEntry, action: EntryAction) => {
      setNotice(null);
      run[action](entry);
    },
    undo: (entry: FileEntry) => {
      restore.mutate({ entry }, { onSuccess: () => { info(t('files.notices.restored', { name: entry.name })); }, onError: fail });
    },
    transfer: (entry: FileEntry, target: string, mode: 'move' | 'copy') => {
      transfer.mutate(
        { entry, target, mode },
        { onSuccess: () => { info(t(mode === 'move' ? 'files.notices.moved' : 'files.notices.copied', { name: entry.name })); }, onError: fail },
      );
    },
  };
}
