import { useEffect, useRef, useState } from 'react';
import { isApiError } from '../../../api/api-error';
import { completeEmbedLogin, getSession, startEmbedLogin } from '../../../api/auth/session';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { navigateTo } from '../../../lib/browser';

type EmbedState = 'idle' | 'waiting' | 'popup-blocked' | 'cookies-blocked' | 'failed';

interface LoginMessage {
  type: 'klassenraum-login';
  code: string;
}

function isLoginMessage(data: unknown): data is LoginMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'klassenraum-login' && typeof (data as { code?: unknown }).code === 'string';
}

/**
 * Sign-in inside the Schulportal iframe. Nextcloud's login page cannot be framed, so it runs in a popup
 * window; the popup posts a one-time code back (same origin only), and the gateway moves the login into
 * this frame's (partitioned) session. If the browser keeps no cookies for the frame at all, the user is
 * offered the app in a new tab, where the popup's login already applies.
 */
export function EmbedSignIn({ returnTo }: { returnTo: string }) {
  const t = useT();
  const [state, setState] = useState<EmbedState>('idle');
  const popup = useRef<Window | null>(null);

  useEffect(() => {
    if (state !== 'waiting') return;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== popup.current || !isLoginMessage(event.data)) return;
      const { code } = event.data;
      void (async () => {
        try {
          const target = await completeEmbedLogin({ code });
          const session = await getSession();
          if (!session.authenticated) {
            setState('cookies-blocked');
            return;
          }
          navigateTo(target);
        } catch (err) {
          setState(isApiError(err) && err.status === 401 ? 'cookies-blocked' : 'failed');
        }
      })();
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
    };
  }, [state]);

  const start = () => {
    // Open the window synchronously in the click, or popup blockers step in; point it at the login after.
    const opened = window.open('', 'klassenraum-login', 'popup,width=520,height=720');
    if (!opened) {
      setState('popup-blocked');
      return;
    }
    popup.current = opened;
    setState('waiting');
    startEmbedLogin({ returnTo }).then(
      (url) => {
        opened.location.href = url;
      },
      () => {
        opened.close();
        setState('failed');
      },
    );
  };

  const newTab = (
    <a
      href={returnTo}
      target="_blank"
      rel="noopener noreferrer"
      className="inline-flex min-h-11 items-center font-medium text-blue-700 underline underline-offset-4 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200"
    >
      {t('auth.embed.openInNewTab')}
      <span className="sr-only"> {t('common.opensInNewWindow')}</span>
    </a>
  );

  return (
    <div className="flex flex-col gap-4">
      {state === 'popup-blocked' && <Alert>{t('auth.embed.popupBlocked')}</Alert>}
      {state === 'cookies-blocked' && <Alert>{t('auth.embed.cookiesBlocked')}</Alert>}
      {state === 'failed' && <Alert>{t('auth.embed.failed')}</Alert>}
      {state === 'waiting' ? (
        <p role="status" className="flex items-center gap-3 text-slate-700 dark:text-slate-300">
          <Spinner />
          {t('auth.embed.waiting')}
        </p>
      ) : (
        <Button className="w-full text-lg" onClick={start}>
          {t('auth.login.button')}
        </Button>
      )}
      {state !== 'idle' && newTab}
    </div>
  );
}
