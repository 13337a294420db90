import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { isBreakoutRoomOf, listBreakoutRooms, type BreakoutRoom } from '../../../api/talk/breakout-rooms';
import { receiveMessages, type ChatMessage } from '../../../api/talk/chat-messages';
import { listParticipants, type TalkParticipant } from '../../../api/talk/rooms';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';

/** Query keys of the lesson's breakout rooms, per parent (the class's conversation). */
export const breakoutKeys = {
  all: (parentToken: string) => ['lessons', 'breakout', parentToken] as const,
  rooms: (parentToken: string) => [...breakoutKeys.all(parentToken), 'rooms'] as const,
  members: (parentToken: string, token: string) => [...breakoutKeys.all(parentToken), 'members', token] as const,
  messages: (parentToken: string, token: string) => [...breakoutKeys.all(parentToken), 'messages', token] as const,
};

/**
 * The breakout rooms of the lesson (teachers: all; students: their own), in Talk's order; null while none are
 * configured (Talk answers 400 "mode" then, which here means "no groups", not a failure).
 */
export function breakoutRoomsQueryOptions(parentToken: string) {
  return queryOptions({
    queryKey: breakoutKeys.rooms(parentToken),
    queryFn: async ({ signal }): Promise<BreakoutRoom[] | null> => {
      try {
        return (await listBreakoutRooms({ token: parentToken }, { signal })).filter((r) => isBreakoutRoomOf(r, parentToken));
      } catch (err) {
        if (isApiError(err) && err.kind === 'bad-request') return null;
        throw err;
      }
    },
  });
}

export function useBreakoutRooms(parentToken: string, { enabled = true, refetchInterval }: { enabled?: boolean; refetchInterval?: number | false } = {}) {
  return useQuery({ ...breakoutRoomsQueryOptions(parentToken), enabled, refetchInterval: refetchInterval ?? false });
}

/** The students of each breakout room (moderators are in every room and left out). */
export function useBreakoutMembers(parentToken: string, tokens: string[], refetchInterval: number | false) {
  return useQueries({
    queries: tokens.map((token) => ({
      queryKey: breakoutKeys.members(parentToken, token),
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<TalkParticipant[]> =>
        (await listParticipants({ token }, { signal })).filter((p) => p.participantType !== PARTICIPANT_TYPE.owner && p.participantType !== PARTICIPANT_TYPE.moderator),
      refetchInterval,
    })),
  });
}

/** The newest chat messages written in a breakout room (the teacher's broadcasts land there), newest last. */
export function useGroupMessages(parentToken: string, token: string, { limit = 5, refetchInterval = 5000 }: { limit?: number; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: breakoutKeys.messages(parentToken, token),
    queryFn: async ({ signal }): Promise<ChatMessage[]> => {
      const batch = await receiveMessages({ token, lookIntoFuture: false, limit: 20 }, { signal });
      return batch.messages.filter((m) => m.messageType === 'comment').slice(-limit);
    },
    refetchInterval,
  });
}
