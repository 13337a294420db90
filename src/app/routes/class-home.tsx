import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { buttonClasses } from '../../components/ui/button';
import { Spinner } from '../../components/ui/spinner';
import { errorMessageKey } from '../../api/api-error';
import { shareIntoConversation } from '../../api/sharing/shares';
import { useCurrentUser } from '../../features/auth/api/get-current-user';
import { timelineQueryOptions } from '../../features/chat/api/get-timeline';
import { LazyChatPanel } from '../../features/chat/components/lazy-chat-panel';
import type { FileEntry } from '../../api/dav/multistatus';
import type { SharedFile } from '../../features/chat/lib/file-links';
import { useClasses } from '../../features/teams/api/get-classes';
import { useDirectoryMapping } from '../../features/teams/api/get-directory-mapping';
import { ClassHome } from '../../features/teams/components/class-home';
import { isTeacher } from '../../features/teams/lib/class-space';
import { hasSpace } from '../../features/teams/lib/discover-classes';
import { useT } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Loading, RetryAlert } from '../../components/ui/query-state';
import { sharedFileHref } from './file-links';

/** Video lessons load on demand: none of the call code is in the initial bundle. */
const LessonPanel = lazy(() => import('../../features/lessons/components/lesson-panel').then((m) => ({ default: m.LessonPanel })));
/** Files and assignments load when their tab opens (the chat is the default tab). */
const FilesPanel = lazy(() => import('../../features/files/components/files-panel').then((m) => ({ default: m.FilesPanel })));
const AssignmentsPanel = lazy(() => import('../../features/tasks/components/assignments-panel').then((m) => ({ default: m.AssignmentsPanel })));
/** The files feature's viewer for a file opened from another panel (an assignment's material). */
const OpenedFile = lazy(() => import('../../features/files/components/opened-file').then((m) => ({ default: m.OpenedFile })));

/** The chat is the default tab: its first messages are asked for as soon as the room is known, while the
 * chat panel's chunk (preloaded by the router) may still be on its way. */
function usePrefetchChat(roomToken: string | undefined) {
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const tab = params.get('ansicht');
  const chatShows = tab === null || tab === 'chat';
  useEffect(() => {
    // A failure shows in the panel, which asks again.
    if (roomToken !== undefined && chatShows) queryClient.query(timelineQueryOptions(queryClient, roomToken)).catch(() => undefined);
  }, [queryClient, roomToken, chatShows]);
}

/** /klassen/:classId: a class's home, assembled here from the teams feature and the files panel (more as they land). */
export function ClassHomeRoute() {
  const t = useT();
  const { classId = '' } = useParams();
  const user = useCurrentUser();
  const classes = useClasses(user.data);
  // Loaded with the class list (cached), so it is there whenever a summary is.
  const mapping = useDirectoryMapping();
  const summary = classes.data?.find((c) => c.classId === classId && (hasSpace(c) || c.canProvision));
  // A file opened from another panel (an assignment's material) shows in the files feature's viewer.
  const [openedFile, setOpenedFile] = useState<FileEntry | null>(null);
  usePrefetchChat(summary?.room?.token);
  useDocumentTitle(t('app.pageTitle', { page: summary?.name ?? t('home.title') }));

  // The error first: when the user cannot be loaded (e.g. Nextcloud in maintenance), the classes query never
  // starts and stays pending; the spinner would then never end (e2e/faults/faults.spec.ts).
  const error = user.error ?? classes.error;
  if (error !== null) {
    return (
      <RetryAlert message={t(errorMessageKey(error))} onRetry={() => (user.error !== null ? user.refetch() : classes.refetch())} />
    );
  }
  if (user.isPending || classes.isPending) {
    return (
      <Loading label={t('common.loading')} />
    );
  }
  if (summary === undefined || user.data === undefined) {
    return (
      <div className="flex flex-col items-start gap-4">
        <h1 className="text-3xl font-bold tracking-tight">{t('notFound.title')}</h1>
        <p className="text-slate-700 dark:text-slate-300">{t('teams.home.notFound')}</p>
        <Link to="/" className={buttonClasses('primary')}>
          {t('teams.home.back')}
        </Link>
      </div>
    );
  }
  const userId = user.data.id;
  // The folder as this user sees it: the teacher's own path, or the share's mount point for students.
  const roomToken = summary.room?.token;
  // Files and chat meet here: "share into the class chat" posts the file into the class's conversation.
  const shareToChat =
    roomToken === undefined
      ? undefined
      : async (entry: { path: string }): Promise<void> => {
          await shareIntoConversation({ path: entry.path, roomToken });
        };
  const files =
    summary.folderPath === null ? undefined : (
      <Suspense fallback={<Spinner />}>
        <FilesPanel key={summary.folderPath} user={userId} rootPath={summary.folderPath} rootLabel={summary.name} onShareToChat={shareToChat} />
      </Suspense>
    );
  // Files shared in the chat open here, in the files of the class (or of the user) that hold them.
  const allClasses = classes.data ?? [];
  const fileLinkFor = (file: SharedFile) => sharedFileHref(file, allClasses);
  const lesson =
    summary.room === null ? undefined : (
      <Suspense fallback={<Spinner />}>
        {/* The class chat beside the call (a panel to open on narrow screens). */}
        <LessonPanel roomToken={summary.room.token} sidePanel={<LazyChatPanel token={summary.room.token} fileLinkFor={fileLinkFor} />} />
      </Suspense>
    );
  const tasks = (
    <Suspense fallback={<Spinner />}>
      <AssignmentsPanel
        onOpenFile={setOpenedFile}
        klass={{ boardId: summary.boardId, className: summary.name, folderPath: summary.folderPath, roomToken: summary.room?.token ?? null }}
        user={{ id: userId, displayName: user.data.displayName, isTeacher: mapping.data !== undefined && isTeacher(mapping.data, user.data.groups) }}
      />
    </Suspense>
  );
  const chat = summary.room === null ? undefined : <LazyChatPanel key={summary.room.token} token={summary.room.token} fileLinkFor={fileLinkFor} />;
  return (
    <>
      {openedFile === null ? null : (
        <Suspense fallback={<Spinner />}>
          <OpenedFile user={userId} entry={openedFile} onClose={() => setOpenedFile(null)} />
        </Suspense>
      )}
      <ClassHome
        summary={summary}
        userId={userId}
        panels={{ ...(files === undefined ? {} : { dateien: files }), ...(lesson === undefined ? {} : { unterricht: lesson }), aufgaben: tasks, ...(chat === undefined ? {} : { chat }) }}
      />
    </>
  );
}
