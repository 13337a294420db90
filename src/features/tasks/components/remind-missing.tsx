import { useId, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import { newReminderRound, useRemindMissing, type ReminderOutcome } from '../api/remind-missing';
import type { Student } from '../lib/assignment-model';
import { DATE_TIME } from './submission-table';

/**
 * "N Fehlende erinnern": first says what happens (each gets a private message, the class sees nothing), then
 * sends one private message per student. Who could not be reached is named, and "Erneut versuchen" sends to
 * exactly those, in the same round (nobody gets it twice).
 */
export function RemindMissing({ assignment, missing }: { assignment: Assignment; missing: readonly Student[] }) {
  const t = useT();
  const format = useFormat();
  const id = useId();
  const remind = useRemindMissing();
  const [confirming, setConfirming] = useState(false);
  const [round, setRound] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ReminderOutcome | null>(null);

  const text = t('tasks.overview.remindText', {
    title: assignment.title,
    date: assignment.due === null ? t('tasks.noDue') : format.date(assignment.due, DATE_TIME),
  });
  const send = (students: readonly Student[], inRound: string) => {
    setRound(inRound);
    remind.mutate(
      { cardId: assignment.cardId, round: inRound, text, students },
      {
        onSuccess: (result) =>
          setOutcome((before) => ({ sent: [...(before?.sent ?? []), ...result.sent], failed: result.failed })),
      },
    );
  };

  if (missing.length === 0 && outcome === null) return <p>{t('tasks.overview.nobodyMissing')}</p>;
  return (
    <div className="flex flex-col gap-3">
      {confirming ? (
        <section aria-labelledby={`${id}-h`} className="flex flex-col gap-3 rounded-2xl border-2 border-blue-700 p-4 dark:border-blue-300">
          <h4 id={`${id}-h`} className="text-lg font-semibold">
            {t('tasks.remind.confirmHeading', { count: missing.length })}
          </h4>
          <p>{t('tasks.remind.confirmText', { count: missing.length })}</p>
          <p className="font-medium">{missing.map((s) => s.displayName).join(', ')}</p>
          <blockquote className="border-l-4 border-slate-400 pl-3 text-slate-700 dark:text-slate-300">{text}</blockquote>
          <div className="flex flex-wrap gap-3">
            <Button
              onClick={() => {
                setConfirming(false);
                setOutcome(null);
                send(missing, newReminderRound());
              }}
            >
              {t('tasks.remind.send', { count: missing.length })}
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              {t('tasks.remind.cancel')}
            </Button>
          </div>
        </section>
      ) : missing.length > 0 ? (
        <Button variant="secondary" className="self-start" disabled={remind.isPending} onClick={() => setConfirming(true)}>
          {t('tasks.overview.remind', { count: missing.length })}
        </Button>
      ) : null}
      <p role="status">
        {remind.isPending ? t('tasks.remind.sending') : outcome !== null && outcome.sent.length > 0 ? t('tasks.overview.reminded', { count: outcome.sent.length }) : ''}
      </p>
      {remind.isError ? <Alert>{t('tasks.actionError')}</Alert> : null}
      {outcome !== null && outcome.failed.length > 0 && round !== null ? (
        <Alert>
          <ul className="list-disc pl-6">
            {outcome.failed.map((s) => (
              <li key={s.id}>{t('tasks.remind.failedFor', { name: s.displayName })}</li>
            ))}
          </ul>
          <Button variant="secondary" className="mt-3" disabled={remind.isPending} onClick={() => send(outcome.failed, round)}>
            {t('tasks.remind.retry', { count: outcome.failed.length })}
          </Button>
        </Alert>
      ) : null}
    </div>
  );
}
