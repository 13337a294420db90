import { useEffect, useState } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { errorMessageKey } from '../../../api/api-error';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useReadFile } from '../api/file-actions';
import { Modal } from './modal';
import { downloadBlob, viewerKindOf, viewerUrlFor, ViewerDialog } from './viewer-dialog';

type Opened = { kind: 'loading' } | { kind: 'view'; blob: Blob; url: string } | { kind: 'error'; error: unknown };

/**
 * One file opened from elsewhere in the app (e.g. an assignment's material): the files feature's viewer for
 * images, PDFs and text; anything else is downloaded. Routes render it; other features only pass the entry up.
 */
export function OpenedFile({ user, entry, onClose }: { user: string; entry: FileEntry; onClose: () => void }) {
  const t = useT();
  const read = useReadFile(user);
  const [opened, setOpened] = useState<Opened>({ kind: 'loading' });
  const { mutate } = read;
  useEffect(() => {
    const controller = new AbortController();
    mutate(
      { entry, signal: controller.signal },
      {
        onSuccess: (blob) => {
          if (viewerKindOf(entry) !== null) {
            setOpened({ kind: 'view', blob, url: viewerUrlFor(entry, blob) });
            return;
          }
          downloadBlob(blob, entry.name);
          onClose();
        },
        onError: (error) => {
          if (!controller.signal.aborted) setOpened({ kind: 'error', error });
        },
      },
    );
    return () => {
      controller.abort();
    };
    // Opened once per entry; onClose may change identity on every render of the opener.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry.path, mutate]);
  useEffect(() => {
    if (opened.kind !== 'view') return;
    const { url } = opened;
    return () => {
      URL.revokeObjectURL(url);
    };
  }, [opened]);
  if (opened.kind === 'view') return <ViewerDialog entry={entry} blob={opened.blob} url={opened.url} onClose={onClose} />;
  return (
    <Modal title={entry.name} onClose={onClose}>
      {opened.kind === 'error' ? <Alert>{t(errorMessageKey(opened.error))}</Alert> : <p role="status">{t('common.loading')}</p>}
      <div className="flex justify-end">
        <Button onClick={onClose}>{t('files.viewer.close')}</Button>
      </div>
    </Modal>
  );
}
