import { useId, useState, type SyntheticEvent } from 'react';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { invalidNameReason } from '../lib/conflict-name';
import { Modal } from './modal';

/** Asks for a name (new folder, rename); checks it like the server would before sending. */
export function NameDialog({
  title,
  label,
  initial,
  submitLabel,
  taken,
  busy,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  taken: ReadonlySet<string>;
  busy: boolean;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const id = useId();
  const errorId = useId();
  const [name, setName] = useState(initial);
  const [touched, setTouched] = useState(false);
  const trimmed = name.trim();
  const reason = invalidNameReason(name);
  const duplicate = trimmed !== initial && taken.has(trimmed.toLowerCase());
  const error = reason !== null ? t(`files.nameErrors.${reason}`) : duplicate ? t('files.nameErrors.exists') : null;
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (error !== null || trimmed === initial) return;
    onSubmit(trimmed);
  };
  return (
    <Modal title={title} onClose={onClose}>
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <label htmlFor={id} className="font-medium">
          {label}
        </label>
        <input
          id={id}
          value={name}
          // The dialog is about this one field: focus it at once.
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus
          onChange={(e) => {
            setName(e.currentTarget.value);
            setTouched(true);
          }}
          aria-invalid={touched && error !== null}
          aria-describedby={touched && error !== null ? errorId : undefined}
          className="min-h-11 rounded-lg border border-slate-500 bg-white px-3 dark:bg-slate-950"
        />
        {touched && error !== null && (
          <p id={errorId} className="text-sm text-red-800 dark:text-red-200">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={busy}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
