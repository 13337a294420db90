import type { QueryClient } from '@tanstack/react-query';
import type { DataRouter, RouteObject } from 'react-router';
import { createAppQueryClient } from './query-client';
import { createAppRouter, createAppRoutes, redirectToLogin } from './router';

export interface AppRuntime {
  queryClient: QueryClient;
  router: DataRouter;
}

/**
 * Builds the query client and the router once, wired to each other: a 401 anywhere sends the
 * router to the login screen. Tests pass their own router factory (memory router).
 */
export function createAppRuntime(
  makeRouter: (routes: RouteObject[], queryClient: QueryClient) => DataRouter = (_routes, queryClient) =>
    createAppRouter(queryClient),
): AppRuntime {
  let router: DataRouter | null = null;
  const queryClient = createAppQueryClient({
    onUnauthenticated: () => {
      if (router !== null) redirectToLogin(router, queryClient);
    },
  });
  router = makeRouter(createAppRoutes(queryClient), queryClient);
  return { queryClient, router };
}
