import { useEffect, useId, useRef } from 'react';
import { Button } from '../../../components/ui/button';
import { Loading } from '../../../components/ui/query-state';
import { useFormat } from '../../../i18n/format';
import { useT } from '../../../i18n/i18n';
import type { Assignment } from '../api/get-board-assignments';
import type { OverviewRow } from '../api/get-submission-overview';
import { useHandInFile } from '../api/read-hand-in-file';
import { ANSWER_FILE } from '../lib/assignment-model';
import { FeedbackForm } from './feedback-form';
import { HandInFile, useBlobText } from './hand-in-file';
import { PlainText } from './plain-text';
import { StatusBadge } from './status-badge';
import { DATE_TIME } from './submission-table';

export interface GradingViewProps {
  teacherId: string;
  assignment: Assignment;
  /** The students in the order of the table. */
  rows: readonly OverviewRow[];
  studentId: string;
  onSelect: (studentId: string) => void;
  onClose: () => void;
}

/**
 * Alt+← / Alt+→ while the grading view is open: the previous / next student. Not inside a text field, where
 * Alt+arrow moves by word on a Mac.
 */
export function stepOf(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'target'>): -1 | 1 | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return null;
  return event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : null;
}

/** The step keys on the document while the view is shown (they work wherever focus is, also on the page itself). */
function useStepKeys(go: (step: -1 | 1) => void) {
  const latest = useRef(go);
  useEffect(() => {
    latest.current = go;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const step = stepOf(event);
      if (step === null) return;
      // Alt+← is also the browser's "back": here it means the previous student.
      event.preventDefault();
      latest.current(step);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** The student's typed answer (Antwort.md), read as plain text. */
function TypedAnswer({ teacherId, row, headingId }: { teacherId: string; row: OverviewRow; headingId: string }) {
  const t = useT();
  const entry = row.entries.find((e) => e.name === ANSWER_FILE);
  const file = useHandInFile(teacherId, entry ?? { path: '', etag: null, contentType: null }, entry !== undefined);
  const blob = file.kind === 'ready' ? file.blob : null;
  const text = useBlobText(blob);
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 rounded-xl border-2 border-slate-300 p-3 dark:border-slate-700">
      <h4 id={headingId} className="text-lg font-semibold">
        {t('tasks.grading.answer')}
      </h4>
      {entry === undefined ? (
        <p className="text-slate-700 dark:text-slate-300">{t('tasks.grading.noAnswer')}</p>
      ) : file.kind === 'error' ? (
        <p role="alert">{t('tasks.grading.fileError', { name: ANSWER_FILE })}</p>
      ) : text === null ? (
        <Loading label={t('common.loading')} />
      ) : (
        <PlainText text={text.trim() === '' ? '–' : text} />
      )}
    </section>
  );
}

/**
 * The teacher grades one student at a time: the typed answer and every handed-in file inline on the left, the
 * feedback form ("Zurückgeben") on the right, the previous/next student one click or Alt+←/→ away.
 */
export function GradingView({ teacherId, assignment, rows, studentId, onSelect, onClose }: GradingViewProps) {
  const t = useT();
  const format = useFormat();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const index = Math.max(0, rows.findIndex((r) => r.student.id === studentId));
  const row = rows[index];
  const previous = rows[index - 1];
  const next = rows[index + 1];
  const go = (step: -1 | 1) => {
    const target = step === 1 ? next : previous;
    if (target !== undefined) onSelect(target.student.id);
  };
  useStepKeys(go);
  // A new student: the heading takes focus, so a screen reader says who it is.
  useEffect(() => heading.current?.focus(), [studentId]);
  if (row === undefined) return null;
  const files = row.entries.filter((e) => e.type === 'file' && e.name !== ANSWER_FILE);

  return (
    <section aria-labelledby={`${id}-h`} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-col gap-1">
          <h3 id={`${id}-h`} ref={heading} tabIndex={-1} className="text-xl font-bold outline-none">
            {t('tasks.grading.heading', { name: row.student.displayName })}
          </h3>
          <p className="flex flex-wrap items-center gap-2 text-slate-700 dark:text-slate-300">
            <StatusBadge status={row.status} />
            {row.handedInAt === null ? null : <span>{t('tasks.grading.handedInAt', { date: format.date(row.handedInAt, DATE_TIME) })}</span>}
            <span>{t('tasks.grading.position', { index: index + 1, count: rows.length })}</span>
          </p>
        </div>
        <nav aria-label={t('tasks.grading.navigation')} className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" disabled={previous === undefined} onClick={() => go(-1)} aria-keyshortcuts="Alt+ArrowLeft">
            <span aria-hidden="true">←</span> {t('tasks.grading.previous')}
          </Button>
          <Button variant="secondary" disabled={next === undefined} onClick={() => go(1)} aria-keyshortcuts="Alt+ArrowRight">
            {t('tasks.grading.next')} <span aria-hidden="true">→</span>
          </Button>
          <Button variant="ghost" onClick={onClose}>
            {t('tasks.grading.close')}
          </Button>
        </nav>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('tasks.grading.keys')}</p>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby={`${id}-work`} className="flex min-w-0 flex-col gap-3">
          <h4 id={`${id}-work`} className="sr-only">
            {t('tasks.grading.work', { name: row.student.displayName })}
          </h4>
          <TypedAnswer key={`a-${row.student.id}`} teacherId={teacherId} row={row} headingId={`${id}-answer`} />
          {files.length === 0 ? (
            <p className="text-slate-700 dark:text-slate-300">{t('tasks.grading.noFiles')}</p>
          ) : (
            files.map((entry) => <HandInFile key={`${row.student.id}/${entry.path}`} teacherId={teacherId} entry={entry} />)
          )}
        </section>
        <div className="min-w-0 lg:sticky lg:top-4 lg:self-start">
          <FeedbackForm key={row.student.id} teacherId={teacherId} assignment={assignment} row={row} />
        </div>
      </div>
    </section>
  );
}
