import { useId, useRef, useState } from 'react';
import type { FileEntry } from '../../../api/dav/multistatus';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import { useMySubmission } from '../api/get-my-submission';
import { useSubmissionAction } from '../api/hand-in-submission';
import { canChangeSubmission, isAvailable, isInternalFile, type SubmissionStatus } from '../lib/assignment-model';
import { useNow } from '../lib/use-now';
import { ReturnedFeedbackSection } from './returned-feedback';
import { StatusBadge } from './status-badge';
import { Loading, RetryAlert } from '../../../components/ui/query-state';

const DATE_TIME = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const;
const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/** The student's own submission: a text answer, files, hand in / take back, and the returned feedback. */
export function MySubmission({ userId, assignment }: { userId: string; assignment: Assignment }) {
  const t = useT();
  const format = useFormat();
  const id = useId();
  const submission = useMySubmission(userId, assignment);
  const place = submission.data?.path == null ? null : { userId, path: submission.data.path };
  const action = useSubmissionAction(place, assignment.settings.folder);
  const files = useRef<HTMLInputElement>(null);
  const [answer, setAnswer] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const now = useNow();

  if (submission.isPending) {
    return (
      <Loading label={t('common.loading')} />
    );
  }
  if (submission.isError) {
    return <RetryAlert message={t('tasks.loadError')} onRetry={() => submission.refetch()} />;
  }
  const data = submission.data;
  if (data.path === null) return <Alert tone="info">{t('tasks.mine.noPlace')}</Alert>;
  const status = data.derived.status;
  const open = canChangeSubmission(now, assignment.due, assignment.settings, status);
  const handedIn = status === 'handed-in' || status === 'late';
  const text = answer ?? data.answer;

  return (
    <section aria-labelledby={`${id}-h`} className="flex flex-col gap-4">
      <SubmissionHeading headingId={`${id}-h`} status={status} handedInAt={data.derived.handedInAt} />
      {!isAvailable(now, assignment.settings) && assignment.settings.availableFrom !== null ? (
        <p>{t('tasks.mine.notYet', { date: format.date(assignment.settings.availableFrom, DATE_TIME) })}</p>
      ) : null}
      {!open && status !== 'returned' && isAvailable(now, assignment.settings) ? <p>{t('tasks.mine.closed')}</p> : null}
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.mine.answer')}
        <textarea
          rows={6}
          className={inputClasses}
          value={text}
          readOnly={!open || handedIn}
          onChange={(e) => {
            setAnswer(e.target.value);
            setSaved(false);
          }}
        />
      </label>
      <SubmittedFiles entries={data.entries} />
      {open && !handedIn ? (
        <label className="flex flex-col gap-1 font-medium">
          {t('tasks.mine.upload')}
          <input
            ref={files}
            type="file"
            multiple
            className="min-h-11"
            onChange={(e) => {
              const chosen = Array.from(e.target.files ?? []);
              if (chosen.length > 0) action.mutate({ kind: 'upload', files: chosen }, { onSuccess: () => setSaved(true) });
            }}
          />
        </label>
      ) : null}
      {action.isError ? <Alert>{t('tasks.actionError')}</Alert> : null}
      <p role="status">{saved ? t('tasks.mine.saved') : ''}</p>
      {open ? (
        <SubmissionButtons
          action={action}
          handedIn={handedIn}
          answer={answer}
          text={text}
          onSaved={() => setSaved(true)}
          onHandedIn={() => setAnswer(null)}
        />
      ) : null}
      {data.feedback === null ? null : <ReturnedFeedbackSection headingId={`${id}-fb`} feedback={data.feedback} />}
    </section>
  );
}

function SubmissionHeading({ headingId, status, handedInAt }: { headingId: string; status: SubmissionStatus; handedInAt: number | null }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h3 id={headingId} className="text-xl font-semibold">
        {t('tasks.mine.heading')}
      </h3>
      <StatusBadge status={status} />
      {handedInAt === null ? null : <span>{t('tasks.mine.handedInAt', { date: format.date(handedInAt, DATE_TIME) })}</span>}
    </div>
  );
}

/** The student's own files; the answer and the hand-in marker are shown as "Deine Antwort" and "Abgegeben am …" instead. */
function SubmittedFiles({ entries: all }: { entries: readonly FileEntry[] }) {
  const t = useT();
  const entries = all.filter((e) => !isInternalFile(e.name));
  return (
    <div>
      <h4 className="font-semibold">{t('tasks.mine.files')}</h4>
      {entries.length === 0 ? (
        <p>{t('tasks.mine.noFiles')}</p>
      ) : (
        <ul className="list-disc pl-6">
          {entries.map((e) => (
            <li key={e.name}>{e.name}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface SubmissionButtonsProps {
  action: ReturnType<typeof useSubmissionAction>;
  handedIn: boolean;
  /** The answer as edited since the last hand-in, null when unchanged. */
  answer: string | null;
  /** The answer shown (edited or saved). */
  text: string;
  onSaved: () => void;
  onHandedIn: () => void;
}

/** Take back a handed-in submission, or save the answer and hand it in. */
function SubmissionButtons({ action, handedIn, answer, text, onSaved, onHandedIn }: SubmissionButtonsProps) {
  const t = useT();
  return (
    <div className="flex flex-wrap gap-3">
      {handedIn ? (
        <Button variant="secondary" disabled={action.isPending} onClick={() => action.mutate({ kind: 'take-back' })}>
          {t('tasks.mine.takeBack')}
        </Button>
      ) : (
        <>
          <Button variant="secondary" disabled={action.isPending || answer === null} onClick={() => action.mutate({ kind: 'answer', text }, { onSuccess: onSaved })}>
            {t('tasks.mine.saveAnswer')}
          </Button>
          <Button disabled={action.isPending} onClick={() => action.mutate({ kind: 'hand-in', text: answer }, { onSuccess: onHandedIn })}>
            {t('tasks.mine.handIn')}
          </Button>
        </>
      )}
    </div>
  );
}
