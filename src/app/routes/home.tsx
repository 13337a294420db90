import { errorMessageKey } from '../../api/api-error';
import { useCurrentUser } from '../../features/auth/api/get-current-user';
import { useKeepConversationsFresh } from '../../features/chat/api/get-conversations';
import { useDirectoryMapping } from '../../features/teams/api/get-directory-mapping';
import { ClassList } from '../../features/teams/components/class-list';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { NewFeedbackSection, nextAssignmentOf, TodayAssignmentsSection } from './my-assignments';
import { RetryAlert } from '../../components/ui/query-state';

export function HomeRoute() {
  const t = useT();
  useDocumentTitle(t('app.pageTitle', { page: t('home.title') }));
  const user = useCurrentUser();
  // The class list waits for the mapping too, so it is there whenever cards are.
  const mapping = useDirectoryMapping();
  // The class cards' unread badges come with the leader's conversation list refresh (live-badges.ts).
  useKeepConversationsFresh();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold tracking-tight">{t('home.title')}</h1>
      {/* Without the user the class list never starts loading: say why instead of loading forever. */}
      {user.data === undefined && user.error !== null ? (
        <RetryAlert message={t(errorMessageKey(user.error))} onRetry={() => user.refetch()} />
      ) : (
        <ClassList user={user.data} nextTaskOf={user.data === undefined || mapping.data === undefined ? undefined : nextAssignmentOf(mapping.data, user.data)} />
      )}
      <NewFeedbackSection />
      <TodayAssignmentsSection />
    </div>
  );
}
