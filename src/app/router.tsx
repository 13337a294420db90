import type { QueryClient } from '@tanstack/react-query';
import { Outlet, createBrowserRouter, type DataRouter, type RouteObject } from 'react-router';
import { LoadingScreen } from '../components/ui/loading-screen';
import { markSignedOut } from '../features/auth/lib/signed-out';
import { loginPath } from '../lib/return-to';
import type { OfflineCache } from './offline-cache';
import { LoginRoute, loginLoader } from './routes/login';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './routes/route-error';
import { SignedInLayout, signedInLoader } from './routes/signed-in-layout';

/*
 * Code splitting: the login screen and the signed-in shell (header, navigation, chat runtime) are in the
 * entry chunk so they paint at once; every page below the shell is its own chunk, loaded by React Router's
 * route `lazy` when the route matches (in parallel with the loaders, and before the first render of a deep
 * link, while hydrateFallbackElement shows). `npm run bench` prints what loads lazily.
 */
const homeRoute = async () => ({ Component: (await import('./routes/home')).HomeRoute });
/** The class home's tab in the address (CLASS_TAB_PARAM of features/teams/components/class-home.tsx, which
 * the entry chunk must not import). */
const CLASS_TAB_PARAM = 'ansicht';
const classHomeRoute = async () => {
  // The chat is the class home's default tab (and beside the lesson): its chunk loads together with the
  // route's (and the session check), not after it.
  const tab = new URLSearchParams(window.location.search).get(CLASS_TAB_PARAM);
  if (tab === null || tab === 'chat' || tab === 'unterricht') void import('../features/chat/components/chat-panel');
  return { Component: (await import('./routes/class-home')).ClassHomeRoute };
};
const myFilesRoute = async () => ({ Component: (await import('./routes/my-files')).MyFilesRoute });
const chatsRoute = async () => ({ Component: (await import('./routes/chats')).ChatsRoute });
const myAssignmentsRoute = async () => ({ Component: (await import('./routes/my-assignments')).MyAssignmentsRoute });

/** `offline`: the user's offline data (restored when the gateway is unreachable, wiped at the login screen). */
export function createAppRoutes(queryClient: QueryClient, offline?: OfflineCache): RouteObject[] {
  return [
    {
      id: 'root',
      element: <Outlet />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <LoadingScreen />,
      children: [
        { path: 'login', loader: loginLoader(queryClient, offline), element: <LoginRoute /> },
        {
          id: 'signed-in',
          loader: signedInLoader(queryClient, offline),
          element: <SignedInLayout />,
          children: [
            { index: true, lazy: homeRoute },
            { path: 'klassen/:classId', lazy: classHomeRoute },
            { path: 'dateien', lazy: myFilesRoute },
            { path: 'chats', lazy: chatsRoute },
            { path: 'aufgaben', lazy: myAssignmentsRoute },
            { path: 'chats/:token', lazy: chatsRoute },
            { path: '*', element: <NotFoundRoute /> },
          ],
        },
      ],
    },
  ];
}

/**
 * The global answer to a 401: remember that nobody is signed in and go to the login screen with the
 * current path as returnTo. The login screen forgets the previous user's data once it shows.
 */
export function redirectToLogin(router: DataRouter, queryClient: QueryClient): void {
  const { location, navigation } = router.state;
  if (location.pathname === '/login' || navigation.location?.pathname === '/login') return;
  markSignedOut(queryClient);
  void router.navigate(loginPath(location.pathname + location.search), { replace: true });
}

export function createAppRouter(queryClient: QueryClient, offline?: OfflineCache): DataRouter {
  return createBrowserRouter(createAppRoutes(queryClient, offline));
}
