import type { ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';

/** The form fields a new and an edited assignment share (uncontrolled, read through FormData). */

export const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/** "2026-11-24T08:00" (local, from datetime-local) → ISO in UTC; null when empty or invalid. */
export function isoOf(local: string): string | null {
  if (local === '') return null;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An instant as the value of a datetime-local input (local time, minutes); "" for none. */
export function localInputOf(value: number | string | null): string {
  if (value === null) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Whole minutes ≥ 0 from the tolerance field. */
export function toleranceOf(value: string): number {
  const n = Number(value || 0);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

export function InstructionsField({ hintId, defaultValue = '' }: { hintId: string; defaultValue?: string }) {
  const t = useT();
  return (
    <label className="flex flex-col gap-1 font-medium">
      {t('tasks.form.instructions')}
      <textarea name="instructions" rows={5} className={inputClasses} aria-describedby={hintId} defaultValue={defaultValue} />
      <span id={hintId} className="text-sm font-normal text-slate-700 dark:text-slate-300">
        {t('tasks.form.instructionsHint')}
      </span>
    </label>
  );
}

export interface TimingDefaults {
  due?: string;
  availableFrom?: string;
  tolerance?: string;
}

/** Due date, optional start of availability and grace period (minutes). */
export function TimingFields({ defaults = {} }: { defaults?: TimingDefaults }) {
  const t = useT();
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.due')}
        <input name="due" type="datetime-local" required className={inputClasses} defaultValue={defaults.due} />
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.availableFrom')}
        <input name="availableFrom" type="datetime-local" className={inputClasses} defaultValue={defaults.availableFrom} />
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t('tasks.form.tolerance')}
        <input name="tolerance" type="number" min={0} step={1} inputMode="numeric" className={inputClasses} defaultValue={defaults.tolerance} />
      </label>
    </div>
  );
}

/** Material from the class folder, chosen by checkbox (form field "classFile"). */
export function ClassFilePicker({ files }: { files: readonly { path: string; name: string }[] }) {
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

/** The values of the "classFile" checkboxes that are checked. */
export function classFilesOf(data: FormData): string[] {
  return data.getAll('classFile').filter((v): v is string => typeof v === 'string');
}

/** The end of an assignment form: what went wrong, the progress for screen readers, submit and cancel. */
export function FormActions({ problem, pending, pendingText, submitText, onCancel }: { problem: ReactNode; pending: boolean; pendingText: string; submitText: string; onCancel: () => void }) {
  const t = useT();
  return (
    <>
      {problem !== null ? <Alert>{problem}</Alert> : null}
      <p role="status" className="sr-only">
        {pending ? pendingText : ''}
      </p>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? pendingText : submitText}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </>
  );
}
