import { describe, expect, it } from 'vitest';
import type { SubmissionStatus } from './assignment-model';
import { dueToday, isOpenForStudent, nextOpen, recentlyReturned } from './open-tasks';

const at = (h: number, m = 0) => new Date(2026, 11, 2, h, m).getTime();
const now = at(9);

interface Item {
  title: string;
  due: number | null;
  status: SubmissionStatus | null;
}
const statusOf = (i: Item) => i.status;

describe('one rule for open tasks', () => {
  it('is open only while neither handed in nor returned; unknown is not open', () => {
    expect(isOpenForStudent('not-started')).toBe(true);
    expect(isOpenForStudent('in-progress')).toBe(true);
    for (const s of ['handed-in', 'late', 'returned', null, undefined] as const) expect(isOpenForStudent(s)).toBe(false);
  });

  it('a returned task due today 23:30 is neither due today nor the next task (the issue: home and card disagreed)', () => {
    const items: Item[] = [{ title: 'Brüche', due: at(23, 30), status: 'returned' }];
    expect(dueToday(items, statusOf, now)).toEqual([]);
    expect(nextOpen(items, statusOf)).toBeNull();
  });

  it('due today counts overdue and today up to midnight; next is the earliest open one, and today agrees with it', () => {
    const items: Item[] = [
      { title: 'Morgen', due: at(9) + 86_400_000, status: 'not-started' },
      { title: 'Heute spät', due: at(23, 30), status: 'in-progress' },
      { title: 'Gestern', due: at(9) - 86_400_000, status: 'not-started' },
      { title: 'Abgegeben', due: at(8), status: 'handed-in' },
      { title: 'Verspätet', due: at(7), status: 'late' },
      { title: 'Ohne Datum', due: null, status: 'not-started' },
    ];
    expect(dueToday(items, statusOf, now).map((i) => i.title)).toEqual(['Gestern', 'Heute spät']);
    expect(nextOpen(items, statusOf)?.title).toBe('Gestern');
    const tomorrowOnly = items.filter((i) => i.title === 'Morgen');
    expect(dueToday(tomorrowOnly, statusOf, now)).toEqual([]);
    expect(nextOpen(tomorrowOnly, statusOf)?.title).toBe('Morgen');
  });

  it('recently returned: within the days given, newest first', () => {
    const items = [
      { title: 'alt', at: now - 8 * 86_400_000 },
      { title: 'neu', at: now - 3_600_000 },
      { title: 'gestern', at: now - 86_400_000 },
      { title: 'offen', at: null },
    ];
    expect(recentlyReturned(items, (i) => i.at, now).map((i) => i.title)).toEqual(['neu', 'gestern']);
  });
});
