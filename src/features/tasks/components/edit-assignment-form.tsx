import { useId, useRef, useState, type SyntheticEvent } from 'react';
import { useT } from '../../../i18n/i18n';
import { useClassFolderFiles } from '../api/get-class-folder-files';
import type { Assignment } from '../api/get-board-assignments';
import { useMaterial } from '../api/get-material';
import { useUpdateAssignment } from '../api/update-assignment';
import { assignmentPathsOf } from '../lib/assignment-model';
import { textField } from '../lib/form-field';
import { ClassFilePicker, classFilesOf, FormActions, inputClasses, InstructionsField, isoOf, localInputOf, TimingFields, toleranceOf } from './assignment-fields';

export interface EditAssignmentFormProps {
  teacherId: string;
  className: string;
  /** The teacher's class folder, to pick more material from; null when missing. */
  folderPath: string | null;
  assignment: Assignment;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

/** The teacher changes a handed-out assignment: title, text, dates, grace period and material. */
export function EditAssignmentForm({ teacherId, className, folderPath, assignment, onSaved, onCancel }: EditAssignmentFormProps) {
  const t = useT();
  const id = useId();
  const update = useUpdateAssignment();
  const [problem, setProblem] = useState<string | null>(null);
  const files = useRef<HTMLInputElement>(null);
  const classFiles = useClassFolderFiles(teacherId, folderPath);
  const material = useMaterial(teacherId, assignmentPathsOf(className, assignment.settings.folder).material);
  const { settings } = assignment;

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const title = textField(data, 'title').trim();
    const due = isoOf(textField(data, 'due'));
    if (title === '' || due === null) {
      setProblem(t('tasks.form.missingFields'));
      return;
    }
    setProblem(null);
    update.mutate(
      {
        teacherId,
        className,
        assignment,
        title,
        instructions: textField(data, 'instructions'),
        due,
        availableFrom: isoOf(textField(data, 'availableFrom')),
        toleranceMinutes: toleranceOf(textField(data, 'tolerance')),
        attachments: Array.from(files.current?.files ?? []),
        classFiles: classFilesOf(data),
        removeMaterial: data.getAll('removeMaterial').filter((v): v is string => typeof v === 'string'),
      },
      { onSuccess: () => onSaved(t('tasks.edit.saved', { title })), onError: () => setProblem(t('tasks.actionError')) },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4 rounded-2xl border border-slate-300 bg-white p-5 dark:border-slate-700 dark:bg-slate-900" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="text-xl font-semibold">
        {t('tasks.edit.heading')}
      </h3>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.title')}
        <input name="title" required maxLength={120} className={inputClasses} defaultValue={assignment.title} aria-describedby={`${id}-folder`} />
        <span id={`${id}-folder`} className="text-sm font-normal text-slate-700 dark:text-slate-300">
          {t('tasks.edit.keepsFolder', { folder: settings.folder })}
        </span>
      </label>
      <InstructionsField hintId={`${id}-hint`} defaultValue={assignment.instructions} />
      <TimingFields
        defaults={{
          due: localInputOf(assignment.due),
          availableFrom: localInputOf(settings.availableFrom),
          tolerance: settings.toleranceMinutes > 0 ? String(settings.toleranceMinutes) : '',
        }}
      />
      {material.data !== undefined && material.data.length > 0 ? <CurrentMaterial names={material.data.map((e) => e.name)} /> : null}
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.edit.attachments')}
        <input ref={files} name="attachments" type="file" multiple className="min-h-11" />
      </label>
      {classFiles.data !== undefined && classFiles.data.length > 0 ? <ClassFilePicker files={classFiles.data} /> : null}
      <FormActions problem={problem} pending={update.isPending} pendingText={t('tasks.edit.saving')} submitText={t('tasks.edit.save')} onCancel={onCancel} />
    </form>
  );
}

/** The material files there are, each with a checkbox to remove it (form field "removeMaterial"). */
function CurrentMaterial({ names }: { names: readonly string[] }) {
  const t = useT();
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="font-medium">{t('tasks.edit.current')}</legend>
      {names.map((name) => (
        <label key={name} className="flex min-h-11 items-center gap-3">
          <input type="checkbox" name="removeMaterial" value={name} className="size-5" />
          {t('tasks.edit.remove', { name })}
        </label>
      ))}
    </fieldset>
  );
}
