import { useId } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { Alert } from '../../../components/ui/alert';
import { useT } from '../../../i18n/i18n';
import { useMaterial } from '../api/get-material';

/** Opens a file inside the app; the route decides how (the files feature's viewer). */
export type OpenFile = (entry: FileEntry) => void;

/** An assignment's material: one button per file that opens it in the app. Nothing when there is none. */
export function MaterialList({ userId, path, onOpenFile }: { userId: string; path: string; onOpenFile: OpenFile | undefined }) {
  const t = useT();
  const id = useId();
  const material = useMaterial(userId, path);
  if (material.isError) return <Alert>{t('tasks.materialList.loadError')}</Alert>;
  if (material.data === undefined || material.data.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-h`} className="flex flex-col gap-2">
      <h3 id={`${id}-h`} className="text-xl font-semibold">
        {t('tasks.materialList.heading')}
      </h3>
      {onOpenFile === undefined ? null : <p className="text-slate-700 dark:text-slate-300">{t('tasks.materialList.hint')}</p>}
      <ul className="flex flex-wrap gap-2">
        {material.data.map((entry) => (
          <li key={entry.path}>
            {onOpenFile === undefined ? (
              <span className="inline-flex min-h-11 items-center px-1">{entry.name}</span>
            ) : (
              <button
                type="button"
                className="inline-flex min-h-11 items-center gap-2 rounded-lg border border-slate-400 bg-white px-3 py-2 text-left text-blue-800 underline underline-offset-4 hover:bg-slate-100 dark:border-slate-500 dark:bg-slate-900 dark:text-blue-200 dark:hover:bg-slate-800"
                onClick={() => {
                  onOpenFile(entry);
                }}
              >
                <span aria-hidden="true">📄</span>
                {entry.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
