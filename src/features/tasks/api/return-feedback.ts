import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { createFolder, writeFile } from '../../../api/dav/files';
import { createShare, SHARE_TYPE_USER } from '../../../api/sharing/shares';
import type { CallOptions } from '../../../api/call-options';
import { FEEDBACK_FILE, FEEDBACK_PERMISSIONS, feedbackFileContent, folderNameOf, type Feedback } from '../lib/assignment-model';
import { sendPrivateOnce } from './private-message';
import { tasksKeys } from './query-keys';

export interface FeedbackInput extends Feedback {
  teacherId: string;
  cardId: number;
  studentId: string;
  /** The teacher's path of this student's feedback folder (teacher-only until returned). */
  feedbackPath: string;
  annotated: readonly File[];
  /** true: share the folder read-only with the student (only with them). */
  giveBack: boolean;
  /** Whether it was returned before (the share exists already). */
  alreadyReturned: boolean;
  /** The private message that tells the student (sent once per assignment and student). */
  notifyText: string;
}

/** The feedback is with the student, but the private message about it could not be sent. */
export class FeedbackNotifyError extends Error {
  override readonly name = 'FeedbackNotifyError';
}

/**
 * Writes Rückmeldung.md (and annotated files) into the teacher-only feedback folder; "return" shares it with the
 * student and tells her in a private Talk message (Talk notifies her: the bell).
 */
export async function saveFeedback(input: FeedbackInput, options: CallOptions = {}): Promise<void> {
  try {
    await createFolder({ user: input.teacherId, path: input.feedbackPath }, options);
  } catch (error) {
    if (!(isApiError(error) && error.status === 405)) throw error;
  }
  const content = new Blob([feedbackFileContent(input)], { type: 'text/markdown' });
  await writeFile({ user: input.teacherId, path: `${input.feedbackPath}/${FEEDBACK_FILE}`, content }, options);
  for (const file of input.annotated) {
    await writeFile({ user: input.teacherId, path: `${input.feedbackPath}/${folderNameOf(file.name) || 'Datei'}`, content: file }, options);
  }
  if (input.giveBack && !input.alreadyReturned) {
    await createShare({ path: input.feedbackPath, shareType: SHARE_TYPE_USER, shareWith: input.studentId, permissions: FEEDBACK_PERMISSIONS }, options);
  }
  if (!input.giveBack) return;
  // Also after an earlier return whose message failed: the referenceId keeps it to one message.
  try {
    await sendPrivateOnce({ userId: input.studentId, text: input.notifyText, key: `returned:${String(input.cardId)}:${input.studentId}` }, options);
  } catch (error) {
    throw new FeedbackNotifyError('the private message was not sent', { cause: error });
  }
}

export function useSaveFeedback(cardId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: FeedbackInput) => saveFeedback(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tasksKeys.overview(cardId) }),
  });
}
