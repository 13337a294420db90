import { useT } from '../../../i18n/i18n';
import type { ReturnedFeedback } from '../api/get-my-submission';
import { PlainText } from './plain-text';

/** The teacher's feedback as the student sees it once returned: grade, comment and files. */
export function ReturnedFeedbackSection({ headingId, feedback }: { headingId: string; feedback: ReturnedFeedback }) {
  const t = useT();
  return (
    <section aria-labelledby={headingId} className="rounded-2xl border-2 border-blue-700 p-4 dark:border-blue-300">
      <h4 id={headingId} className="text-lg font-semibold">
        {t('tasks.mine.feedback')}
      </h4>
      {feedback.grade === null ? null : <p className="font-semibold">{t('tasks.mine.grade', { grade: feedback.grade })}</p>}
      <PlainText text={feedback.comment} className="mt-2" />
      {feedback.files.length === 0 ? null : (
        <>
          <h5 className="mt-3 font-semibold">{t('tasks.mine.feedbackFiles')}</h5>
          <ul className="list-disc pl-6">
            {feedback.files.map((f) => (
              <li key={f.name}>{f.name}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
