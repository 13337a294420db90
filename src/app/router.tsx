import type { QueryClient } from '@tanstack/react-query';
import { Outlet, createBrowserRouter, type DataRouter, type RouteObject } from 'react-router';
import { LoadingScreen } from '../components/ui/loading-screen';
import { markSignedOut } from '../features/auth/lib/signed-out';
import { loginPath } from '../lib/return-to';
import { ChatsRoute } from './routes/chats';
import { ClassHomeRoute } from './routes/class-home';
import { HomeRoute } from './routes/home';
import { LoginRoute, loginLoader } from './routes/login';
import { MyAssignmentsRoute } from './routes/my-assignments';
import { MyFilesRoute } from './routes/my-files';
import { NotFoundRoute } from './routes/not-found';
import { RouteError } from './routes/route-error';
import { SignedInLayout, signedInLoader } from './routes/signed-in-layout';

export function createAppRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      id: 'root',
      element: <Outlet />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <LoadingScreen />,
      children: [
        { path: 'login', loader: loginLoader(queryClient), element: <LoginRoute /> },
        {
          id: 'signed-in',
          loader: signedInLoader(queryClient),
          element: <SignedInLayout />,
          children: [
            { index: true, element: <HomeRoute /> },
            { path: 'klassen/:classId', element: <ClassHomeRoute /> },
            { path: 'dateien', element: <MyFilesRoute /> },
            { path: 'chats', element: <ChatsRoute /> },
            { path: 'aufgaben', element: <MyAssignmentsRoute /> },
            { path: 'chats/:token', element: <ChatsRoute /> },
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

export function createAppRouter(queryClient: QueryClient): DataRouter {
  return createBrowserRouter(createAppRoutes(queryClient));
}
