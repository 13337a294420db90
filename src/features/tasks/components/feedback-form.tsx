import { useId, useRef, useState, type SyntheticEvent } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import type { OverviewRow } from '../api/get-submission-overview';
import { FeedbackNotifyError, useSaveFeedback } from '../api/return-feedback';
import { textField } from '../lib/form-field';

const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/**
 * Comment, grade and a corrected file for one student; "Zurückgeben" shares it with that student only and tells
 * her in a private Talk message.
 */
export function FeedbackForm({ teacherId, assignment, row }: { teacherId: string; assignment: Assignment; row: OverviewRow }) {
  const t = useT();
  const id = useId();
  const save = useSaveFeedback(assignment.cardId);
  const files = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const name = row.student.displayName;
  const returned = row.status === 'returned';

  function send(form: HTMLFormElement, giveBack: boolean) {
    const data = new FormData(form);
    const grade = textField(data, 'grade').trim();
    setOutcome(null);
    save.mutate(
      {
        teacherId,
        cardId: assignment.cardId,
        studentId: row.student.id,
        feedbackPath: row.feedbackPath,
        comment: textField(data, 'comment'),
        grade: grade === '' ? null : grade,
        annotated: Array.from(files.current?.files ?? []),
        giveBack,
        alreadyReturned: returned,
        notifyText: t('tasks.feedback.notifyText', { title: assignment.title }),
      },
      { onSuccess: () => setOutcome(giveBack || returned ? t('tasks.feedback.returned', { name }) : t('tasks.feedback.saved', { name })) },
    );
  }

  return (
    <form
      aria-labelledby={`${id}-h`}
      className="flex flex-col gap-3 rounded-2xl border border-slate-300 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-900"
      onSubmit={(e: SyntheticEvent<HTMLFormElement>) => {
        e.preventDefault();
        send(e.currentTarget, true);
      }}
    >
      <h4 id={`${id}-h`} className="text-lg font-semibold">
        {t('tasks.overview.feedbackFor', { name })}
      </h4>
      {returned ? <p className="text-slate-700 dark:text-slate-300">{t('tasks.feedback.alreadyReturned', { name })}</p> : null}
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.feedback.comment')}
        <textarea name="comment" rows={4} className={inputClasses} />
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.feedback.grade')}
        <input name="grade" maxLength={40} className={inputClasses} />
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.feedback.annotated')}
        <input ref={files} type="file" multiple className="min-h-11" />
      </label>
      {save.error instanceof FeedbackNotifyError ? (
        <Alert>{t('tasks.feedback.notifyFailed', { name })}</Alert>
      ) : save.isError ? (
        <Alert>{t('tasks.actionError')}</Alert>
      ) : null}
      <p role="status">{outcome ?? ''}</p>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('tasks.feedback.notifyHint', { name })}</p>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={save.isPending}>
          {t('tasks.feedback.giveBack')}
        </Button>
        {returned ? null : (
          <Button
            variant="secondary"
            disabled={save.isPending}
            onClick={(e) => {
              const form = e.currentTarget.form;
              if (form) send(form, false);
            }}
          >
            {t('tasks.feedback.save')}
          </Button>
        )}
      </div>
    </form>
  );
}
