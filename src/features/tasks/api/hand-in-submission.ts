import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteEntry, writeFile } from '../../../api/dav/files';
import type { CallOptions } from '../../../api/call-options';
import { ANSWER_FILE, HANDED_IN_FILE, uploadNameOf } from '../lib/assignment-model';
import { tasksKeys } from './query-keys';

export interface SubmissionPlace {
  userId: string;
  /** The submission folder as the student sees it. */
  path: string;
}

/** Saves a typed answer as Antwort.md in the submission folder. */
export async function saveAnswer({ userId, path, text }: SubmissionPlace & { text: string }, options: CallOptions = {}): Promise<void> {
  await writeFile({ user: userId, path: `${path}/${ANSWER_FILE}`, content: new Blob([text], { type: 'text/markdown' }) }, options);
}

export async function uploadSubmissionFiles({ userId, path, files }: SubmissionPlace & { files: readonly File[] }, options: CallOptions = {}): Promise<void> {
  for (const file of files) {
    const name = uploadNameOf(file.name);
    if (name === HANDED_IN_FILE) continue;
    await writeFile({ user: userId, path: `${path}/${name}`, content: file }, options);
  }
}

/** Hand in: the marker file; its upload time (set by Nextcloud) is the hand-in time. */
export async function handIn({ userId, path }: SubmissionPlace, options: CallOptions = {}): Promise<void> {
  const text = `Abgegeben am ${new Date().toISOString()}\n`;
  await writeFile({ user: userId, path: `${path}/${HANDED_IN_FILE}`, content: new Blob([text], { type: 'text/plain' }) }, options);
}

/** Take back: the marker goes (into the trash bin), the files stay. */
export async function takeBack({ userId, path }: SubmissionPlace, options: CallOptions = {}): Promise<void> {
  await deleteEntry({ user: userId, path: `${path}/${HANDED_IN_FILE}` }, options);
}

export type SubmissionAction =
  | { kind: 'answer'; text: string }
  | { kind: 'upload'; files: readonly File[] }
  | { kind: 'hand-in'; text: string | null }
  | { kind: 'take-back' };

/** One mutation for the student's actions on their submission; afterwards the status is read again. */
export function useSubmissionAction(place: SubmissionPlace | null, folder: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: SubmissionAction) => {
      if (place === null) throw new Error('no submission place');
      if (action.kind === 'answer') await saveAnswer({ ...place, text: action.text });
      else if (action.kind === 'upload') await uploadSubmissionFiles({ ...place, files: action.files });
      else if (action.kind === 'hand-in') {
        if (action.text !== null) await saveAnswer({ ...place, text: action.text });
        await handIn(place);
      } else await takeBack(place);
    },
    onSettled: () => (place === null ? undefined : queryClient.invalidateQueries({ queryKey: tasksKeys.folder(place.userId, folder) })),
  });
}
