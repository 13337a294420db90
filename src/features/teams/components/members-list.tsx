import { useT } from '../../../i18n/i18n';
import { useClassMembers, type PresenceStatus } from '../api/get-class-members';
import { Loading } from '../../../components/ui/query-state';

const dotClass: Record<PresenceStatus, string> = {
  online: 'bg-green-700',
  away: 'bg-amber-500',
  dnd: 'bg-red-700',
  offline: 'border-2 border-slate-500 bg-transparent',
};

/** Who is in the class, teachers first, with online status in words (not colour alone). */
export function MembersList({ roomToken }: { roomToken: string | null }) {
  const t = useT();
  const members = useClassMembers(roomToken);
  return (
    <section aria-labelledby="members-heading" className="flex flex-col gap-3">
      <h2 id="members-heading" className="text-xl font-semibold">
        {t('teams.members.heading')}
      </h2>
      {roomToken === null ? (
        <p className="text-slate-700 dark:text-slate-300">{t('teams.members.noRoom')}</p>
      ) : members.isPending ? (
        <Loading label={t('teams.members.loading')} />
      ) : members.isError ? (
        <p className="text-slate-700 dark:text-slate-300">{t('teams.members.unavailable')}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {members.data.map((member) => (
            <li key={member.id} className="flex min-h-11 items-center gap-3">
              <span aria-hidden="true" className={`size-3 shrink-0 rounded-full ${dotClass[member.status]}`} />
              <span className="flex flex-col">
                <span className="font-medium">
                  {member.displayName}
                  {member.isModerator ? <span className="ml-2 text-sm text-slate-700 dark:text-slate-300">{t('teams.members.teacher')}</span> : null}
                </span>
                <span className="text-sm text-slate-700 dark:text-slate-300">
                  {t(`teams.members.status.${member.status}`)}
                  {member.statusMessage ? ` · ${member.statusMessage}` : ''}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
