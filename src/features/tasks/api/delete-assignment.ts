import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { deleteCard } from '../../../api/deck/cards';
import { deleteEntry } from '../../../api/dav/files';
import { deleteShare, listShares } from '../../../api/sharing/shares';
import type { CallOptions } from '../../../api/call-options';
import { assignmentPathsOf, isAssignmentShare } from '../lib/assignment-model';
import type { Assignment } from './get-board-assignments';
import { tasksKeys } from './query-keys';

export interface AssignmentRemoval {
  teacherId: string;
  className: string;
  assignment: Pick<Assignment, 'boardId' | 'stackId' | 'cardId' | 'settings'>;
}

function isNotFound(error: unknown): boolean {
  return isApiError(error) && error.kind === 'not-found';
}

/**
 * Deletes an assignment for the class, keeping what the teacher received: the students' shares of their
 * submission and feedback folders go (the folders stay in the teacher's files, under
 * "Klassen/Abgaben <class>/<folder>"), the material folder goes to the teacher's trash bin, and the card is
 * deleted last, so a delete that failed half-way is still visible and a second one finishes the job.
 */
export async function deleteAssignment(input: AssignmentRemoval, options: CallOptions = {}): Promise<void> {
  const paths = assignmentPathsOf(input.className, input.assignment.settings.folder);
  const shares = await listShares({}, options);
  for (const share of shares.filter((s) => isAssignmentShare(paths, s.path))) {
    try {
      await deleteShare({ id: share.id }, options);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  try {
    await deleteEntry({ user: input.teacherId, path: paths.material }, options);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await deleteCard({ boardId: input.assignment.boardId, stackId: input.assignment.stackId, cardId: input.assignment.cardId }, options);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export function useDeleteAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AssignmentRemoval) => deleteAssignment(input),
    // Not awaited: once the board is refetched the assignment is gone and the dialog with it, and the caller's
    // onSuccess (which says where the hand-ins are) would never run.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: tasksKeys.all });
    },
  });
}
