import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Button, buttonClasses } from './button';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words (read out with the title). */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A question before something that cannot simply be undone, on the native modal <dialog> (focus trapped and
 * given back by the browser, Escape cancels, the page behind is inert). The safe choice has the focus first.
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    cancel.current?.focus();
    return () => {
      dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-d`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex flex-col gap-4 p-5">
        <h2 id={`${id}-t`} className="text-xl font-semibold">
          {title}
        </h2>
        <div id={`${id}-d`} className="flex flex-col gap-2">
          {children}
        </div>
        <div className="flex flex-wrap justify-end gap-3">
          <button ref={cancel} type="button" className={buttonClasses('secondary')} disabled={busy} onClick={onCancel}>
            {cancelLabel}
          </button>
          <Button disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
