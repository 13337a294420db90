import { useMutation } from '@tanstack/react-query';
import type { CallOptions } from '../../../api/call-options';
import type { Student } from '../lib/assignment-model';
import { sendPrivateOnce } from './private-message';

export interface ReminderRound {
  cardId: number;
  /** One reminder round (chosen when the teacher confirms); a retry of the same round keeps it. */
  round: string;
  text: string;
  students: readonly Student[];
}

export interface ReminderOutcome {
  sent: Student[];
  failed: Student[];
}

/** A new round id: a retry of failed students reuses it, a new click on "erinnern" makes a new one. */
export function newReminderRound(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Reminds each student privately: one message in the teacher's one-to-one conversation with her, which Talk
 * notifies (nobody else sees it, unlike a mention in the class chat). One student after the other; a failure
 * for one does not stop the others, and a retry of the round sends nobody a second message (the referenceId).
 */
export async function remindMissing({ cardId, round, text, students }: ReminderRound, options: CallOptions = {}): Promise<ReminderOutcome> {
  const outcome: ReminderOutcome = { sent: [], failed: [] };
  for (const student of students) {
    try {
      await sendPrivateOnce({ userId: student.id, text, key: `remind:${String(cardId)}:${round}:${student.id}` }, options);
      outcome.sent.push(student);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      outcome.failed.push(student);
    }
  }
  return outcome;
}

export function useRemindMissing() {
  return useMutation({ mutationFn: (input: ReminderRound) => remindMissing(input) });
}
