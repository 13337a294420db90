import { describe, expect, it } from 'vitest';
import {
  canChangeSubmission,
  cardDescriptionOf,
  countByStatus,
  deriveStatus,
  feedbackFileContent,
  folderNameOf,
  isMountOf,
  isOverdue,
  mentionsOf,
  missingStudents,
  parseCardDescription,
  parseFeedbackFile,
  planAssignment,
  sortRows,
  studentPlacesOf,
  type StatusRow,
} from './assignment-model';

const lena = { id: 's7a1', displayName: 'Lena Becker' };
const max = { id: 's7a2', displayName: 'Max Huber' };
const due = Date.parse('2026-11-30T08:00:00Z');
const settings = { folder: 'Brüche', availableFrom: null, toleranceMinutes: 60 };

describe('folder names', () => {
  it('makes a title safe for a path and keeps umlauts', () => {
    expect(folderNameOf('  Brüche / Teil 1: Üben?  ')).toBe('Brüche Teil 1 Üben');
    expect(folderNameOf('../geheim')).toBe('geheim');
  });

  it('names each student place after the student, with the id only for a shared name', () => {
    const twin = { id: 's7a9', displayName: 'Lena Becker' };
    expect(studentPlacesOf('Brüche', [lena, max]).map((p) => p.submissionName)).toEqual(['Brüche – Lena Becker', 'Brüche – Max Huber']);
    expect(studentPlacesOf('Brüche', [lena, twin]).map((p) => p.feedbackName)).toEqual([
      'Brüche – Rückmeldung für Lena Becker (s7a1)',
      'Brüche – Rückmeldung für Lena Becker (s7a9)',
    ]);
  });
});

describe('the card description', () => {
  it('round-trips instructions and settings', () => {
    const text = cardDescriptionOf('Rechne S. 12\nNr. 3', { ...settings, availableFrom: '2026-11-24T07:00:00.000Z' });
    expect(text.endsWith('}')).toBe(true);
    expect(parseCardDescription(text)).toEqual({ instructions: 'Rechne S. 12\nNr. 3', settings: { ...settings, availableFrom: '2026-11-24T07:00:00.000Z' } });
  });

  it('is no assignment without a readable marker', () => {
    expect(parseCardDescription('Nur eine Karte')).toBeNull();
    expect(parseCardDescription('klassenraum:assignment={kaputt')).toBeNull();
    expect(parseCardDescription('klassenraum:assignment={"folder":""}')).toBeNull();
  });
});

describe('planAssignment', () => {
  it('puts material in the class folder and private places outside it, one share per student', () => {
    const plan = planAssignment('Klasse 7a', 'Brüche', [lena, max]);
    expect(plan.folders).toEqual([
      '/Klassen/Klasse 7a/Aufgaben',
      '/Klassen/Klasse 7a/Aufgaben/Brüche',
      '/Klassen/Abgaben Klasse 7a',
      '/Klassen/Abgaben Klasse 7a/Brüche',
      '/Klassen/Abgaben Klasse 7a/Brüche/Rückmeldungen',
      '/Klassen/Abgaben Klasse 7a/Brüche/Brüche – Lena Becker',
      '/Klassen/Abgaben Klasse 7a/Brüche/Brüche – Max Huber',
    ]);
    expect(plan.shares).toEqual([
      { path: '/Klassen/Abgaben Klasse 7a/Brüche/Brüche – Lena Becker', shareWith: 's7a1', permissions: 15 },
      { path: '/Klassen/Abgaben Klasse 7a/Brüche/Brüche – Max Huber', shareWith: 's7a2', permissions: 15 },
    ]);
    // Nothing private inside the class folder, which the whole class can read.
    expect(plan.shares.every((s) => !s.path.startsWith('/Klassen/Klasse 7a/'))).toBe(true);
  });
});

describe('deriveStatus', () => {
  const marker = (at: number) => ({ name: 'Abgegeben.txt', lastModified: at });
  const answer = { name: 'Antwort.md', lastModified: due - 5000 };

  it('follows the files, the marker time and the returned feedback', () => {
    expect(deriveStatus({ files: [], returned: false, due }).status).toBe('not-started');
    expect(deriveStatus({ files: [answer], returned: false, due }).status).toBe('in-progress');
    expect(deriveStatus({ files: [answer, marker(due - 1000)], returned: false, due })).toMatchObject({ status: 'handed-in', handedInAt: due - 1000, files: [answer] });
    expect(deriveStatus({ files: [answer, marker(due + 1000)], returned: false, due })).toMatchObject({ status: 'late', late: true });
    expect(deriveStatus({ files: [answer, marker(due + 1000)], returned: true, due })).toMatchObject({ status: 'returned', late: true });
    expect(deriveStatus({ files: [marker(due + 1000)], returned: false, due: null }).status).toBe('handed-in');
  });

  it('allows changes until the due date plus tolerance, and not after feedback', () => {
    expect(canChangeSubmission(due + 59 * 60_000, due, settings, 'handed-in')).toBe(true);
    expect(canChangeSubmission(due + 61 * 60_000, due, settings, 'in-progress')).toBe(false);
    expect(canChangeSubmission(due - 1, due, settings, 'returned')).toBe(false);
    expect(canChangeSubmission(due - 1, due, { ...settings, availableFrom: new Date(due).toISOString() }, 'not-started')).toBe(false);
    expect(canChangeSubmission(due * 2, null, settings, 'not-started')).toBe(true);
  });

  it('calls open work overdue after the due date only', () => {
    expect(isOverdue(due + 1, due, 'in-progress')).toBe(true);
    expect(isOverdue(due + 1, due, 'late')).toBe(false);
    expect(isOverdue(due - 1, due, 'not-started')).toBe(false);
  });
});

describe('overview rows', () => {
  const rows: StatusRow[] = [
    { student: max, status: 'late', handedInAt: due + 10 },
    { student: lena, status: 'handed-in', handedInAt: due - 10 },
    { student: { id: 's7a3', displayName: 'Anna Zeller' }, status: 'not-started', handedInAt: null },
  ];

  it('counts, sorts and finds the missing', () => {
    expect(countByStatus(rows)).toEqual({ 'not-started': 1, 'in-progress': 0, 'handed-in': 1, late: 1, returned: 0 });
    expect(sortRows(rows, 'name', true).map((r) => r.student.id)).toEqual(['s7a3', 's7a1', 's7a2']);
    expect(sortRows(rows, 'status', true).map((r) => r.status)).toEqual(['not-started', 'handed-in', 'late']);
    expect(sortRows(rows, 'handedInAt', false).map((r) => r.student.id)).toEqual(['s7a3', 's7a2', 's7a1']);
    expect(missingStudents(rows)).toEqual([{ id: 's7a3', displayName: 'Anna Zeller' }]);
    expect(mentionsOf(missingStudents(rows))).toBe('@"s7a3"');
  });
});

describe('feedback file', () => {
  it('round-trips comment and grade', () => {
    const text = feedbackFileContent({ comment: 'Gut gemacht.\nAchte auf Kürzen.', grade: '2+' });
    expect(text).toContain('Bewertung: 2+');
    expect(parseFeedbackFile(text)).toEqual({ comment: 'Gut gemacht.\nAchte auf Kürzen.', grade: '2+' });
    expect(parseFeedbackFile(feedbackFileContent({ comment: 'Ok', grade: null }))).toEqual({ comment: 'Ok', grade: null });
  });

  it('recognises a renamed mount', () => {
    expect(isMountOf('/Brüche – Lena Becker', 'Brüche – Lena Becker')).toBe(true);
    expect(isMountOf('/Brüche – Lena Becker (2)', 'Brüche – Lena Becker')).toBe(true);
    expect(isMountOf('/Brüche – Lena Beckerin', 'Brüche – Lena Becker')).toBe(false);
  });
});
