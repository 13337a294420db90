import { useMutation } from '@tanstack/react-query';
import { sendMessage } from '../../../api/talk/chat-messages';
import type { CallOptions } from '../../../api/call-options';
import { mentionsOf, type Student } from '../lib/assignment-model';

function referenceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A reminder in the class chat that mentions only the students who have not handed in: Talk notifies exactly
 * the mentioned users (Talk's own mention notification, nothing extra).
 */
export async function remindMissing({ roomToken, text, students }: { roomToken: string; text: string; students: readonly Student[] }, options: CallOptions = {}): Promise<void> {
  if (students.length === 0) return;
  await sendMessage({ token: roomToken, message: `${text} ${mentionsOf(students)}`, referenceId: referenceId() }, options);
}

export function useRemindMissing() {
  return useMutation({ mutationFn: (input: { roomToken: string; text: string; students: readonly Student[] }) => remindMissing(input) });
}
