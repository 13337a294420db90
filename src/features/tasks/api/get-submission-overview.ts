import { queryOptions, useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../api/api-error';
import { listFolder } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';
import { listShares, SHARE_TYPE_USER } from '../../../api/sharing/shares';
import type { CallOptions } from '../../../api/call-options';
import { assignmentPathsOf, deriveStatus, studentPlacesOf, type DerivedStatus, type StatusRow, type StudentPlaces } from '../lib/assignment-model';
import type { Assignment } from './get-board-assignments';
import { crossTabInterval, SHARED_ACROSS_TABS } from '../../../lib/cross-tab-queries';
import { tasksKeys } from './query-keys';

export interface OverviewRow extends StatusRow {
  places: StudentPlaces;
  /** The teacher's path of the student's submission folder. */
  submissionPath: string;
  feedbackPath: string;
  derived: DerivedStatus;
  /** The student's files (FileEntry, for opening them). */
  entries: FileEntry[];
}

/**
 * The teacher's overview of one assignment: one share list (who got feedback back) and one PROPFIND per
 * student folder (what is in it). Nothing else is stored: the status is derived.
 */
export async function getSubmissionOverview(
  { teacherId, className, assignment }: { teacherId: string; className: string; assignment: Assignment },
  { signal }: CallOptions = {},
): Promise<OverviewRow[]> {
  const paths = assignmentPathsOf(className, assignment.settings.folder);
  const places = studentPlacesOf(assignment.settings.folder, assignment.students);
  const [shares, listings] = await Promise.all([
    listShares({}, { signal }),
    Promise.all(
      places.map(async (p) => {
        try {
          return (await listFolder({ user: teacherId, path: `${paths.submissions}/${p.submissionName}` }, { signal })).children;
        } catch (error) {
          // A folder deleted in Files: the student has nothing there.
          if (isApiError(error) && error.kind === 'not-found') return [];
          throw error;
        }
      }),
    ),
  ]);
  return places.map((p, i) => {
    const feedbackPath = `${paths.feedback}/${p.feedbackName}`;
    const returned = shares.some((s) => s.share_type === SHARE_TYPE_USER && s.share_with === p.student.id && s.path === feedbackPath);
    const entries = listings[i] ?? [];
    const derived = deriveStatus({ files: entries.map((e) => ({ name: e.name, lastModified: e.lastModified })), returned, due: assignment.due });
    return {
      student: p.student,
      status: derived.status,
      handedInAt: derived.handedInAt,
      places: p,
      submissionPath: `${paths.submissions}/${p.submissionName}`,
      feedbackPath,
      derived,
      entries: entries.filter((e) => derived.files.some((f) => f.name === e.name)),
    };
  });
}

export function submissionOverviewQueryOptions(teacherId: string, className: string, assignment: Assignment) {
  return queryOptions({
    queryKey: tasksKeys.overview(assignment.cardId),
    queryFn: ({ signal }) => getSubmissionOverview({ teacherId, className, assignment }, { signal }),
    // Once per browser, not once per visible tab (the leader tab refreshes, the others take its result).
    refetchInterval: crossTabInterval(60_000),
    meta: SHARED_ACROSS_TABS,
  });
}

export function useSubmissionOverview(teacherId: string, className: string, assignment: Assignment) {
  return useQuery(submissionOverviewQueryOptions(teacherId, className, assignment));
}
