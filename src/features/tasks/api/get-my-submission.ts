import { queryOptions, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { listFolder, readFile } from '../../../api/dav/files';
import type { FileEntry } from '../../../api/dav/multistatus';
import { listShares, type Share } from '../../../api/sharing/shares';
import type { CallOptions } from '../../../api/call-options';
import {
  ANSWER_FILE,
  deriveStatus,
  FEEDBACK_FILE,
  isMountOf,
  parseFeedbackFile,
  studentPlacesOf,
  type DerivedStatus,
  type Feedback,
} from '../lib/assignment-model';
import type { Assignment } from './get-board-assignments';
import { tasksKeys } from './query-keys';

/** Everything shared with the user (one request, shared by all assignment views). */
export function receivedSharesQueryOptions(userId: string) {
  return queryOptions({
    queryKey: tasksKeys.receivedShares(userId),
    queryFn: ({ signal }) => listShares({ sharedWithMe: true }, { signal }),
    staleTime: 30_000,
  });
}

export interface ReturnedFeedback extends Feedback {
  /** The feedback folder as the student sees it (their mount). */
  path: string;
  /** Files besides the comment, e.g. an annotated copy. */
  files: FileEntry[];
  /** When the teacher returned it (epoch ms: the share's time), or null when unknown. */
  returnedAt: number | null;
}

export interface MySubmission {
  /** The submission folder as the student sees it, or null when the teacher's share is missing. */
  path: string | null;
  derived: DerivedStatus;
  entries: FileEntry[];
  /** The typed answer, if one was saved. */
  answer: string;
  feedback: ReturnedFeedback | null;
}

function shareOf(shares: readonly Share[], owner: string, name: string): Share | undefined {
  return shares.find((s) => s.uid_owner === owner && s.item_type === 'folder' && isMountOf(s.path ?? s.file_target, name));
}

function mountOf(shares: readonly Share[], owner: string, name: string): string | null {
  const share = shareOf(shares, owner, name);
  return share ? (share.path ?? share.file_target) : null;
}

/** The student's own submission place and returned feedback, found through the shares they received. */
export async function getMySubmission(
  { userId, assignment, shares }: { userId: string; assignment: Assignment; shares: readonly Share[] },
  { signal }: CallOptions = {},
): Promise<MySubmission> {
  const me = assignment.students.find((s) => s.id === userId);
  const place = me === undefined ? undefined : studentPlacesOf(assignment.settings.folder, assignment.students).find((p) => p.student.id === userId);
  const path = place === undefined ? null : mountOf(shares, assignment.owner, place.submissionName);
  const feedbackShare = place === undefined ? undefined : shareOf(shares, assignment.owner, place.feedbackName);
  const feedbackPath = feedbackShare === undefined ? null : (feedbackShare.path ?? feedbackShare.file_target);
  const returnedAt = feedbackShare?.stime === undefined || feedbackShare.stime <= 0 ? null : feedbackShare.stime * 1000;
  const [entries, feedback] = await Promise.all([
    path === null ? Promise.resolve([]) : listFolder({ user: userId, path }, { signal }).then((l) => l.children),
    feedbackPath === null ? Promise.resolve(null) : readFeedback(userId, feedbackPath, returnedAt, signal),
  ]);
  const derived = deriveStatus({ files: entries.map((e) => ({ name: e.name, lastModified: e.lastModified })), returned: feedback !== null, due: assignment.due });
  const answerEntry = entries.find((e) => e.name === ANSWER_FILE);
  const answer = answerEntry === undefined || path === null ? '' : await (await readFile({ user: userId, path: `${path}/${ANSWER_FILE}` }, { signal })).text();
  return { path, derived, entries: entries.filter((e) => derived.files.some((f) => f.name === e.name)), answer, feedback };
}

async function readFeedback(userId: string, path: string, returnedAt: number | null, signal: AbortSignal | undefined): Promise<ReturnedFeedback> {
  const listing = await listFolder({ user: userId, path }, { signal });
  const hasComment = listing.children.some((e) => e.name === FEEDBACK_FILE);
  const text = hasComment ? await (await readFile({ user: userId, path: `${path}/${FEEDBACK_FILE}` }, { signal })).text() : '';
  return { ...parseFeedbackFile(text), path, files: listing.children.filter((e) => e.name !== FEEDBACK_FILE), returnedAt };
}

export function mySubmissionQueryOptions(queryClient: QueryClient, userId: string, assignment: Assignment) {
  return queryOptions({
    queryKey: [...tasksKeys.folder(userId, assignment.settings.folder), assignment.cardId] as const,
    queryFn: async ({ signal }) => {
      const shares = await queryClient.query(receivedSharesQueryOptions(userId));
      return getMySubmission({ userId, assignment, shares }, { signal });
    },
  });
}

export function useMySubmission(userId: string, assignment: Assignment) {
  const queryClient = useQueryClient();
  return useQuery(mySubmissionQueryOptions(queryClient, userId, assignment));
}

/** The student's submission of each assignment (one query each, shared with the detail view): by card id. */
export function useMySubmissions(userId: string, assignments: readonly Assignment[]) {
  const queryClient = useQueryClient();
  return useQueries({
    queries: assignments.map((a) => mySubmissionQueryOptions(queryClient, userId, a)),
    combine: (results) => ({
      byCard: new Map(results.flatMap((r, i) => (r.data === undefined || assignments[i] === undefined ? [] : [[assignments[i].cardId, r.data] as const]))),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error !== null)?.error ?? null,
    }),
  });
}
