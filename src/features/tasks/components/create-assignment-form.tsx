import { useId, useRef, useState, type SyntheticEvent } from 'react';
import { useT } from '../../../i18n/i18n';
import { AssignmentExistsError, useCreateAssignment } from '../api/create-assignment';
import { useClassFolderFiles } from '../api/get-class-folder-files';
import { textField } from '../lib/form-field';
import { ClassFilePicker, classFilesOf, FormActions, inputClasses, InstructionsField, isoOf, TimingFields, toleranceOf } from './assignment-fields';

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
        toleranceMinutes: toleranceOf(textField(data, 'tolerance')),
        attachments: Array.from(files.current?.files ?? []),
        classFiles: classFilesOf(data),
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
      <FormActions problem={problem} pending={create.isPending} pendingText={t('tasks.form.creating')} submitText={t('tasks.form.submit')} onCancel={onCancel} />
    </form>
  );
}
