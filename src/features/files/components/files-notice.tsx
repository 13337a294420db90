import type { FileEntry } from '../../../api/dav/multistatus';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';

export interface Notice {
  tone: 'info' | 'error';
  text: string;
  undo?: FileEntry;
}

/** What the last action did (politely, with "Rückgängig" after a delete) or why it failed (at once). */
export function FilesNotice({ notice, undoing, onUndo }: { notice: Notice | null; undoing: boolean; onUndo: (entry: FileEntry) => void }) {
  const t = useT();
  const undo = notice?.undo;
  return (
    <>
      <div aria-live="polite" aria-atomic="true">
        {notice !== null && notice.tone === 'info' && (
          <div role="status" className="flex flex-wrap items-center gap-3 rounded-lg border border-blue-300 bg-blue-50 p-3 text-blue-950 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100">
            <span className="flex-1">{notice.text}</span>
            {undo !== undefined && (
              <Button variant="secondary" disabled={undoing} onClick={() => { onUndo(undo); }}>
                {t('files.notices.undo')}
              </Button>
            )}
          </div>
        )}
      </div>
      {notice !== null && notice.tone === 'error' && <Alert>{notice.text}</Alert>}
    </>
  );
}
