/**
 * The assignment model (docs/adr/0006-assignments-on-deck-and-webdav.md), as plain functions: where an
 * assignment's folders live, which shares make each student's submission place private, how the card's
 * description carries the settings, and how a student's status follows from files and shares alone.
 * Names are data on the server (German, the same in every UI language).
 */

export const ASSIGNMENT_LABEL = 'Aufgabe';
export const ASSIGNMENT_LABEL_COLOR = 'E9322D';
export const CLASSES_FOLDER = '/Klassen';
export const MATERIAL_FOLDER_NAME = 'Aufgaben';
export const FEEDBACK_FOLDER_NAME = 'Rückmeldungen';
/** Written by "hand in", deleted by "take back": its upload time is the hand-in time. */
export const HANDED_IN_FILE = 'Abgegeben.txt';
/** A typed answer, saved as a file in the submission folder. */
export const ANSWER_FILE = 'Antwort.md';
export const FEEDBACK_FILE = 'Rückmeldung.md';
const MARKER = 'klassenraum:assignment=';

/** Read + update + create + delete: students add, change and remove their own files (and the marker). */
export const SUBMISSION_PERMISSIONS = 1 | 2 | 4 | 8;
/** Read only: returned feedback cannot be changed by the student. */
export const FEEDBACK_PERMISSIONS = 1;

export interface AssignmentSettings {
  /** The folder name of the assignment (the title made safe for a path). */
  folder: string;
  /** ISO date-time, or null: available at once. */
  availableFrom: string | null;
  /** Minutes after the due date during which handing in is still accepted (as late). */
  toleranceMinutes: number;
}

export interface Student {
  id: string;
  displayName: string;
}

/** A title as a folder name: no slashes or control characters, single spaces, at most 80 characters. */
export function folderNameOf(title: string): string {
  return title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
}

/** The card description: the teacher's instructions, then a readable marker line with the settings. */
export function cardDescriptionOf(instructions: string, settings: AssignmentSettings): string {
  const text = instructions.trim();
  const marker = `${MARKER}${JSON.stringify(settings)}`;
  return text === '' ? marker : `${text}\n\n${marker}`;
}

/** The instructions and settings in a card description; null when the card is no assignment. */
export function parseCardDescription(description: string): { instructions: string; settings: AssignmentSettings } | null {
  const lines = description.split('\n');
  const index = lines.findIndex((l) => l.startsWith(MARKER));
  if (index < 0) return null;
  let raw: unknown;
  try {
    raw = JSON.parse((lines[index] ?? '').slice(MARKER.length));
  } catch {
    // A marker a human edited into something else: the card is no longer an assignment.
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r['folder'] !== 'string' || r['folder'] === '') return null;
  const settings: AssignmentSettings = {
    folder: r['folder'],
    availableFrom: typeof r['availableFrom'] === 'string' ? r['availableFrom'] : null,
    toleranceMinutes: typeof r['toleranceMinutes'] === 'number' && r['toleranceMinutes'] > 0 ? r['toleranceMinutes'] : 0,
  };
  const instructions = lines
    .filter((_, i) => i !== index)
    .join('\n')
    .trim();
  return { instructions, settings };
}

export interface AssignmentPaths {
  /** In the class folder (shared read-only with the class): instructions' attachments. */
  material: string;
  /** Outside the class folder, in the teacher's files: one folder per student below it. */
  submissions: string;
  /** Teacher-only drafts of feedback; each is shared read-only with its student on "return". */
  feedback: string;
}

/** The teacher's paths for an assignment of the class named e.g. "Klasse 7a". */
export function assignmentPathsOf(className: string, folder: string): AssignmentPaths {
  const submissions = `${CLASSES_FOLDER}/Abgaben ${className}/${folder}`;
  return {
    material: `${CLASSES_FOLDER}/${className}/${MATERIAL_FOLDER_NAME}/${folder}`,
    submissions,
    feedback: `${submissions}/${FEEDBACK_FOLDER_NAME}`,
  };
}

export interface StudentPlaces {
  student: Student;
  /** The folder name (and the name of the student's mount): "Bruchrechnen – Lena Becker". */
  submissionName: string;
  feedbackName: string;
}

/** Names a human recognises in Files; the user id is added only where two students share a name. */
export function studentPlacesOf(folder: string, students: readonly Student[]): StudentPlaces[] {
  const counts = new Map<string, number>();
  for (const s of students) counts.set(s.displayName, (counts.get(s.displayName) ?? 0) + 1);
  return students.map((student) => {
    const name = (counts.get(student.displayName) ?? 0) > 1 ? `${student.displayName} (${student.id})` : student.displayName;
    const safe = folderNameOf(name) || student.id;
    return { student, submissionName: `${folder} – ${safe}`, feedbackName: `${folder} – Rückmeldung für ${safe}` };
  });
}

export interface PlannedShare {
  path: string;
  shareWith: string;
  permissions: number;
}

export interface AssignmentPlan {
  /** MKCOL in this order (parents first). */
  folders: string[];
  shares: PlannedShare[];
}

/** What creating an assignment writes in the teacher's files: folders, then one user share per student. */
export function planAssignment(className: string, folder: string, students: readonly Student[]): AssignmentPlan {
  const paths = assignmentPathsOf(className, folder);
  const materialParent = paths.material.slice(0, paths.material.lastIndexOf('/'));
  const submissionsParent = paths.submissions.slice(0, paths.submissions.lastIndexOf('/'));
  const places = studentPlacesOf(folder, students);
  return {
    folders: [
      materialParent,
      paths.material,
      submissionsParent,
      paths.submissions,
      paths.feedback,
      ...places.map((p) => `${paths.submissions}/${p.submissionName}`),
    ],
    shares: places.map((p) => ({ path: `${paths.submissions}/${p.submissionName}`, shareWith: p.student.id, permissions: SUBMISSION_PERMISSIONS })),
  };
}

export type SubmissionStatus = 'not-started' | 'in-progress' | 'handed-in' | 'late' | 'returned';
export const submissionStatuses: readonly SubmissionStatus[] = ['not-started', 'in-progress', 'handed-in', 'late', 'returned'];

export interface SubmittedFile {
  name: string;
  /** Epoch milliseconds. */
  lastModified: number | null;
}

export interface DerivedStatus {
  status: SubmissionStatus;
  /** Epoch milliseconds of the hand-in marker, or null. */
  handedInAt: number | null;
  late: boolean;
  /** The student's files, without the marker. */
  files: SubmittedFile[];
}

/**
 * A student's status from Nextcloud data alone: the files in their submission folder, whether feedback was
 * shared back with them, and the card's due date. Handed in after the due date is "late".
 */
export function deriveStatus({ files, returned, due }: { files: readonly SubmittedFile[]; returned: boolean; due: number | null }): DerivedStatus {
  const marker = files.find((f) => f.name === HANDED_IN_FILE);
  const own = files.filter((f) => f !== marker);
  const handedInAt = marker ? marker.lastModified : null;
  const late = marker !== undefined && due !== null && handedInAt !== null && handedInAt > due;
  const status: SubmissionStatus =
    returned ? 'returned'
    : marker !== undefined ? (late ? 'late' : 'handed-in')
    : own.length > 0 ? 'in-progress'
    : 'not-started';
  return { status, handedInAt, late, files: own };
}

/** Epoch ms until which handing in (or taking back) is accepted; null: no due date, always. */
export function deadlineOf(due: number | null, settings: Pick<AssignmentSettings, 'toleranceMinutes'>): number | null {
  return due === null ? null : due + settings.toleranceMinutes * 60_000;
}

export function isAvailable(now: number, settings: Pick<AssignmentSettings, 'availableFrom'>): boolean {
  if (settings.availableFrom === null) return true;
  const from = Date.parse(settings.availableFrom);
  return Number.isNaN(from) || now >= from;
}

/** A student may change, hand in or take back while available, before the deadline and before feedback came back. */
export function canChangeSubmission(now: number, due: number | null, settings: AssignmentSettings, status: SubmissionStatus): boolean {
  if (status === 'returned' || !isAvailable(now, settings)) return false;
  const deadline = deadlineOf(due, settings);
  return deadline === null || now <= deadline;
}

export function isOverdue(now: number, due: number | null, status: SubmissionStatus): boolean {
  return due !== null && now > due && (status === 'not-started' || status === 'in-progress');
}

export interface StatusRow {
  student: Student;
  status: SubmissionStatus;
  handedInAt: number | null;
}

export function countByStatus(rows: readonly StatusRow[]): Record<SubmissionStatus, number> {
  const counts: Record<SubmissionStatus, number> = { 'not-started': 0, 'in-progress': 0, 'handed-in': 0, late: 0, returned: 0 };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

export type SortKey = 'name' | 'status' | 'handedInAt';

export function sortRows<T extends StatusRow>(rows: readonly T[], key: SortKey, ascending: boolean): T[] {
  const byName = (a: T, b: T) => a.student.displayName.localeCompare(b.student.displayName, 'de');
  const compare = (a: T, b: T): number => {
    if (key === 'status') return submissionStatuses.indexOf(a.status) - submissionStatuses.indexOf(b.status) || byName(a, b);
    if (key === 'handedInAt') return (a.handedInAt ?? Infinity) - (b.handedInAt ?? Infinity) || byName(a, b);
    return byName(a, b);
  };
  const sorted = [...rows].sort(compare);
  return ascending ? sorted : sorted.reverse();
}

/** Those who have not handed in: the only recipients of a reminder. */
export function missingStudents(rows: readonly StatusRow[]): Student[] {
  return rows.filter((r) => r.status === 'not-started' || r.status === 'in-progress').map((r) => r.student);
}

/** Talk mentions for the given users (`@"id"` works for every user id). */
export function mentionsOf(students: readonly Student[]): string {
  return students.map((s) => `@"${s.id}"`).join(' ');
}

export interface Feedback {
  comment: string;
  grade: string | null;
}

const GRADE_PREFIX = 'Bewertung: ';

export function feedbackFileContent({ comment, grade }: Feedback): string {
  const lines = ['# Rückmeldung', ''];
  if (grade !== null && grade.trim() !== '') lines.push(`${GRADE_PREFIX}${grade.trim()}`, '');
  lines.push(comment.trim(), '');
  return lines.join('\n');
}

export function parseFeedbackFile(text: string): Feedback {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.startsWith('# ')) lines.shift();
  const gradeIndex = lines.findIndex((l) => l.startsWith(GRADE_PREFIX));
  const grade = gradeIndex >= 0 ? (lines[gradeIndex] ?? '').slice(GRADE_PREFIX.length).trim() : null;
  const comment = lines
    .filter((_, i) => i !== gradeIndex)
    .join('\n')
    .trim();
  return { comment, grade: grade === '' ? null : grade };
}

/** Nextcloud renames a received mount that clashes with an existing name: "X (2)". */
export function isMountOf(path: string, name: string): boolean {
  const base = path.split('/').filter((p) => p !== '').pop() ?? '';
  return base === name || (base.startsWith(`${name} (`) && /\(\d+\)$/.test(base));
}

/** The name an uploaded material or submission file gets: safe for a path, never empty. */
export function uploadNameOf(fileName: string): string {
  return folderNameOf(fileName) || 'Datei';
}

/** The app's own bookkeeping files in a submission place: shown as "Deine Antwort" and "Abgegeben am …", never as files. */
export function isInternalFile(name: string): boolean {
  return name === ANSWER_FILE || name === HANDED_IN_FILE;
}

export interface AssignmentEdit {
  title: string;
  instructions: string;
  /** ISO 8601. */
  due: string;
  availableFrom: string | null;
  toleranceMinutes: number;
}

/**
 * The card description after an edit. The folder stays the one the assignment was created with, whatever the
 * new title: the students' mounts and the teacher's folders keep their names (ADR 0006).
 */
export function editedCardDescription(settings: AssignmentSettings, edit: AssignmentEdit): string {
  return cardDescriptionOf(edit.instructions, { folder: settings.folder, availableFrom: edit.availableFrom, toleranceMinutes: edit.toleranceMinutes });
}

/** The shares that make an assignment visible to students: every share of a folder below its submissions folder. */
export function isAssignmentShare(paths: Pick<AssignmentPaths, 'submissions'>, sharePath: string | null): boolean {
  return sharePath !== null && sharePath.startsWith(`${paths.submissions}/`);
}
