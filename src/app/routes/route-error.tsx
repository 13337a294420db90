import { useRouteError } from 'react-router';
import { errorMessageKey, isApiError } from '../../api/api-error';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Shown when a route cannot load (e.g. the gateway is unreachable while checking the session). */
export function RouteError() {
  const t = useT();
  const error = useRouteError();
  useDocumentTitle(t('app.pageTitle', { page: t('routeError.title') }));
  if (!isApiError(error)) console.error(error);
  const message = t(errorMessageKey(error));
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-lg flex-col justify-center gap-4 p-6">
      <h1 className="text-3xl font-bold tracking-tight">{t('routeError.title')}</h1>
      <Alert>{message}</Alert>
      <div>
        <Button
          onClick={() => {
            window.location.reload();
          }}
        >
          {t('common.reload')}
        </Button>
      </div>
    </main>
  );
}
