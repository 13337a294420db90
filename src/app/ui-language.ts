import { setRequestLanguage } from '../api/request-language';
import { getChatHub } from '../features/chat/lib/use-chat-hub';
import { useLanguageStore } from '../i18n/language-store';

const STORAGE_KEY = 'klassenraum.language';

/**
 * Nextcloud hears the language the user chose in Klassenraum (Accept-Language on every request), in every tab:
 * a switch in one tab reaches the others (the leader may be another tab), and the notifications are fetched
 * again at once, so the bell speaks the new language without waiting for a change. Returns stop().
 */
export function followUiLanguage(): () => void {
  setRequestLanguage(useLanguageStore.getState().language);
  const unsubscribe = useLanguageStore.subscribe((state, previous) => {
    if (state.language === previous.language) return;
    setRequestLanguage(state.language);
    getChatHub()?.refreshNotifications();
  });
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) void useLanguageStore.persist.rehydrate();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    unsubscribe();
    window.removeEventListener('storage', onStorage);
  };
}
