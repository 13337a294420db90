import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  BREAKOUT_MODE_AUTOMATIC,
  broadcastToBreakoutRooms,
  configureBreakoutRooms,
  removeBreakoutRooms,
  requestAssistance,
  resetAssistance,
  startBreakoutRooms,
  stopBreakoutRooms,
} from '../../../api/talk/breakout-rooms';
import { breakoutKeys } from './get-breakout-rooms';

/** Teacher actions on the lesson's breakout rooms; each refreshes what the panels show. */
export function useBreakoutActions(parentToken: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: breakoutKeys.all(parentToken) });
  return {
    /** Creates `amount` groups with the class spread automatically (unless they exist already) and opens them. */
    open: useMutation({
      mutationFn: async ({ amount, configured }: { amount: number; configured: boolean }) => {
        if (!configured) await configureBreakoutRooms({ token: parentToken, mode: BREAKOUT_MODE_AUTOMATIC, amount });
        await startBreakoutRooms({ token: parentToken });
      },
      onSettled: refresh,
    }),
    stop: useMutation({ mutationFn: () => stopBreakoutRooms({ token: parentToken }), onSettled: refresh }),
    remove: useMutation({ mutationFn: () => removeBreakoutRooms({ token: parentToken }), onSettled: refresh }),
    broadcast: useMutation({ mutationFn: (message: string) => broadcastToBreakoutRooms({ token: parentToken, message }), onSettled: refresh }),
  };
}

/** A student in a breakout room asks the teacher for help, or withdraws the request. */
export function useAssistance(parentToken: string, groupToken: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (wanted: boolean) => (wanted ? requestAssistance({ token: groupToken }) : resetAssistance({ token: groupToken })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: breakoutKeys.rooms(parentToken) }),
  });
}
