import { useId, useState, type SyntheticEvent } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import { Button } from '../../../components/ui/button';
import { Loading, RetryAlert } from '../../../components/ui/query-state';
import { useT } from '../../../i18n/i18n';
import { useDirectoryMapping } from '../api/get-directory-mapping';
import { useClassGroupSearch } from '../api/search-class-groups';
import type { ClassGroup } from '../lib/class-space';
import type { ClassSummary } from '../lib/discover-classes';
import { ProvisionButton } from './provision-button';

const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/** A class group the teacher found: what the class list already knows of it, else a space still to create. */
function summaryOf(group: ClassGroup, known: readonly ClassSummary[]): ClassSummary {
  return (
    known.find((c) => c.groupId === group.groupId) ?? {
      classId: group.classId,
      name: group.name,
      groupId: group.groupId,
      teamId: null,
      room: null,
      boardId: null,
      folderPath: null,
      missing: ['room', 'board', 'folder'],
      canProvision: true,
    }
  );
}

/**
 * For a teacher who is not a member of her class's group (UCS@school adds only assigned teachers): she
 * searches the groups Nextcloud lets her share with and sets up the class space for one of them.
 */
export function ClassGroupSearch({ teacher, known }: { teacher: string; known: readonly ClassSummary[] }) {
  const t = useT();
  const id = useId();
  const mapping = useDirectoryMapping();
  const [search, setSearch] = useState('');
  const results = useClassGroupSearch(mapping.data, search);

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('search');
    setSearch(typeof value === 'string' ? value.trim() : '');
  }

  return (
    <section aria-labelledby={`${id}-h`} className="flex flex-col gap-3">
      <h2 id={`${id}-h`} className="text-xl font-semibold">
        {t('teams.search.heading')}
      </h2>
      <form role="search" onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-labelledby={`${id}-h`}>
        <label className="flex min-w-64 flex-1 flex-col gap-1 font-medium">
          {t('teams.search.label')}
          <input name="search" type="search" required className={inputClasses} aria-describedby={`${id}-hint`} />
        </label>
        <Button type="submit">{t('teams.search.submit')}</Button>
      </form>
      <p id={`${id}-hint`} className="text-slate-700 dark:text-slate-300">
        {t('teams.search.hint')}
      </p>
      {search === '' ? null : results.isPending ? (
        <Loading label={t('teams.search.loading')} />
      ) : results.isError ? (
        <RetryAlert message={t(errorMessageKey(results.error))} onRetry={() => results.refetch()} />
      ) : results.data.length === 0 ? (
        <p role="status">{t('teams.search.none', { search })}</p>
      ) : (
        <ul aria-label={t('teams.search.results', { search })} className="flex flex-col gap-3">
          {results.data.map((group) => (
            <li key={group.groupId} className="flex flex-col gap-1">
              <p className="text-sm text-slate-700 dark:text-slate-300">{t('teams.search.group', { group: group.groupId })}</p>
              <ProvisionButton summary={summaryOf(group, known)} teacher={teacher} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
