import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/api-error';
import { logout, type Session } from '../../../api/auth/session';
import { authKeys } from './query-keys';
import { markSignedOut } from '../lib/signed-out';

/**
 * Signs out at the gateway, then shows the login screen (which forgets the user's cached data). `onSignedOut`
 * gets the user who signed out, for device data other features keep (assembled in the app, e.g. the chat outbox).
 */
export function useLogout(onSignedOut?: (userId: string | null) => void) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      try {
        await logout();
      } catch (error) {
        // No session any more: that is exactly what signing out wants.
        if (isApiError(error) && error.kind === 'unauthenticated') return;
        throw error;
      }
    },
    onSuccess: async () => {
      const session = queryClient.getQueryData<Session>(authKeys.session());
      onSignedOut?.(session?.authenticated === true ? session.user.id : null);
      markSignedOut(queryClient);
      await navigate('/login', { replace: true });
    },
  });
}
