import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { resolveConflict, type ConflictChoice } from '../lib/upload-manager';
import type { UploadItem } from '../stores/upload-store';
import { Modal } from './modal';

/** "Blatt.pdf already exists": keep both, replace or skip, optionally for all remaining conflicts. */
export function ConflictDialog({ conflicts }: { conflicts: UploadItem[] }) {
  const t = useT();
  const [forAll, setForAll] = useState(false);
  const first = conflicts[0];
  if (first === undefined) return null;
  const choose = (choice: ConflictChoice) => {
    for (const item of forAll ? conflicts : [first]) resolveConflict(item.id, choice);
  };
  return (
    <Modal title={t('files.conflict.title')} onClose={() => { choose('skip'); }}>
      <p>{t('files.conflict.text', { name: first.name })}</p>
      {conflicts.length > 1 && (
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" className="size-5" checked={forAll} onChange={(e) => { setForAll(e.currentTarget.checked); }} />
          {t('files.conflict.forAll', { count: conflicts.length })}
        </label>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={() => { choose('skip'); }}>
          {t('files.conflict.skip')}
        </Button>
        <Button variant="secondary" onClick={() => { choose('replace'); }}>
          {t('files.conflict.replace')}
        </Button>
        <Button onClick={() => { choose('keep-both'); }}>{t('files.conflict.keepBoth')}</Button>
      </div>
    </Modal>
  );
}
