import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, Outlet, redirect, useLocation, type LoaderFunctionArgs } from 'react-router';
import { isApiError } from '../../api/api-error';
import type { Session } from '../../api/auth/session';
import { LanguageSwitch } from '../../components/ui/language-switch';
import { seedCurrentUser, useCurrentUser } from '../../features/auth/api/get-current-user';
import { sessionQueryOptions, useSession } from '../../features/auth/api/get-session';
import { UserMenu } from '../../features/auth/components/user-menu';
import { SchoolBrand, SchoolStripe } from '../../features/branding/components/school-brand';
import { NotificationBell } from '../../features/chat/components/notification-bell';
import { forgetOutbox } from '../../features/chat/lib/outbox';
import { useT } from '../../i18n/i18n';
import { loginPath } from '../../lib/return-to';
import { keepHomeBadgesLive } from '../live-badges';
import { NextcloudLanguageOffer } from '../nextcloud-language-offer';
import type { OfflineCache } from '../offline-cache';

/**
 * Every signed-in route sits below this loader: no session, no screen, straight to the login. Without a
 * network the user's offline data (if any) stands in for the session: the screens show what was seen last.
 */
export function signedInLoader(queryClient: QueryClient, offline?: OfflineCache) {
  return async ({ request }: LoaderFunctionArgs) => {
    if (offline !== undefined && !navigator.onLine && (await offline.restore()) !== null) return null;
    let session: Session;
    try {
      session = await queryClient.query({ ...sessionQueryOptions(), staleTime: 'static' });
    } catch (error) {
      if (offline !== undefined && isApiError(error) && error.kind === 'network' && (await offline.restore()) !== null) return null;
      throw error;
    }
    if (!session.authenticated) {
      const url = new URL(request.url);
      return redirect(loginPath(url.pathname + url.search));
    }
    seedCurrentUser(queryClient, session);
    await offline?.activate(session.user.id);
    return null;
  };
}

/** The chat hub (leader election, long-poll, outbox) renders nothing: it loads beside the first screen
 * instead of before it. */
const ChatRuntime = lazy(() => import('../../features/chat/components/chat-runtime').then((m) => ({ default: m.ChatRuntime })));

/** After an in-app navigation, move focus to the new page so screen readers start there. */
function useFocusMainOnNavigation() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    mainRef.current?.focus();
  }, [pathname]);
  return mainRef;
}

/** The class cards' badges and due tasks follow the leader's polls (live-badges.ts). */
function useLiveBadges(userId: string | undefined) {
  const queryClient = useQueryClient();
  useEffect(() => (userId === undefined ? undefined : keepHomeBadgesLive(queryClient, userId)), [queryClient, userId]);
}

export function SignedInLayout() {
  const t = useT();
  const mainRef = useFocusMainOnNavigation();
  const currentUser = useCurrentUser();
  const session = useSession();
  const pollInterval = session.data?.authenticated ? session.data.firstWave?.pollInterval : undefined;
  useLiveBadges(currentUser.data?.id);
  return (
    <div className="flex min-h-dvh flex-col">
      {currentUser.data && (
        <Suspense fallback={null}>
          <ChatRuntime userId={currentUser.data.id} pollIntervalSeconds={pollInterval} />
        </Suspense>
      )}
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-4 py-3 font-medium text-blue-800 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-slate-900 dark:text-blue-200"
      >
        {t('layout.skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <SchoolStripe />
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 sm:px-6 md:gap-x-2 md:px-3 lg:gap-x-4 lg:px-6">
          <Link
            to="/"
            aria-label={t('layout.homeLink')}
            className="inline-flex min-h-11 min-w-11 items-center gap-2 rounded-lg pr-2 text-lg font-bold"
          >
            <img src="/favicon.svg" alt="" width={32} height={32} className="size-8" />
            <span className="hidden lg:inline">{t('app.name')}</span>
          </Link>
          <SchoolBrand size="header" />
          <MainNavigation />
          <div className="ml-auto flex flex-wrap items-center justify-end gap-2 md:gap-1 lg:gap-2">
            <LanguageSwitch compact />
            <NotificationBell />
            <UserMenu
              onSignedOut={(userId) => {
                if (userId !== null) forgetOutbox(userId);
              }}
            />
          </div>
        </div>
      </header>
      <NextcloudLanguageOffer />
      <main id="main" ref={mainRef} tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:px-6">
        <Outlet />
      </main>
    </div>
  );
}

function MainNavigation() {
  const t = useT();
  return (
    <nav aria-label={t('layout.mainNavigation')} className="order-last w-full md:order-none md:w-auto">
      <ul className="flex flex-wrap gap-1">
        <NavItem to="/" end>
          {t('nav.classes')}
        </NavItem>
        <NavItem to="/dateien">{t('nav.files')}</NavItem>
        <NavItem to="/chats">{t('nav.chats')}</NavItem>
        <NavItem to="/aufgaben">{t('nav.tasks')}</NavItem>
      </ul>
    </nav>
  );
}

function NavItem({ to, end, children }: { to: string; end?: boolean; children: ReactNode }) {
  return (
    <li>
      <NavLink
        to={to}
        end={end}
        className={({ isActive }) =>
          'inline-flex min-h-11 items-center rounded-lg px-3 font-medium hover:bg-slate-100 md:px-2 lg:px-3 dark:hover:bg-slate-800 ' +
          (isActive ? 'text-accent-text underline underline-offset-8 dark:text-accent-text-dark' : '')
        }
      >
        {children}
      </NavLink>
    </li>
  );
}
