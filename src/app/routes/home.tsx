import { ClassListPlaceholder } from '../../features/teams/components/class-list-placeholder';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function HomeRoute() {
  const t = useT();
  useDocumentTitle(t('app.pageTitle', { page: t('home.title') }));
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold tracking-tight">{t('home.title')}</h1>
      <ClassListPlaceholder />
    </div>
  );
}
