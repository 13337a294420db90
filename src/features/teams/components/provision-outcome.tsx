import { errorMessageKey } from '../../../api/api-error';
import { useT } from '../../../i18n/i18n';
import type { PartName, ProvisionResult } from '../lib/provision-class-space';

const partOrder: PartName[] = ['folder', 'room', 'board'];

/** What provisioning did, announced politely; failures name the part so the teacher can try again. */
export function ProvisionOutcome({
  name,
  pending,
  result,
  error,
}: {
  name: string;
  pending: boolean;
  result: ProvisionResult | undefined;
  error: Error | null;
}) {
  const t = useT();
  let text = '';
  if (pending) text = t('teams.provision.running', { name });
  else if (error !== null) text = t(errorMessageKey(error));
  else if (result !== undefined) {
    const failed = partOrder.filter((p) => result.parts[p] === 'failed');
    const changed = partOrder.filter((p) => result.parts[p] === 'created' || result.parts[p] === 'repaired');
    if (failed.length > 0) text = t('teams.provision.failed', { parts: failed.map((p) => t(`teams.provision.parts.${p}`)).join(', ') });
    else if (changed.length > 0) text = t('teams.provision.done', { parts: changed.map((p) => t(`teams.provision.parts.${p}`)).join(', ') });
    else text = t('teams.provision.unchanged', { name });
  }
  return (
    <p role="status" className="text-slate-700 dark:text-slate-300">
      {text}
    </p>
  );
}
