import { useState } from 'react';
import { POLL_CLOSED, POLL_OPEN, POLL_RESULTS_HIDDEN, votesFor, type Poll } from '../../../api/talk/polls';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { usePoll } from '../api/get-poll';
import { useClosePoll, useVotePoll } from '../api/message-actions';
import type { LiveTarget } from '../lib/chat-wire';
import { useLiveTargets } from '../lib/use-live-targets';

/**
 * A vote in a poll with public results posts poll_voted, which wakes the long-poll (the card is fetched again,
 * chat-runtime). With hidden results Talk posts nothing, yet tells its author and moderators how many voted:
 * only then does the leader refresh the card on a timer while it is on screen.
 */
function liveTargets(token: string, poll: Poll | undefined, canClose: boolean): LiveTarget[] {
  if (!poll || !canClose || poll.status !== POLL_OPEN || poll.resultMode !== POLL_RESULTS_HIDDEN) return [];
  return [{ kind: 'poll', token, pollId: poll.id }];
}

export function PollCard({ token, pollId, canClose }: { token: string; pollId: number; canClose: boolean }) {
  const t = useT();
  const poll = usePoll(token, pollId);
  const vote = useVotePoll(token, pollId);
  const close = useClosePoll(token, pollId);
  const [choice, setChoice] = useState<number | null>(null);
  const liveRef = useLiveTargets(liveTargets(token, poll.data, canClose));
  if (!poll.data) return <p className="text-sm">{poll.isError ? t('chat.poll.loadFailed') : t('common.loading')}</p>;
  const p = poll.data;
  const closed = p.status === POLL_CLOSED;
  const voted = (p.votedSelf ?? []).length > 0;
  const showResults = closed || voted;
  const total = Object.values(p.votes ?? {}).reduce((a, b) => a + b, 0);
  const name = `poll-${String(p.id)}`;
  return (
    <fieldset ref={liveRef} className="my-2 rounded-lg border border-slate-300 p-3 dark:border-slate-600">
      <legend className="px-1 font-semibold">
        {t('chat.poll.label')}: {p.question}
      </legend>
      {showResults ? (
        <ul className="space-y-1">
          {p.options.map((option, i) => {
            const count = votesFor(p, i);
            return (
              <li key={option + String(i)} className="flex justify-between gap-4">
                <span>{option}</span>
                <span>{t('chat.poll.votes', { count, total })}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <div className="space-y-1">
          {p.options.map((option, i) => (
            <label key={option + String(i)} className="flex min-h-11 items-center gap-2">
              <input type="radio" name={name} className="size-5" checked={choice === i} onChange={() => setChoice(i)} />
              {option}
            </label>
          ))}
          <Button disabled={choice === null || vote.isPending} onClick={() => choice !== null && vote.mutate([choice])}>
            {t('chat.poll.vote')}
          </Button>
        </div>
      )}
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{closed ? t('chat.poll.closed') : t('chat.poll.open')}</p>
      {canClose && !closed && !showResults && p.numVoters !== undefined && <p className="text-sm">{t('chat.poll.voters', { count: p.numVoters })}</p>}
      {canClose && !closed && (
        <Button variant="secondary" className="mt-2" disabled={close.isPending} onClick={() => close.mutate()}>
          {t('chat.poll.close')}
        </Button>
      )}
    </fieldset>
  );
}
