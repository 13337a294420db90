import { Alert } from '../../../components/ui/alert';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useT } from '../../../i18n/i18n';
import { useDeleteAssignment } from '../api/delete-assignment';
import type { Assignment } from '../api/get-board-assignments';
import { assignmentPathsOf } from '../lib/assignment-model';

/** Where the teacher finds the hand-ins after a delete, as the files view names it: "Klassen › Abgaben Klasse 7a › Brüche". */
export function keptHandInsPath(className: string, folder: string): string {
  return assignmentPathsOf(className, folder).submissions.split('/').filter((p) => p !== '').join(' › ');
}

export interface DeleteAssignmentDialogProps {
  teacherId: string;
  className: string;
  assignment: Assignment;
  onCancel: () => void;
  onDeleted: (message: string) => void;
}

/** "Delete?" with what stays (the hand-ins, and where) and what goes; a failed delete can simply be repeated. */
export function DeleteAssignmentDialog({ teacherId, className, assignment, onCancel, onDeleted }: DeleteAssignmentDialogProps) {
  const t = useT();
  const remove = useDeleteAssignment();
  const path = keptHandInsPath(className, assignment.settings.folder);
  return (
    <ConfirmDialog
      title={t('tasks.remove.title', { title: assignment.title })}
      confirmLabel={remove.isPending ? t('tasks.remove.deleting') : t('tasks.remove.confirm')}
      cancelLabel={t('common.cancel')}
      busy={remove.isPending}
      onCancel={onCancel}
      onConfirm={() => {
        remove.mutate(
          { teacherId, className, assignment },
          { onSuccess: () => onDeleted(t('tasks.remove.done', { title: assignment.title, path })) },
        );
      }}
    >
      <p>{t('tasks.remove.kept', { path })}</p>
      <p>{t('tasks.remove.students')}</p>
      <p>{t('tasks.remove.trash')}</p>
      {remove.isError ? <Alert>{t('tasks.actionError')}</Alert> : null}
    </ConfirmDialog>
  );
}
