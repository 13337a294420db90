import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../api/api-error';
import { logout } from '../../../api/auth/session';
import { markSignedOut } from '../lib/signed-out';

/** Signs out at the gateway, then shows the login screen (which forgets the user's cached data). */
export function useLogout() {
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
      markSignedOut(queryClient);
      await navigate('/login', { replace: true });
    },
  });
}
