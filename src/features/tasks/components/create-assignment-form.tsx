import { useId, useRef, useState, type SyntheticEvent } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { AssignmentExistsError, useCreateAssignment } from '../api/create-assignment';
import { useClassFolderFiles } from '../api/get-class-folder-files';
import { textField } from '../lib/form-field';

const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/** "2026-11-24T08:00" (local, from datetime-local) → ISO in UTC; null when empty or invalid. */
function isoOf(local: string): string | null {
  if (local === '') return null;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export interface CreateAssignmentFormProps {
  teacherId: string;
  boardId: number;
  className: string;
  /** The teacher's class folder, to pick material from; null when missing. */
  folderPath: string | null;
  roomToken: string | null;
  onCreated: (cardId: number, title: string) => void;
  onCancel: () => void;
}

/** The teacher's form: title, instructions, due date, optional availability and grace period, material. */
export function CreateAssignmentForm({ teacherId, boardId, className, folderPath, roomToken, onCreated, onCancel }: CreateAssignmentFormProps) {
  const t = useT();
  const id = useId();
  const create = useCreateAssignment();
  const [problem, setProblem] = useState<string | null>(null);
  const files = useRef<HTMLInputElement>(null);
  const classFiles = useClassFolderFiles(teacherId, folderPath);

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const title = textField(data, 'title').trim();
    const due = isoOf(textField(data, 'due'));
    if (title === '' || due === null) {
      setProblem(t('tasks.form.missingFields'));
      return;
    }
    if (roomToken === null) {
      setProblem(t('tasks.form.noRoom'));
      return;
    }
    setProblem(null);
    const tolerance = Number(textField(data, 'tolerance') || 0);
    create.mutate(
      {
        teacherId,
        boardId,
        className,
        roomToken,
        title,
        instructions: textField(data, 'instructions'),
        due,
        availableFrom: isoOf(textField(data, 'availableFrom')),
        toleranceMinutes: Number.isFinite(tolerance) && tolerance > 0 ? Math.round(tolerance) : 0,
        attachments: Array.from(files.current?.files ?? []),
        classFiles: data.getAll('classFile').filter((v): v is string => typeof v === 'string'),
      },
      {
        onSuccess: (cardId) => onCreated(cardId, title),
        onError: (error) => setProblem(error instanceof AssignmentExistsError ? t('tasks.form.exists') : t('tasks.actionError')),
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4 rounded-2xl border border-slate-300 bg-white p-5 dark:border-slate-700 dark:bg-slate-900" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="text-xl font-semibold">
        {t('tasks.form.heading')}
      </h3>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.title')}
        <input name="title" required maxLength={120} className={inputClasses} />
      </label>
      <InstructionsField hintId={`${id}-hint`} />
      <TimingFields />
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.attachments')}
        <input ref={files} name="attachments" type="file" multiple className="min-h-11" />
      </label>
      {classFiles.data !== undefined && classFiles.data.length > 0 ? <ClassFilePicker files={classFiles.data} /> : null}
      {problem !== null ? <Alert>{problem}</Alert> : null}
      <p role="status" className="sr-only">
        {create.isPending ? t('tasks.form.creating') : ''}
      </p>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? t('tasks.form.creating') : t('tasks.form.submit')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function InstructionsField({ hintId }: { hintId: string }) {
  const t = useT();
  return (
    <label className="flex flex-col gap-1 font-medium">
      {t('tasks.form.instructions')}
      <textarea name="instructions" rows={5} className={inputClasses} aria-describedby={hintId} />
      <span id={hintId} className="text-sm font-normal text-slate-700 dark:text-slate-300">
        {t('tasks.form.instructionsHint')}
      </span>
    </label>
  );
}

/** Due date, optional start of availability and grace period (minutes). */
function TimingFields() {
  const t = useT();
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.due')}
        <input name="due" type="datetime-local" required className={inputClasses} />
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.availableFrom')}
        <input name="availableFrom" type="datetime-local" className={inputClasses} />
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.tolerance')}
        <input name="tolerance" type="number" min={0} step={1} inputMode="numeric" className={inputClasses} />
      </label>
    </div>
  );
}

/** Material from the class folder, chosen by checkbox (form field "classFile"). */
function ClassFilePicker({ files }: { files: readonly { path: string; name: string }[] }) {
  const t = useT();
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="font-medium">{t('tasks.form.fromClassFolder')}</legend>
      {files.map((f) => (
        <label key={f.path} className="flex min-h-11 items-center gap-3">
          <input type="checkbox" name="classFile" value={f.path} className="size-5" />
          {f.name}
        </label>
      ))}
    </fieldset>
  );
}
