import type { SyntheticEvent } from 'react';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';

/** How many groups a teacher may open here (Talk allows 1 to 20; one group is no split, more than 10 no class). */
export const MIN_GROUPS = 2;
export const MAX_GROUPS = 10;

const inputClasses =
  'min-h-11 w-full rounded-lg border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 dark:border-slate-400 dark:bg-slate-950 dark:text-slate-100';

/** Before the groups run: how many (only before they exist; Talk spreads the class), start or restart, remove them. */
export function OpenGroupsForm({
  id,
  configured,
  amount,
  setAmount,
  disabled,
  onOpen,
  removeDisabled,
  onRemove,
}: {
  /** The panel's id, prefix of the hint's id. */
  id: string;
  /** The groups exist already (stopped): they are restarted as they are. */
  configured: boolean;
  amount: number;
  setAmount: (amount: number) => void;
  disabled: boolean;
  /** Opens this many groups (within MIN_GROUPS and MAX_GROUPS). */
  onOpen: (amount: number) => void;
  removeDisabled: boolean;
  onRemove: () => void;
}) {
  const t = useT();
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    onOpen(Math.min(MAX_GROUPS, Math.max(MIN_GROUPS, amount)));
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      {!configured ? (
        <>
          <label className="flex flex-col gap-1 font-medium">
            {t('lessons.breakout.amount')}
            <input
              type="number"
              min={MIN_GROUPS}
              max={MAX_GROUPS}
              required
              value={amount}
              onChange={(e) => setAmount(Number(e.target.value))}
              aria-describedby={`${id}-auto`}
              className={`${inputClasses} max-w-32`}
            />
          </label>
          <p id={`${id}-auto`} className="text-sm">
            {t('lessons.breakout.automatic')}
          </p>
        </>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={disabled}>
          {!configured ? t('lessons.breakout.start') : t('lessons.breakout.restart')}
        </Button>
        {configured ? (
          <Button variant="secondary" disabled={removeDisabled} onClick={onRemove}>
            {t('lessons.breakout.remove')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** While the groups run: a message to every group's chat, confirmed once Talk has it. */
export function BroadcastForm({ message, sent, pending, onEdit, onSend }: { message: string; sent: boolean; pending: boolean; onEdit: (message: string) => void; onSend: (e: SyntheticEvent) => void }) {
  const t = useT();
  return (
    <form onSubmit={onSend} className="flex flex-col gap-2">
      <label className="flex flex-col gap-1 font-medium">
        {t('lessons.breakout.broadcast')}
        <textarea
          value={message}
          maxLength={32000}
          rows={2}
          onChange={(e) => {
            onEdit(e.target.value);
          }}
          className={inputClasses}
        />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" disabled={pending || message.trim() === ''}>
          {t('lessons.breakout.send')}
        </Button>
        <p role="status" className="text-sm">
          {sent ? t('lessons.breakout.sent') : null}
        </p>
      </div>
    </form>
  );
}
