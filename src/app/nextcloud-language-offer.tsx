import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { setOwnLanguage } from '../api/core/user-settings';
import { Button } from '../components/ui/button';
import { useCurrentUser } from '../features/auth/api/get-current-user';
import { authKeys } from '../features/auth/api/query-keys';
import { getChatHub } from '../features/chat/lib/use-chat-hub';
import { useLanguage, useT } from '../i18n/i18n';
import type { Language } from '../i18n/language-store';

/** "de_DE" (formal German) is German too: no offer to make it informal. */
function sameLanguage(nextcloud: string, ui: Language): boolean {
  return nextcloud.split(/[_-]/)[0]?.toLowerCase() === ui;
}

/**
 * After the user switches Klassenraum's language: if their Nextcloud language differs, offer to change it too.
 * Nextcloud's own language setting wins over the Accept-Language the app sends, so without it notifications
 * (and Nextcloud's e-mails) stay in the other language. Asked, never done silently (docs/adr/0013).
 */
export function NextcloudLanguageOffer() {
  const t = useT();
  const language = useLanguage();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const shown = useRef(language);
  const [switchedTo, setSwitchedTo] = useState<Language | null>(null);
  useEffect(() => {
    if (shown.current === language) return;
    shown.current = language;
    setSwitchedTo(language);
  }, [language]);
  const change = useMutation({
    mutationFn: ({ userId, to }: { userId: string; to: Language }) => setOwnLanguage({ userId, language: to }),
    onSuccess: async () => {
      setSwitchedTo(null);
      getChatHub()?.refreshNotifications();
      await queryClient.invalidateQueries({ queryKey: authKeys.currentUser() });
    },
  });
  const current = user.data;
  if (switchedTo === null || current === undefined || current.language === null || sameLanguage(current.language, switchedTo)) return null;
  return (
    <section aria-label={t('languageOffer.label')} className="border-b border-blue-200 bg-blue-50 dark:border-blue-900 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-2 sm:px-6">
        <p className="flex-1">{t('languageOffer.question', { language: t(`language.${switchedTo}`) })}</p>
        {change.isError ? <p role="alert">{t('languageOffer.failed')}</p> : null}
        <Button
          disabled={change.isPending}
          onClick={() => {
            change.mutate({ userId: current.id, to: switchedTo });
          }}
        >
          {t('languageOffer.accept')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            setSwitchedTo(null);
          }}
        >
          {t('languageOffer.decline')}
        </Button>
      </div>
    </section>
  );
}
