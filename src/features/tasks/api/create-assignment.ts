import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { assignLabel, assignUser, createCard, createLabel, getBoardDetails, listStacksWithCards } from '../../../api/deck/cards';
import { copyEntry, createFolder, writeFile } from '../../../api/dav/files';
import { createShare, SHARE_TYPE_USER } from '../../../api/sharing/shares';
import { listParticipants } from '../../../api/talk/rooms';
import { PARTICIPANT_TYPE } from '../../../api/talk/constants';
import type { CallOptions } from '../../../api/call-options';
import {
  ASSIGNMENT_LABEL,
  ASSIGNMENT_LABEL_COLOR,
  assignmentPathsOf,
  cardDescriptionOf,
  folderNameOf,
  planAssignment,
  uploadNameOf,
  type Student,
} from '../lib/assignment-model';
import { tasksKeys } from './query-keys';

export interface NewAssignment {
  teacherId: string;
  boardId: number;
  /** "Klasse 7a": names the folders. */
  className: string;
  /** The class chat: its participants who are not moderators are the students. */
  roomToken: string;
  title: string;
  instructions: string;
  /** ISO 8601. */
  due: string;
  availableFrom: string | null;
  toleranceMinutes: number;
  attachments: readonly File[];
  /** Files in the teacher's class folder to copy into the material folder. */
  classFiles: readonly string[];
}

export class AssignmentExistsError extends Error {
  override readonly name = 'AssignmentExistsError';
}

/** The class's students: the class chat's users who are neither owner nor moderator, the teacher excluded. */
export async function studentsOfRoom({ token, teacherId }: { token: string; teacherId: string }, { signal }: CallOptions = {}): Promise<Student[]> {
  const participants = await listParticipants({ token }, { signal });
  return participants
    .filter((p) => p.actorType === 'users' && p.actorId !== teacherId && p.participantType !== PARTICIPANT_TYPE.owner && p.participantType !== PARTICIPANT_TYPE.moderator)
    .map((p) => ({ id: p.actorId, displayName: p.displayName || p.actorId }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'de'));
}

/** MKCOL that accepts an existing folder (405), for shared parents such as "Aufgaben". */
async function ensureFolder(user: string, path: string, options: CallOptions): Promise<void> {
  try {
    await createFolder({ user, path }, options);
  } catch (error) {
    if (isApiError(error) && error.status === 405) return;
    throw error;
  }
}

/**
 * Creates an assignment: folders and one private share per student first, then the Deck card (label
 * "Aufgabe", due date, settings marker) and finally the students as assignees, which makes Deck notify each.
 * The card comes last, so an assignment that is visible is complete.
 */
export async function createAssignment(input: NewAssignment, options: CallOptions = {}): Promise<number> {
  const folder = folderNameOf(input.title);
  if (folder === '') throw new AssignmentExistsError('empty title');
  const [students, board, stacks] = await Promise.all([
    studentsOfRoom({ token: input.roomToken, teacherId: input.teacherId }, options),
    getBoardDetails({ boardId: input.boardId }, options),
    listStacksWithCards({ boardId: input.boardId }, options),
  ]);
  const plan = planAssignment(input.className, folder, students);
  const paths = assignmentPathsOf(input.className, folder);
  for (const path of plan.folders) {
    if (path === paths.submissions) {
      try {
        await createFolder({ user: input.teacherId, path }, options);
      } catch (error) {
        if (isApiError(error) && error.status === 405) throw new AssignmentExistsError(path);
        throw error;
      }
    } else {
      await ensureFolder(input.teacherId, path, options);
    }
  }
  for (const file of input.attachments) {
    await writeFile({ user: input.teacherId, path: `${paths.material}/${uploadNameOf(file.name)}`, content: file }, options);
  }
  for (const from of input.classFiles) {
    const name = from.slice(from.lastIndexOf('/') + 1);
    await copyEntry({ user: input.teacherId, from, to: `${paths.material}/${name}` }, options);
  }
  for (const share of plan.shares) {
    await createShare({ path: share.path, shareType: SHARE_TYPE_USER, shareWith: share.shareWith, permissions: share.permissions }, options);
  }
  const label = board.labels.find((l) => l.title === ASSIGNMENT_LABEL) ?? (await createLabel({ boardId: input.boardId, title: ASSIGNMENT_LABEL, color: ASSIGNMENT_LABEL_COLOR }, options));
  const stack = [...stacks].sort((a, b) => a.order - b.order)[0];
  if (stack === undefined) throw new Error('the class board has no list');
  const card = await createCard(
    {
      boardId: input.boardId,
      stackId: stack.id,
      title: input.title.trim(),
      description: cardDescriptionOf(input.instructions, { folder, availableFrom: input.availableFrom, toleranceMinutes: input.toleranceMinutes }),
      duedate: input.due,
    },
    options,
  );
  const ref = { boardId: input.boardId, stackId: stack.id, cardId: card.id };
  await assignLabel({ ...ref, labelId: label.id }, options);
  for (const s of students) await assignUser({ ...ref, userId: s.id }, options);
  return card.id;
}

export function useCreateAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewAssignment) => createAssignment(input),
    onSettled: (_id, _error, input) => queryClient.invalidateQueries({ queryKey: tasksKeys.boardAssignments(input.boardId) }),
  });
}
