import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { errorMessageKey } from '../../../api/api-error';
import type { AuthMode, LoginFlowStart } from '../../../api/auth/session';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { navigateTo, openInNewWindow } from '../../../lib/browser';
import { gatewayLoginUrl } from '../../../lib/return-to';
import { authKeys } from '../api/query-keys';
import { EmbedSignIn } from './embed-sign-in';
import { usePollLoginFlow } from '../api/poll-login-flow';
import { useStartLoginFlow } from '../api/start-login-flow';

/** Error codes the gateway puts into `/login?error=...` after a failed sign-in. */
const loginErrorCodes = ['login_failed', 'state_mismatch', 'session_expired'] as const;
type LoginErrorCode = (typeof loginErrorCodes)[number];

function isLoginErrorCode(value: string): value is LoginErrorCode {
  return (loginErrorCodes as readonly string[]).includes(value);
}

export interface LoginScreenProps {
  authMode: AuthMode;
  /** Already validated relative app path to land on after signing in. */
  returnTo: string;
  /** The raw `?error=` value, if any. */
  errorCode: string | null;
  /** The gateway allows embedding and this page is shown inside a frame (Schulportal). */
  embedded?: boolean;
  /** The school's logo and name (assembled by the route; nothing when the school set none). */
  schoolBrand?: ReactNode;
}

export function LoginScreen({ authMode, returnTo, errorCode, embedded = false, schoolBrand }: LoginScreenProps) {
  const t = useT();
  const errorMessage =
    errorCode === null
      ? null
      : isLoginErrorCode(errorCode)
        ? t(`auth.errors.${errorCode}`)
        : t('auth.errors.unknown');

  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-6 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-col gap-3">
        {schoolBrand}
        <img src="/favicon.svg" alt="" width={56} height={56} className="size-14" />
        <h1 className="text-3xl font-bold tracking-tight">{t('app.name')}</h1>
        <p className="text-lg text-slate-700 dark:text-slate-300">{t('auth.login.intro')}</p>
        <p className="text-slate-700 dark:text-slate-300">{t('auth.login.hint')}</p>
      </div>
      {errorMessage !== null && <Alert>{errorMessage}</Alert>}
      {authMode === 'oauth2' ? (
        embedded ? (
          <EmbedSignIn returnTo={returnTo} />
        ) : (
          <OAuthSignIn returnTo={returnTo} />
        )
      ) : (
        <LoginFlowSignIn returnTo={returnTo} />
      )}
    </div>
  );
}

function OAuthSignIn({ returnTo }: { returnTo: string }) {
  const t = useT();
  return (
    <Button
      className="w-full text-lg"
      onClick={() => {
        navigateTo(gatewayLoginUrl(returnTo));
      }}
    >
      {t('auth.login.button')}
    </Button>
  );
}

/**
 * Login Flow v2: the gateway hands out a Nextcloud login URL, the user signs in there in a new
 * window, and this page polls until the gateway says the session is ready.
 */
function LoginFlowSignIn({ returnTo }: { returnTo: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [flow, setFlow] = useState<{ loginUrl: string; attempt: number } | null>(null);

  const start = useStartLoginFlow((started: LoginFlowStart) => {
    openInNewWindow(started.loginUrl);
    setFlow((previous) => ({ loginUrl: started.loginUrl, attempt: (previous?.attempt ?? 0) + 1 }));
  });
  const poll = usePollLoginFlow(flow?.attempt ?? null);
  const status = flow === null ? null : poll.data;

  useEffect(() => {
    if (status !== 'done') return;
    // Forget the cached "signed out" state; the signed-in route loads the fresh session.
    queryClient.removeQueries({ queryKey: authKeys.session() });
    void navigate(returnTo, { replace: true });
  }, [status, queryClient, navigate, returnTo]);

  const restart = () => {
    start.mutate();
  };

  if (flow === null || start.isPending) {
    return <LoginFlowStartButton pending={start.isPending} error={start.isError ? start.error : null} onStart={restart} />;
  }

  if (status === 'expired' || poll.isError) {
    return (
      <div className="flex flex-col gap-4">
        <Alert>
          {status === 'expired'
            ? t('auth.loginFlow.expired')
            : t(errorMessageKey(poll.error))}
        </Alert>
        <Button className="w-full text-lg" onClick={restart}>
          {t('common.retry')}
        </Button>
      </div>
    );
  }

  if (status === 'done') {
    return (
      <p role="status" className="flex items-center gap-3 text-slate-700 dark:text-slate-300">
        <Spinner />
        {t('auth.loginFlow.done')}
      </p>
    );
  }

  return (
    <LoginFlowWaiting
      loginUrl={flow.loginUrl}
      onCancel={() => {
        setFlow(null);
      }}
    />
  );
}

function LoginFlowStartButton({ pending, error, onStart }: { pending: boolean; error: Error | null; onStart: () => void }) {
  const t = useT();
  return (
    <div className="flex flex-col gap-4">
      {error !== null && <Alert>{t(errorMessageKey(error))}</Alert>}
      <Button className="w-full text-lg" onClick={onStart} disabled={pending} aria-describedby={pending ? 'login-flow-starting' : undefined}>
        {pending && <Spinner />}
        {t('auth.login.button')}
      </Button>
      {pending && (
        <p id="login-flow-starting" role="status" className="text-slate-700 dark:text-slate-300">
          {t('auth.loginFlow.starting')}
        </p>
      )}
    </div>
  );
}

/** The Nextcloud login is open in another window: wait, open it again, or cancel. */
function LoginFlowWaiting({ loginUrl, onCancel }: { loginUrl: string; onCancel: () => void }) {
  const t = useT();
  return (
    <section aria-labelledby="login-flow-waiting" className="flex flex-col gap-4">
      <h2 id="login-flow-waiting" className="flex items-center gap-3 text-xl font-semibold">
        <Spinner />
        {t('auth.loginFlow.waitingTitle')}
      </h2>
      <p role="status" className="text-slate-700 dark:text-slate-300">
        {t('auth.loginFlow.waiting')}
      </p>
      <a
        href={loginUrl}
        target="_blank"
        rel="noopener noreferrer"
        className="inline-flex min-h-11 items-center font-medium text-blue-700 underline underline-offset-4 hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-200"
      >
        {t('auth.loginFlow.openAgain')}
        <span className="sr-only"> {t('common.opensInNewWindow')}</span>
      </a>
      <Button variant="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
    </section>
  );
}
