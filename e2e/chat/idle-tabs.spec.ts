import type { Page } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { DEMO_PASSWORD, expect, test } from '../fixtures/school.js';
import { HomePage } from '../teams/class-pages.js';
import { ChatPage } from './chat-page.js';
import { conversationToken, postMessage } from './talk-api.js';

// Counts every request of one user for minutes: nobody else may use this dev server meanwhile.
test.use({ schoolKey: 'chat-idle-tabs' });

const STUDENT = 's7a1';
const IDLE_MS = 5 * 60_000;
const LONG_POLL_SECONDS = 30;

interface Recorded {
  method: string;
  path: string;
  user: string | null;
  at: number;
  endedAt: number;
}

const isLongPoll = (r: Recorded) => r.method === 'GET' && r.path.startsWith('/ocs/v2.php/apps/spreed/api/v1/chat/') && r.path.includes('lookIntoFuture=1');
const kindOf = (r: Recorded): string => {
  if (isLongPoll(r)) return 'long-poll';
  const path = r.path.split('?')[0] ?? '';
  if (path.startsWith('/ocs/v2.php/apps/notifications/')) return 'notifications';
  if (path.endsWith('/participants')) return 'members';
  return `${r.method} ${path}`;
};

/** Pairs of long-polls that were open at the same moment (as the dev server saw them). */
function overlapping(polls: Recorded[]): string[] {
  const sorted = [...polls].sort((a, b) => a.at - b.at);
  const overlaps: string[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.at < previous.endedAt) overlaps.push(`${String(previous.at)}–${String(previous.endedAt)} and ${String(current.at)}–${String(current.endedAt)}`);
  }
  return overlaps;
}

function count(records: Recorded[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[kindOf(r)] = (counts[kindOf(r)] ?? 0) + 1;
  return counts;
}

/** Makes the page report itself hidden (as a background tab or minimised window does) or visible again. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('three tabs of one user with the class chat open for 5 minutes: one long-poll stream, one tab’s requests; the leader’s close hands over within 5 s', async ({ browser, school }) => {
  // Five idle minutes plus set-up, sign-in and three tab loads: these took 2.5 min on a loaded 2-core machine.
  test.setTimeout(10 * 60_000);
  const control = school.devserver.control;
  const ofStudent = (since: number) => (control.requests() as Recorded[]).filter((r) => r.user === STUDENT && r.at >= since);

  // The teacher sets up the class space of 7a (folder, class chat, board).
  const teacherContext = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  const teacher = await teacherContext.newPage();
  await teacher.goto('/');
  await new LoginPage(teacher).signInThroughNextcloud('schmidt', DEMO_PASSWORD);
  await new AppShell(teacher).expectSignedInAs('Frau Schmidt');
  const home = new HomePage(teacher);
  await home.waitForClasses();
  await home.setUpButton('Klasse 7a').click();
  await expect(home.classCard('Klasse 7a')).toBeVisible();
  await teacherContext.close();
  const token = await conversationToken(school.devserver.url, 'schmidt', 'Klasse 7a');

  // One student, one browser, three tabs with the class chat open.
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  const first = await context.newPage();
  await first.goto('/');
  await new LoginPage(first).signInThroughNextcloud(STUDENT, DEMO_PASSWORD);
  await new AppShell(first).expectSignedInAs('Lena Becker');
  const tabs: ChatPage[] = [];
  for (const page of [first, await context.newPage(), await context.newPage()]) {
    const chat = new ChatPage(page);
    await chat.openClass('7a');
    tabs.push(chat);
  }
  await postMessage(school.devserver.url, 'schmidt', token, 'Guten Morgen, 7a!');
  for (const tab of tabs) await expect(tab.message('Guten Morgen, 7a!')).toBeVisible();

  // Idle for five real minutes; everything the student's browser asks Nextcloud for is counted.
  await first.waitForTimeout(2_000);
  const idleFrom = Date.now();
  await first.waitForTimeout(IDLE_MS);
  const idle = ofStudent(idleFrom).filter((r) => r.at < idleFrom + IDLE_MS);
  const polls = idle.filter(isLongPoll);
  const mix = JSON.stringify(count(idle));
  test.info().annotations.push({ type: 'requests in 5 idle minutes, 3 tabs', description: mix });

  expect(overlapping(polls), 'long-polls open at the same time').toEqual([]);
  // One stream answers every 30 s when nothing happens: 10 in five minutes (three streams would be 30). A poll
  // is recorded when it ends, so the one still open at the end is not counted yet.
  expect(polls.length, mix).toBeGreaterThanOrEqual(IDLE_MS / 1000 / LONG_POLL_SECONDS - 2);
  expect(polls.length, mix).toBeLessThanOrEqual(IDLE_MS / 1000 / LONG_POLL_SECONDS + 1);
  // What one tab needs besides the stream: notifications and the members' presence once a minute.
  const perMinute = IDLE_MS / 60_000 + 1;
  expect(idle.filter((r) => kindOf(r) === 'notifications').length, mix).toBeLessThanOrEqual(perMinute);
  expect(idle.filter((r) => kindOf(r) === 'members').length, mix).toBeLessThanOrEqual(perMinute);
  expect(idle.length, mix).toBeLessThanOrEqual(polls.length + 2 * perMinute + 2);

  // The first tab took the lock first: it leads. Close it; another tab takes over the stream within 5 s.
  const closedAt = Date.now();
  await first.close();
  await postMessage(school.devserver.url, 'schmidt', token, 'Nach dem Schließen des ersten Tabs');
  const remaining = tabs.slice(1);
  for (const tab of remaining) await expect(tab.message('Nach dem Schließen des ersten Tabs')).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - closedAt).toBeLessThan(5_000);

  // Every tab hidden: no requests at all; shown again, the stream resumes and catches up.
  for (const tab of remaining) await setHidden(tab.page, true);
  // This message ends the open long-poll; after it the hidden tabs must stay silent.
  await postMessage(school.devserver.url, 'schmidt', token, 'Während alle Tabs verborgen sind');
  await remaining[0]?.page.waitForTimeout(1_000);
  const hiddenFrom = Date.now();
  await remaining[0]?.page.waitForTimeout(20_000);
  // A long-poll is recorded when it ends: this message would end one that had started meanwhile.
  await postMessage(school.devserver.url, 'schmidt', token, 'Noch verborgen geschrieben');
  await remaining[0]?.page.waitForTimeout(500);
  const whileHidden = ofStudent(hiddenFrom);
  expect(whileHidden.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  const second = remaining[1];
  if (second === undefined) throw new Error('two tabs remain');
  await setHidden(second.page, false);
  await expect(second.message('Noch verborgen geschrieben')).toBeVisible({ timeout: 5_000 });

  const afterClose = ofStudent(closedAt).filter(isLongPoll);
  expect(overlapping(afterClose), 'long-polls open at the same time after the handover').toEqual([]);
  await context.close();
});
