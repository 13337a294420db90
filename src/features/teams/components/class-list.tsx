import { useState, type ReactNode } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import { useT } from '../../../i18n/i18n';
import { useClasses, type ClassesUser } from '../api/get-classes';
import { useDirectoryMapping } from '../api/get-directory-mapping';
import { isTeacher } from '../lib/class-space';
import { ClassGroupSearch } from './class-group-search';
import { hasSpace, type ClassSummary } from '../lib/discover-classes';
import { ClassCard } from './class-card';
import { ProvisionButton } from './provision-button';
import { Loading, RetryAlert } from '../../../components/ui/query-state';

/** The home screen's classes: cards for every class space, and set-up buttons for a teacher's class groups. */
export function ClassList({ user, nextTaskOf }: { user: ClassesUser | undefined; nextTaskOf?: ((summary: ClassSummary) => ReactNode) | undefined }) {
  const t = useT();
  const classes = useClasses(user);
  const mapping = useDirectoryMapping();
  // Classes set up in this visit stay in the set-up list, so the outcome stays readable.
  const [started, setStarted] = useState<readonly string[]>([]);
  if (classes.isPending) {
    return (
      <Loading label={t('teams.list.loading')} />
    );
  }
  if (classes.isError) {
    return <RetryAlert message={t(errorMessageKey(classes.error))} onRetry={() => classes.refetch()} />;
  }
  const spaces = classes.data.filter(hasSpace);
  const toSetUp = classes.data.filter((c) => c.canProvision && (c.missing.length > 0 || started.includes(c.classId)));
  const teacher = user !== undefined && mapping.data !== undefined && isTeacher(mapping.data, user.groups);
  return (
    <div className="flex flex-col gap-8">
      {toSetUp.length > 0 && user !== undefined ? (
        <section aria-labelledby="provision-heading" className="flex flex-col gap-3">
          <h2 id="provision-heading" className="text-xl font-semibold">
            {t('teams.provision.heading')}
          </h2>
          <ul className="flex flex-col gap-3">
            {toSetUp.map((summary) => (
              <li key={summary.classId}>
                <ProvisionButton
                  summary={summary}
                  teacher={user.id}
                  onStart={(classId) => setStarted((list) => (list.includes(classId) ? list : [...list, classId]))}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {teacher ? <ClassGroupSearch teacher={user.id} known={classes.data} /> : null}
      {spaces.length > 0 ? (
        <ul aria-label={t('teams.list.label')} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {spaces.map((summary) => (
            <li key={summary.classId} className="flex">
              <div className="flex-1">
                <ClassCard summary={summary} nextTask={nextTaskOf?.(summary)} />
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <div className="rounded-2xl border border-dashed border-slate-400 bg-white p-8 text-center dark:border-slate-600 dark:bg-slate-900">
          <p className="text-lg font-semibold">{t('teams.placeholder.title')}</p>
          <p className="mt-2 text-slate-700 dark:text-slate-300">{t('teams.placeholder.text')}</p>
        </div>
      )}
    </div>
  );
}
