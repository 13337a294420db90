import type { FileEntry } from '../../../api/dav/multistatus';
import { useT } from '../../../i18n/i18n';
import { useCreateFolder, useRenameEntry } from '../api/file-actions';
import { FolderPickerDialog } from './folder-picker-dialog';
import { NameDialog } from './name-dialog';

export type FilesDialog =
  | { kind: 'new-folder' }
  | { kind: 'rename'; entry: FileEntry }
  | { kind: 'move' | 'copy'; entry: FileEntry };

export interface FilesDialogsProps {
  dialog: FilesDialog | null;
  user: string;
  root: string;
  rootLabel: string;
  /** The folder shown. */
  path: string;
  /** Lower-case names in that folder. */
  taken: ReadonlySet<string>;
  onClose: () => void;
  onError: (error: unknown) => void;
  /** Moves or copies after the dialog closed (the panel owns that request: it outlives the dialog). */
  onTransfer: (entry: FileEntry, target: string, mode: 'move' | 'copy') => void;
}

/** The dialog the panel shows, if any: new folder, rename, move/copy target (the file viewer follows the URL). */
export function FilesDialogs(props: FilesDialogsProps) {
  const { dialog } = props;
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'new-folder':
    case 'rename':
      return <NameDialogFor {...props} dialog={dialog} />;
    case 'move':
    case 'copy':
      return <TransferDialog {...props} dialog={dialog} />;
  }
}

type NameKind = Extract<FilesDialog, { kind: 'new-folder' | 'rename' }>;

function NameDialogFor({ dialog, user, path, taken, onClose, onError }: FilesDialogsProps & { dialog: NameKind }) {
  const t = useT();
  const createFolder = useCreateFolder(user);
  const rename = useRenameEntry(user);
  const handlers = { onSuccess: onClose, onError: (e: unknown) => { onClose(); onError(e); } };
  if (dialog.kind === 'new-folder') {
    return (
      <NameDialog
        title={t('files.toolbar.newFolder')}
        label={t('files.nameLabel')}
        initial=""
        submitLabel={t('files.create')}
        taken={taken}
        busy={createFolder.isPending}
        onClose={onClose}
        onSubmit={(name) => { createFolder.mutate({ folder: path, name }, handlers); }}
      />
    );
  }
  return (
    <NameDialog
      title={t('files.renameTitle', { name: dialog.entry.name })}
      label={t('files.nameLabel')}
      initial={dialog.entry.name}
      submitLabel={t('files.actions.rename')}
      taken={taken}
      busy={rename.isPending}
      onClose={onClose}
      onSubmit={(name) => { rename.mutate({ entry: dialog.entry, name }, handlers); }}
    />
  );
}

type TransferKind = Extract<FilesDialog, { kind: 'move' | 'copy' }>;

function TransferDialog({ dialog, user, root, rootLabel, onClose, onTransfer }: FilesDialogsProps & { dialog: TransferKind }) {
  return (
    <FolderPickerDialog
      user={user}
      root={root}
      rootLabel={rootLabel}
      entry={dialog.entry}
      mode={dialog.kind}
      onClose={onClose}
      onPick={(target) => {
        onClose();
        onTransfer(dialog.entry, target, dialog.kind);
      }}
    />
  );
}
