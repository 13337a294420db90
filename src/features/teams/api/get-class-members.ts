import { queryOptions, useQuery } from '@tanstack/react-query';
import { listParticipants } from '../../../api/talk/rooms';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import { crossTabInterval, SHARED_ACROSS_TABS } from '../../../lib/cross-tab-queries';
import { teamsKeys } from './query-keys';

export type PresenceStatus = 'online' | 'away' | 'dnd' | 'offline';

export interface ClassMember {
  id: string;
  displayName: string;
  /** Owner or moderator of the class chat: the class's teachers. */
  isModerator: boolean;
  status: PresenceStatus;
  statusMessage: string | null;
}

function presenceOf(status: string | null | undefined): PresenceStatus {
  if (status === 'online' || status === 'away' || status === 'dnd') return status;
  // "invisible" is shown as offline to everybody else, as Nextcloud does.
  return 'offline';
}

/** The members of the class chat with their online status (Talk participants, includeStatus=true). */
export function classMembersQueryOptions(roomToken: string) {
  return queryOptions({
    queryKey: teamsKeys.members(roomToken),
    queryFn: async ({ signal }): Promise<ClassMember[]> => {
      const participants = await listParticipants({ token: roomToken, includeStatus: true }, { signal });
      return participants
        .filter((p) => p.actorType === 'users')
        .map((p) => ({
          id: p.actorId,
          displayName: p.displayName || p.actorId,
          isModerator: p.participantType === PARTICIPANT_TYPE.owner || p.participantType === PARTICIPANT_TYPE.moderator,
          status: presenceOf(p.status),
          statusMessage: p.statusMessage ?? null,
        }))
        .sort((a, b) => Number(b.isModerator) - Number(a.isModerator) || a.displayName.localeCompare(b.displayName, 'de'));
    },
    // Once per browser, not once per visible tab (the leader tab refreshes, the others take its result).
    refetchInterval: crossTabInterval(60_000),
    meta: SHARED_ACROSS_TABS,
  });
}

export function useClassMembers(roomToken: string | null) {
  return useQuery({ ...classMembersQueryOptions(roomToken ?? ''), enabled: roomToken !== null });
}
