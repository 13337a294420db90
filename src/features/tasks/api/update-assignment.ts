import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { getCard, updateCard } from '../../../api/deck/cards';
import { copyEntry, createFolder, deleteEntry, writeFile } from '../../../api/dav/files';
import type { CallOptions } from '../../../api/call-options';
import { assignmentPathsOf, editedCardDescription, uploadNameOf, type AssignmentEdit } from '../lib/assignment-model';
import type { Assignment } from './get-board-assignments';
import { tasksKeys } from './query-keys';

export interface AssignmentChange extends AssignmentEdit {
  teacherId: string;
  className: string;
  assignment: Pick<Assignment, 'boardId' | 'stackId' | 'cardId' | 'settings'>;
  /** New files to upload into the material folder. */
  attachments: readonly File[];
  /** Files in the teacher's class folder to copy into the material folder. */
  classFiles: readonly string[];
  /** Names of material files to delete (into the teacher's trash bin). */
  removeMaterial: readonly string[];
}

function isStatus(error: unknown, ...statuses: number[]): boolean {
  return isApiError(error) && error.status !== null && statuses.includes(error.status);
}

/**
 * Changes a handed-out assignment: the material folder first (new files in, removed ones to the trash), then
 * the card (title, instructions with the settings marker, due date) from the card as it is now, since Deck's
 * update replaces every field. The folders keep their names when the title changes (ADR 0006).
 */
export async function updateAssignment(input: AssignmentChange, options: CallOptions = {}): Promise<void> {
  const { material } = assignmentPathsOf(input.className, input.assignment.settings.folder);
  const user = input.teacherId;
  if (input.attachments.length > 0 || input.classFiles.length > 0) {
    try {
      await createFolder({ user, path: material }, options);
    } catch (error) {
      // 405: the folder exists (the usual case).
      if (!isStatus(error, 405)) throw error;
    }
  }
  for (const file of input.attachments) {
    await writeFile({ user, path: `${material}/${uploadNameOf(file.name)}`, content: file }, options);
  }
  for (const from of input.classFiles) {
    const name = from.slice(from.lastIndexOf('/') + 1);
    await copyEntry({ user, from, to: `${material}/${name}`, overwrite: true }, options);
  }
  for (const name of input.removeMaterial) {
    try {
      await deleteEntry({ user, path: `${material}/${name}` }, options);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
  const ref = { boardId: input.assignment.boardId, stackId: input.assignment.stackId, cardId: input.assignment.cardId };
  const current = await getCard(ref, options);
  await updateCard(
    { ...ref, current, title: input.title.trim(), description: editedCardDescription(input.assignment.settings, input), duedate: input.due },
    options,
  );
}

export function useUpdateAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AssignmentChange) => updateAssignment(input),
    // Everything of the tasks feature: the board's cards and the material listings.
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKeys.all }),
  });
}
