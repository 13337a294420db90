import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type DataRouter, type RouteObject } from 'react-router';
import { OfflineCache } from './offline-cache';
import { createAppQueryClient } from './query-client';
import { createAppRoutes, redirectToLogin } from './router';
import { followUiLanguage } from './ui-language';

export interface AppRuntime {
  queryClient: QueryClient;
  router: DataRouter;
  offline: OfflineCache;
}

/**
 * Builds the query client and the router once, wired to each other: a 401 anywhere sends the
 * router to the login screen. Tests pass their own router factory (memory router).
 */
export function createAppRuntime(
  makeRouter: (routes: RouteObject[], queryClient: QueryClient) => DataRouter = (routes) => createBrowserRouter(routes),
): AppRuntime {
  let router: DataRouter | null = null;
  const queryClient = createAppQueryClient({
    onUnauthenticated: () => {
      if (router !== null) redirectToLogin(router, queryClient);
    },
  });
  const offline = new OfflineCache(queryClient);
  offline.start();
  followUiLanguage();
  router = makeRouter(createAppRoutes(queryClient, offline), queryClient);
  return { queryClient, router, offline };
}
