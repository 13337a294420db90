import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createFolder } from '../../../api/dav/files';
import { addAcl, createBoard, createStack, listBoards, updateAcl } from '../../../api/deck/boards';
import { createShare, listShares, updateSharePermissions } from '../../../api/sharing/shares';
import {
  addParticipant,
  createGroupRoom,
  listParticipants,
  listRooms,
  promoteModerator,
  setDefaultPermissions,
  setMentionPermissions,
  setRoomDescription,
} from '../../../api/talk/rooms';
import { useT } from '../../../i18n/i18n';
import type { ClassGroup } from '../lib/class-space';
import { provisionClassSpace, type ProvisionApi, type ProvisionResult } from '../lib/provision-class-space';
import { teamsKeys } from './query-keys';

/** The real api functions behind provisioning. */
export const provisionApi: ProvisionApi = {
  listShares: (p) => listShares(p),
  createShare: (p) => createShare(p),
  updateSharePermissions: (p) => updateSharePermissions(p),
  createFolder: (p) => createFolder(p),
  listRooms: (p) => listRooms(p),
  createGroupRoom: (p) => createGroupRoom(p),
  setRoomDescription: (p) => setRoomDescription(p),
  setDefaultPermissions: (p) => setDefaultPermissions(p),
  setMentionPermissions: (p) => setMentionPermissions(p),
  listParticipants: (p) => listParticipants(p),
  addParticipant: (p) => addParticipant(p),
  promoteModerator: (p) => promoteModerator(p),
  listBoards: (p) => listBoards(p),
  createBoard: (p) => createBoard(p),
  addAcl: (p) => addAcl(p),
  updateAcl: (p) => updateAcl(p),
  createStack: (p) => createStack(p),
};

export interface ProvisionVariables {
  group: ClassGroup;
  teacher: string;
}

/** Sets up (or repairs) a class space, then reloads the class list. */
export function useProvisionClass() {
  const queryClient = useQueryClient();
  const t = useT();
  return useMutation({
    mutationFn: async ({ group, teacher }: ProvisionVariables): Promise<ProvisionResult> => {
      const stackTitles = [t('teams.provision.stacks.open'), t('teams.provision.stacks.inProgress'), t('teams.provision.stacks.done')];
      return provisionClassSpace(provisionApi, { group, teacher, stackTitles });
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: teamsKeys.all });
    },
  });
}
