import { useId } from 'react';
import { BREAKOUT_STATUS_ASSISTANCE_REQUESTED } from '../../../api/talk/breakout-rooms';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useBreakoutRooms, useGroupMessages } from '../api/get-breakout-rooms';
import { useAssistance } from '../api/manage-breakout-rooms';

/**
 * A student in a breakout room: which group, "Hilfe anfordern" (the teacher sees the group asking), and the newest
 * messages of the group's chat, where the teacher's messages to all groups arrive.
 */
export function BreakoutStudentPanel({ parentToken, groupToken, label }: { parentToken: string; groupToken: string; label: string | null }) {
  const t = useT();
  const id = useId();
  const rooms = useBreakoutRooms(parentToken, { refetchInterval: 10_000 });
  const own = rooms.data?.find((r) => r.token === groupToken);
  const helpRequested = own?.breakoutRoomStatus === BREAKOUT_STATUS_ASSISTANCE_REQUESTED;
  const assistance = useAssistance(parentToken, groupToken);
  const messages = useGroupMessages(parentToken, groupToken);
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-xl border p-3">
      <h3 id={`${id}-title`} className="font-semibold">
        {label === null ? t('lessons.breakout.inGroup') : t('lessons.breakout.youAreIn', { room: label })}
      </h3>
      {assistance.isError ? <Alert>{t('lessons.breakout.failed')}</Alert> : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" aria-pressed={helpRequested} disabled={assistance.isPending || rooms.isPending} onClick={() => assistance.mutate(!helpRequested)}>
          {helpRequested ? t('lessons.breakout.withdrawHelp') : t('lessons.breakout.askHelp')}
        </Button>
        <p role="status" className="text-sm">
          {helpRequested ? t('lessons.breakout.helpRequested') : null}
        </p>
      </div>
      <section aria-labelledby={`${id}-messages`} className="flex flex-col gap-1">
        <h4 id={`${id}-messages`} className="font-medium">
          {t('lessons.breakout.groupMessages')}
        </h4>
        {messages.data === undefined || messages.data.length === 0 ? (
          <p className="text-sm">{t('lessons.breakout.noMessages')}</p>
        ) : (
          <ul className="flex flex-col gap-1" aria-live="polite">
            {messages.data.map((m) => (
              <li key={m.id} className="text-sm break-words">
                <span className="font-medium">{m.actorDisplayName}:</span> {m.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
