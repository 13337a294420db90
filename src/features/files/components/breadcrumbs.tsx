import { joinPath, normalizePath } from '../../../api/dav/dav-paths';
import { useT } from '../../../i18n/i18n';

/** Root label, then each folder below the root; the last one is the current page. */
export function Breadcrumbs({ root, rootLabel, path, onNavigate }: { root: string; rootLabel: string; path: string; onNavigate: (path: string) => void }) {
  const t = useT();
  const rootNormal = normalizePath(root);
  const relative = normalizePath(path).slice(rootNormal === '/' ? 0 : rootNormal.length);
  const names = relative.split('/').filter((s) => s !== '');
  const crumbs = [{ label: rootLabel, path: rootNormal }];
  let current = rootNormal;
  for (const name of names) {
    current = joinPath(current, name);
    crumbs.push({ label: name, path: current });
  }
  return (
    <nav aria-label={t('files.breadcrumbs')}>
      <ol className="flex flex-wrap items-center gap-1">
        {crumbs.map((c, i) => {
          const last = i === crumbs.length - 1;
          return (
            <li key={c.path} className="flex items-center gap-1">
              {i > 0 && <span aria-hidden="true" className="text-slate-600 dark:text-slate-400">/</span>}
              {last ? (
                <span aria-current="page" className="inline-flex min-h-11 items-center px-2 font-semibold">
                  {c.label}
                </span>
              ) : (
                <button
                  type="button"
                  onClick={() => { onNavigate(c.path); }}
                  className="inline-flex min-h-11 items-center rounded-lg px-2 text-blue-800 underline underline-offset-4 hover:bg-slate-100 dark:text-blue-200 dark:hover:bg-slate-800"
                >
                  {c.label}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
