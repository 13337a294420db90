import { useState } from 'react';
import { errorMessageKey } from '../../../api/api-error';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useCreatePoll } from '../api/message-actions';

/**
 * The poll being written in the composer. It lives in the composer, not in the form, so closing and
 * reopening the form keeps what was typed.
 */
export function usePollDraft(token: string) {
  const [open, setOpen] = useState(false);
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const createPoll = useCreatePoll(token);
  const submit = () => {
    const opts = options.split('\n').map((o) => o.trim()).filter(Boolean);
    if (question.trim() === '' || opts.length < 2) return;
    createPoll.mutate(
      { question: question.trim(), options: opts },
      {
        onSuccess: () => {
          setOpen(false);
          setQuestion('');
          setOptions('');
        },
      },
    );
  };
  return { open, setOpen, question, setQuestion, options, setOptions, createPoll, submit };
}

export function PollForm({ poll }: { poll: ReturnType<typeof usePollDraft> }) {
  const t = useT();
  const { createPoll } = poll;
  return (
    <form
      className="mt-2 space-y-2 rounded-lg border border-slate-300 p-3 dark:border-slate-600"
      onSubmit={(e) => {
        e.preventDefault();
        poll.submit();
      }}
    >
      <label className="block">
        {t('chat.poll.question')}
        <input value={poll.question} onChange={(e) => poll.setQuestion(e.target.value)} className="mt-1 block min-h-11 w-full rounded border border-slate-400 px-2 dark:bg-slate-900" />
      </label>
      <label className="block">
        {t('chat.poll.options')}
        <textarea value={poll.options} onChange={(e) => poll.setOptions(e.target.value)} rows={3} className="mt-1 block w-full rounded border border-slate-400 p-2 dark:bg-slate-900" />
      </label>
      <Button type="submit" disabled={createPoll.isPending}>
        {t('chat.poll.submit')}
      </Button>
      {createPoll.isError && <p role="alert">{t(errorMessageKey(createPoll.error))}</p>}
    </form>
  );
}
