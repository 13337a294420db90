import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import type { AdmissionPhase } from '../lib/paced-admission';
import { Loading } from '../../../components/ui/query-state';

export type AdmissionWait = { kind: 'waiting' } | { kind: 'admitting'; phase: AdmissionPhase };

/** The waiting room (lesson not open yet) and the admission queue, announced politely, with a way out. */
export function AdmissionStatus({ wait, onCancel }: { wait: AdmissionWait; onCancel: () => void }) {
  const t = useT();
  const text =
    wait.kind === 'waiting'
      ? t('lessons.admission.waiting')
      : wait.phase.phase === 'joining'
        ? t('lessons.admission.joining')
        : wait.phase.reason === 'busy'
          ? t('lessons.admission.busy')
          : t('lessons.admission.queued');
  return (
    <section aria-label={t('lessons.admission.region')} className="flex min-w-0 flex-col items-start gap-4 rounded-xl border p-4">
      <Loading label={text} />
      <Button variant="secondary" onClick={onCancel}>
        {t('lessons.admission.cancel')}
      </Button>
    </section>
  );
}
