import { useCurrentUser } from '../../features/auth/api/get-current-user';
import { FilesPanel } from '../../features/files/components/files-panel';
import { Alert } from '../../components/ui/alert';
import { errorMessageKey } from '../../api/api-error';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Loading } from '../../components/ui/query-state';

/** "Meine Dateien": the signed-in user's own Nextcloud files. */
export function MyFilesRoute() {
  const t = useT();
  useDocumentTitle(t('app.pageTitle', { page: t('myFiles.title') }));
  const user = useCurrentUser();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold tracking-tight">{t('myFiles.title')}</h1>
      {user.isPending && (
        <Loading label={t('common.loading')} />
      )}
      {user.isError && <Alert>{t(errorMessageKey(user.error))}</Alert>}
      {user.data !== undefined && <FilesPanel user={user.data.id} rootPath="/" rootLabel={t('myFiles.title')} />}
    </div>
  );
}
