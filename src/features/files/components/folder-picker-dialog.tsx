import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { joinPath, normalizePath, parentOf } from '../../../api/dav/dav-paths';
import type { FileEntry } from '../../../api/dav/multistatus';
import { useT } from '../../../i18n/i18n';
import { useFolder } from '../api/get-folder';
import { Modal } from './modal';

/** Choose a target folder for move/copy, browsing below `root`; only folders that accept files can be chosen. */
export function FolderPickerDialog({
  user,
  root,
  rootLabel,
  entry,
  mode,
  onPick,
  onClose,
}: {
  user: string;
  root: string;
  rootLabel: string;
  entry: FileEntry;
  mode: 'move' | 'copy';
  onPick: (target: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [path, setPath] = useState(parentOf(entry.path));
  const folder = useFolder(user, path);
  const atRoot = normalizePath(path) === normalizePath(root);
  const subfolders = (folder.data?.children ?? []).filter((c) => c.type === 'folder' && c.path !== entry.path);
  const canDrop = folder.data?.folder.permissions.createFile === true && path !== parentOf(entry.path);
  const shownName = atRoot ? rootLabel : (path.split('/').pop() ?? path);
  return (
    <Modal title={t(mode === 'move' ? 'files.picker.moveTitle' : 'files.picker.copyTitle', { name: entry.name })} onClose={onClose}>
      <p aria-live="polite">{t('files.picker.current', { name: shownName })}</p>
      <ul className="flex max-h-72 flex-col gap-1 overflow-auto" aria-busy={folder.isPending}>
        {!atRoot && (
          <li>
            <Button variant="ghost" className="w-full justify-start" onClick={() => { setPath(parentOf(path)); }}>
              {t('files.picker.up')}
            </Button>
          </li>
        )}
        {folder.isPending && (
          <li className="flex items-center gap-2 p-2">
            <Spinner /> {t('common.loading')}
          </li>
        )}
        {subfolders.map((f) => (
          <li key={f.path}>
            <Button variant="ghost" className="w-full justify-start" onClick={() => { setPath(joinPath(path, f.name)); }}>
              {f.name}
            </Button>
          </li>
        ))}
      </ul>
      {folder.data !== undefined && !canDrop && <p className="text-sm text-slate-700 dark:text-slate-300">{t('files.picker.notHere')}</p>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button disabled={!canDrop} onClick={() => { onPick(path); }}>
          {t(mode === 'move' ? 'files.picker.moveHere' : 'files.picker.copyHere')}
        </Button>
      </div>
    </Modal>
  );
}
