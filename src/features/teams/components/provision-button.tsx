import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { useT } from '../../../i18n/i18n';
import { useDirectoryMapping } from '../api/get-directory-mapping';
import { useProvisionClass } from '../api/provision-class';
import { classGroupOf } from '../lib/class-space';
import { hasSpace, type ClassSummary } from '../lib/discover-classes';
import { ProvisionOutcome } from './provision-outcome';

/**
 * The teacher's one-step setup for a class group: "Klassenraum für Klasse 7a einrichten". Also repairs a
 * half-created space ("vervollständigen") and checks a complete one ("prüfen"), which then changes nothing.
 */
export function ProvisionButton({
  summary,
  teacher,
  onStart,
}: {
  summary: ClassSummary;
  teacher: string;
  /** Told when the teacher starts provisioning (the list keeps the button and its outcome on screen). */
  onStart?: (classId: string) => void;
}) {
  const t = useT();
  const provision = useProvisionClass();
  const mapping = useDirectoryMapping();
  const group = summary.groupId === null || mapping.data === undefined ? null : classGroupOf(mapping.data, summary.groupId);
  if (group === null || !summary.canProvision) return null;
  const label =
    !hasSpace(summary)
      ? t('teams.provision.create', { name: summary.name })
      : summary.missing.length > 0
        ? t('teams.provision.complete', { name: summary.name })
        : t('teams.provision.check', { name: summary.name });
  return (
    <div className="flex flex-col items-start gap-2">
      <Button
        variant={summary.missing.length > 0 ? 'primary' : 'secondary'}
        disabled={provision.isPending}
        onClick={() => {
          onStart?.(summary.classId);
          provision.mutate({ group, teacher });
        }}
      >
        {provision.isPending ? <Spinner /> : null}
        {label}
      </Button>
      <ProvisionOutcome name={summary.name} pending={provision.isPending} result={provision.data} error={provision.error} />
    </div>
  );
}
