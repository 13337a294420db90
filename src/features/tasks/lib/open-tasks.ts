import type { SubmissionStatus } from './assignment-model';

/**
 * One rule for what a student still has to do, used by every list that says so ("Heute fällig" on home, the
 * class cards' "Nächste Aufgabe", "Meine Aufgaben"): an assignment is open while she has neither handed it in
 * nor got it back. A status not known yet counts as not open, so nothing appears and vanishes again.
 */
export function isOpenForStudent(status: SubmissionStatus | null | undefined): boolean {
  return status === 'not-started' || status === 'in-progress';
}

export interface Dated {
  /** Epoch milliseconds, or null. */
  due: number | null;
}

/** 23:59:59.999 of the day `now` is in (local time, as the dates are shown). */
export function endOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(23, 59, 59, 999);
  return d.getTime();
}

/** The open assignments with a due date, earliest first (overdue ones first of all). */
export function openByDue<T extends Dated>(items: readonly T[], statusOf: (item: T) => SubmissionStatus | null | undefined): (T & { due: number })[] {
  return items
    .filter((i): i is T & { due: number } => i.due !== null && isOpenForStudent(statusOf(i)))
    .sort((a, b) => a.due - b.due);
}

/** "Heute fällig": open and due by the end of today (overdue included). */
export function dueToday<T extends Dated>(items: readonly T[], statusOf: (item: T) => SubmissionStatus | null | undefined, now: number): (T & { due: number })[] {
  const end = endOfDay(now);
  return openByDue(items, statusOf).filter((i) => i.due <= end);
}

/** "Nächste Aufgabe": the earliest-due open one, or null. Never one that "Heute fällig" leaves out today. */
export function nextOpen<T extends Dated>(items: readonly T[], statusOf: (item: T) => SubmissionStatus | null | undefined): (T & { due: number }) | null {
  return openByDue(items, statusOf)[0] ?? null;
}

/** Returned within the last `days` days (by when the feedback was shared), newest first: "Neue Rückmeldungen". */
export function recentlyReturned<T>(items: readonly T[], returnedAt: (item: T) => number | null, now: number, days = 7): T[] {
  const since = now - days * 86_400_000;
  return items
    .map((item) => ({ item, at: returnedAt(item) }))
    .filter((x): x is { item: T; at: number } => x.at !== null && x.at >= since)
    .sort((a, b) => b.at - a.at)
    .map((x) => x.item);
}
