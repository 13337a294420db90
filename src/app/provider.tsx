import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { SchoolAccent } from '../features/branding/components/school-brand';
import { AppStatus } from './app-status';
import type { AppRuntime } from './runtime';

/** Everything the screens need from above: server-state cache and router. i18n is initialised on import. */
export function AppProvider({ runtime }: { runtime: AppRuntime }) {
  return (
    <QueryClientProvider client={runtime.queryClient}>
      <SchoolAccent />
      <RouterProvider router={runtime.router} />
      <AppStatus />
    </QueryClientProvider>
  );
}
