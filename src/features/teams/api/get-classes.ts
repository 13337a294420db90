import { queryOptions, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import type { CallOptions } from '../../../api/call-options';
import { listBoards, type DeckBoard } from '../../../api/deck/boards';
import { listShares, type Share } from '../../../api/sharing/shares';
import { listRooms, type TalkRoom } from '../../../api/talk/rooms';
import { listTeamResources, listTeams } from '../../../api/teams/teams';
import { isTeacher, type DirectoryMapping } from '../lib/class-space';
import { discoverClasses, type ClassSummary, type TeamWithResources } from '../lib/discover-classes';
import { directoryMappingQueryOptions } from './get-directory-mapping';
import { teamsKeys } from './query-keys';

/** Who is asking: the route passes the signed-in user in (features do not read each other's state). */
export interface ClassesUser {
  id: string;
  groups: readonly string[];
}

/** An app that is not installed (404, OCS 998) simply contributes nothing; everything else is an error. */
async function orEmpty<T>(promise: Promise<T[]>): Promise<T[]> {
  try {
    return await promise;
  } catch (error) {
    if (isApiError(error) && error.kind === 'not-found') return [];
    throw error;
  }
}

async function teamsWithResources(options: CallOptions): Promise<TeamWithResources[]> {
  const teams = await orEmpty(listTeams({}, options));
  // Teams need one request each for their resources (there is no list form); most users have none.
  return Promise.all(
    teams.map(async (team) => {
      try {
        return { team, resources: await listTeamResources({ teamId: team.id }, options) };
      } catch (error) {
        if (!isApiError(error)) throw error;
        // Members through a group often cannot read them on real Nextcloud: fall back to direct shares.
        return { team, resources: null };
      }
    }),
  );
}

/** Loads the user's classes: one room list, one board list, one shares list (+ teams, if any). */
export async function loadClasses(user: ClassesUser, mapping: DirectoryMapping, options: CallOptions = {}): Promise<ClassSummary[]> {
  const teacher = isTeacher(mapping, user.groups);
  const [rooms, boards, shares, teams] = await Promise.all([
    orEmpty<TalkRoom>(listRooms({}, options)),
    orEmpty<DeckBoard>(listBoards({}, options)),
    // A teacher's own shares tell whether their classes are set up; students need what they received.
    orEmpty<Share>(listShares({ sharedWithMe: !teacher }, options)),
    teamsWithResources(options),
  ]);
  return discoverClasses({ mapping, userId: user.id, groups: user.groups, rooms, boards, shares, teams });
}

export function classesQueryOptions(user: ClassesUser) {
  return queryOptions({
    queryKey: teamsKeys.classes(user.id),
    // The mapping comes from the gateway once (cached); a failure to get it fails the class list visibly.
    queryFn: async ({ signal, client }) => loadClasses(user, await client.query(directoryMappingQueryOptions()), { signal }),
  });
}

export function useClasses(user: ClassesUser | undefined) {
  return useQuery({
    ...classesQueryOptions(user ?? { id: '', groups: [] }),
    enabled: user !== undefined,
  });
}
