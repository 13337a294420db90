import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { useT } from '../../../i18n/i18n';
import { useBoardAssignments, type Assignment } from '../api/get-board-assignments';
import { MATERIAL_FOLDER_NAME } from '../lib/assignment-model';
import { AssignmentDates } from './assignment-summary';
import { CreateAssignmentForm } from './create-assignment-form';
import { DeleteAssignmentDialog } from './delete-assignment-dialog';
import { EditAssignmentForm } from './edit-assignment-form';
import { MaterialList, type OpenFile } from './material-list';
import { MySubmission } from './my-submission';
import { PlainText } from './plain-text';
import { SubmissionOverview } from './submission-overview';
import { Loading, RetryAlert } from '../../../components/ui/query-state';

export const ASSIGNMENT_PARAM = 'aufgabe';

export interface TaskClass {
  boardId: number | null;
  /** "Klasse 7a". */
  className: string;
  /** The class folder as this user sees it (teacher: own path, student: mount), or null. */
  folderPath: string | null;
  roomToken: string | null;
}

export interface TaskUser {
  id: string;
  displayName: string;
  isTeacher: boolean;
}

interface AssignmentDetailProps {
  klass: TaskClass;
  user: TaskUser;
  assignment: Assignment;
  onBack: () => void;
  onDeleted: (message: string) => void;
  onOpenFile: OpenFile | undefined;
}

function AssignmentDetail({ klass, user, assignment, onBack, onDeleted, onOpenFile }: AssignmentDetailProps) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [notice, setNotice] = useState('');
  useEffect(() => heading.current?.focus(), [assignment.cardId]);
  const material = klass.folderPath === null ? null : `${klass.folderPath}/${MATERIAL_FOLDER_NAME}/${assignment.settings.folder}`;
  const teacherView = user.isTeacher && assignment.owner === user.id;
  const backToView = (message: string) => {
    setMode('view');
    setNotice(message);
    heading.current?.focus();
  };
  return (
    <article className="flex flex-col gap-4">
      <Button variant="ghost" className="self-start" onClick={onBack}>
        <span aria-hidden="true">←</span> {t('tasks.back')}
      </Button>
      <h2 ref={heading} tabIndex={-1} className="text-2xl font-bold outline-none">
        {assignment.title}
      </h2>
      <p role="status">{notice}</p>
      {teacherView && mode === 'edit' ? (
        <EditAssignmentForm
          teacherId={user.id}
          className={klass.className}
          folderPath={klass.folderPath}
          assignment={assignment}
          onSaved={backToView}
          onCancel={() => backToView('')}
        />
      ) : (
        <>
          {teacherView ? (
            <div className="flex flex-wrap gap-3">
              <Button variant="secondary" onClick={() => setMode('edit')}>
                {t('tasks.edit.open')}
              </Button>
              <Button variant="secondary" onClick={() => setMode('delete')}>
                {t('tasks.remove.open')}
              </Button>
            </div>
          ) : null}
          <AssignmentDates assignment={assignment} />
          <PlainText text={assignment.instructions} />
          {material === null ? null : <MaterialList userId={user.id} path={material} onOpenFile={onOpenFile} />}
        </>
      )}
      {teacherView && mode === 'delete' ? (
        <DeleteAssignmentDialog teacherId={user.id} className={klass.className} assignment={assignment} onCancel={() => setMode('view')} onDeleted={onDeleted} />
      ) : null}
      {teacherView ? (
        <SubmissionOverview teacherId={user.id} className={klass.className} assignment={assignment} />
      ) : (
        <MySubmission userId={user.id} assignment={assignment} />
      )}
    </article>
  );
}

/** The class's "Aufgaben" tab: the list of assignments, a teacher's form, and one assignment in detail. */
export function AssignmentsPanel({ klass, user, onOpenFile }: { klass: TaskClass; user: TaskUser; onOpenFile?: OpenFile }) {
  const t = useT();
  const assignments = useBoardAssignments(klass.boardId);
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const selectedId = Number(params.get(ASSIGNMENT_PARAM) ?? NaN);

  function select(cardId: number | null) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (cardId === null) next.delete(ASSIGNMENT_PARAM);
        else next.set(ASSIGNMENT_PARAM, String(cardId));
        return next;
      },
      { replace: false },
    );
  }

  if (klass.boardId === null) return <p>{t('tasks.noBoard')}</p>;
  if (assignments.isPending) {
    return (
      <Loading label={t('tasks.loading')} />
    );
  }
  if (assignments.isError) {
    return <RetryAlert message={t('tasks.loadError')} onRetry={() => assignments.refetch()} />;
  }
  const selected = assignments.data.find((a) => a.cardId === selectedId);
  if (selected !== undefined) {
    return (
      <AssignmentDetail
        klass={klass}
        user={user}
        assignment={selected}
        onBack={() => select(null)}
        onOpenFile={onOpenFile}
        onDeleted={(message) => {
          setCreated(message);
          select(null);
        }}
      />
    );
  }
  const visible = user.isTeacher ? assignments.data : assignments.data.filter((a) => a.students.some((s) => s.id === user.id));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-2xl font-bold">{t('tasks.title')}</h2>
        {user.isTeacher && !creating ? <Button onClick={() => setCreating(true)}>{t('tasks.new')}</Button> : null}
      </div>
      <p role="status">{created ?? ''}</p>
      {creating ? (
        <CreateAssignmentForm
          teacherId={user.id}
          boardId={klass.boardId}
          className={klass.className}
          folderPath={klass.folderPath}
          roomToken={klass.roomToken}
          onCancel={() => setCreating(false)}
          onCreated={(_cardId, title) => {
            setCreating(false);
            setCreated(t('tasks.form.created', { title }));
          }}
        />
      ) : null}
      <AssignmentList assignments={visible} onSelect={select} />
    </div>
  );
}

function AssignmentList({ assignments, onSelect }: { assignments: readonly Assignment[]; onSelect: (cardId: number) => void }) {
  const t = useT();
  if (assignments.length === 0) return <p>{t('tasks.none')}</p>;
  return (
    <ul className="flex flex-col gap-3">
      {assignments.map((a) => (
        <li key={a.cardId} className="rounded-2xl border border-slate-300 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
          <h3 className="text-lg font-semibold">
            <button type="button" className="min-h-11 text-left underline-offset-4 hover:underline" onClick={() => onSelect(a.cardId)}>
              {a.title}
            </button>
          </h3>
          <AssignmentDates assignment={a} />
        </li>
      ))}
    </ul>
  );
}
