import { useSyncExternalStore } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { Button } from '../components/ui/button';
import { useT } from '../i18n/i18n';

function subscribeOnline(callback: () => void): () => void {
  window.addEventListener('online', callback);
  window.addEventListener('offline', callback);
  return () => {
    window.removeEventListener('online', callback);
    window.removeEventListener('offline', callback);
  };
}

/** App-wide status: an offline notice, and the prompt to load a newly deployed version (the service
 * worker waits until the user agrees, so nobody loses a half-typed message to a reload). */
export function AppStatus() {
  const t = useT();
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();

  if (online && !needRefresh) return null;
  return (
    <div className="fixed inset-x-0 bottom-0 z-40 flex flex-col items-center gap-2 p-3" role="region" aria-label={t('appStatus.region')}>
      {!online && (
        <p role="status" className="rounded-lg bg-slate-900 px-4 py-3 text-white shadow-lg dark:bg-slate-100 dark:text-slate-900">
          {t('appStatus.offline')}
        </p>
      )}
      {needRefresh && (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-lg bg-white px-4 py-3 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
          <span>{t('appStatus.updateAvailable')}</span>
          <Button
            onClick={() => {
              void updateServiceWorker(true);
            }}
          >
            {t('appStatus.reload')}
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setNeedRefresh(false);
            }}
          >
            {t('appStatus.later')}
          </Button>
        </div>
      )}
    </div>
  );
}
