import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { redirect, useLoaderData, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import type { AuthMode } from '../../api/auth/session';
import { LanguageSwitch } from '../../components/ui/language-switch';
import { sessionQueryOptions } from '../../features/auth/api/get-session';
import { LoginScreen } from '../../features/auth/components/login-screen';
import { brandingKeys } from '../../features/branding/api/query-keys';
import { SchoolBrand, SchoolStripe } from '../../features/branding/components/school-brand';
import { forgetUserData } from '../../features/auth/lib/signed-out';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { safeReturnTo } from '../../lib/return-to';
import type { OfflineCache } from '../offline-cache';

interface LoginLoaderData {
  authMode: AuthMode;
  embedded: boolean;
}

/** `offline`: the previous user's offline data, wiped before the login screen shows (shared tablets). */
export function loginLoader(queryClient: QueryClient, offline?: OfflineCache) {
  return async ({ request }: LoaderFunctionArgs) => {
    const session = await queryClient.query({ ...sessionQueryOptions(), staleTime: 'static' });
    const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
    // Already signed in (e.g. back button after login): go where the user wanted to be.
    if (session.authenticated) return redirect(returnTo);
    await offline?.clear();
    const framed = window.self !== window.top;
    return { authMode: session.authMode, embedded: framed && session.embedAllowed === true } satisfies LoginLoaderData;
  };
}

export function LoginRoute() {
  const t = useT();
  const { authMode, embedded } = useLoaderData<LoginLoaderData>();
  const [searchParams] = useSearchParams();
  useDocumentTitle(t('app.pageTitle', { page: t('auth.login.pageTitle') }));
  const queryClient = useQueryClient();
  useEffect(() => {
    // Whoever was signed in before: nothing of theirs stays in memory while the login screen shows.
    forgetUserData(queryClient, [brandingKeys.all]);
  }, [queryClient]);

  return (
    <div className="flex min-h-dvh flex-col">
      <SchoolStripe />
      <header className="flex justify-end p-3">
        <LanguageSwitch />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-4 pb-16 sm:items-center sm:pt-0">
        <LoginScreen
          authMode={authMode}
          embedded={embedded}
          returnTo={safeReturnTo(searchParams.get('returnTo'))}
          errorCode={searchParams.get('error')}
          schoolBrand={<SchoolBrand size="login" />}
        />
      </main>
    </div>
  );
}
