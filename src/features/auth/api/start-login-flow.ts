import { useMutation } from '@tanstack/react-query';
import { startLoginFlow, type LoginFlowStart } from '../../../api/auth/session';

export function useStartLoginFlow(onStarted: (start: LoginFlowStart) => void) {
  return useMutation({
    mutationFn: () => startLoginFlow(),
    onSuccess: onStarted,
  });
}
