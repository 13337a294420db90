import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { conversationToken, postMessage } from '../chat/talk-api.js';
import { DEMO_PASSWORD, expect, test, type School } from '../fixtures/school.js';
import { ClassHomePage, HomePage, NotificationBell } from './class-pages.js';

// Issue 17: presence, the home page's badges and the bell without reload, notifications in the UI language.
test.use({ schoolKey: 'live-home' });
test.describe.configure({ mode: 'serial' });

/** s7a2 has no status in the demo school: "Online" can only come from the app's heartbeat. */
const STUDENT = { id: 's7a2', name: 'Jonas Weber' };

async function signedIn(browser: Browser, school: School, user: string, displayName: string, locale = 'de-DE'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: school.appUrl, locale });
  const page = await context.newPage();
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud(user, DEMO_PASSWORD);
  await new AppShell(page).expectSignedInAs(displayName);
  return { context, page };
}

/** Deck as another Nextcloud client (the teacher's Deck app): straight at the dev server with Basic auth. */
async function deck<T>(school: School, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${school.devserver.url}/index.php/apps/deck/api/v1.0${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      'OCS-APIRequest': 'true',
      Authorization: `Basic ${Buffer.from(`schmidt:${DEMO_PASSWORD}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${String(response.status)}`);
  return (await response.json()) as T;
}

test('a class member who uses the app is shown online to the teacher (the heartbeat), not offline', async ({ browser, school }) => {
  test.setTimeout(120_000);
  const teacher = await signedIn(browser, school, 'schmidt', 'Frau Schmidt');
  const home = new HomePage(teacher.page);
  await home.waitForClasses();
  await home.setUpButton('Klasse 7a').click();
  await expect(home.provisionStatus()).toContainText('Fertig');

  const classHome = new ClassHomePage(teacher.page);
  await teacher.page.goto('/klassen/7a');
  await expect(classHome.members().filter({ hasText: STUDENT.name })).toContainText('Offline');

  const student = await signedIn(browser, school, STUDENT.id, STUDENT.name);
  // The student's browser beat once, as the leader tab, with "online".
  const beats = () => school.devserver.control.requests().filter((r) => r.user === STUDENT.id && r.method === 'PUT' && r.path.startsWith('/ocs/v2.php/apps/user_status/api/v1/heartbeat'));
  await expect.poll(() => beats().length).toBe(1);

  await teacher.page.reload();
  await expect(classHome.members().filter({ hasText: STUDENT.name })).toContainText('Online');
  // A second tab of the student's browser does not beat again.
  const second = await student.context.newPage();
  await second.goto('/');
  await new AppShell(second).expectSignedInAs(STUDENT.name);
  await second.waitForTimeout(2_000);
  expect(beats()).toHaveLength(1);
  await student.context.close();
  await teacher.context.close();
});

test('the home page shows a new mention on the class card and in the bell within 35 s, without reload, in the UI language', async ({ browser, school }) => {
  test.setTimeout(120_000);
  // The browser asks for English, the app is in German (its default): the app's language is what Nextcloud hears.
  const student = await signedIn(browser, school, STUDENT.id, STUDENT.name, 'en-US');
  const home = new HomePage(student.page);
  const card = home.classCard('Klasse 7a');
  await expect(card).toContainText('Keine ungelesenen Nachrichten');
  const bell = new NotificationBell(student.page);
  await expect(bell.trigger(0)).toBeVisible();

  const token = await conversationToken(school.devserver.url, 'schmidt', 'Klasse 7a');
  const postedAt = Date.now();
  await postMessage(school.devserver.url, 'schmidt', token, `@${STUDENT.id} bitte lies den Text bis morgen`);

  await expect(bell.trigger(1)).toBeVisible({ timeout: 35_000 });
  await expect(card).toContainText('1 ungelesene Nachricht', { timeout: 5_000 });
  await expect(card).toContainText('Du wurdest erwähnt');
  expect(Date.now() - postedAt).toBeLessThan(35_000);
  await bell.trigger(1).click();
  await expect(bell.item('Frau Schmidt hat dich in einer Unterhaltung erwähnt: Klasse 7a')).toBeVisible();
  await student.page.keyboard.press('Escape');

  // Frau Schmidt assigns Jonas a card on the class board (in Deck): the bell says so in German.
  const boards = await deck<{ id: number; title: string }[]>(school, 'GET', '/boards');
  const board = boards.find((b) => b.title === 'Klasse 7a');
  if (board === undefined) throw new Error('no class board');
  const stacks = await deck<{ id: number }[]>(school, 'GET', `/boards/${String(board.id)}/stacks`);
  const stack = stacks[0];
  if (stack === undefined) throw new Error('no stack on the class board');
  const created = await deck<{ id: number }>(school, 'POST', `/boards/${String(board.id)}/stacks/${String(stack.id)}/cards`, { title: 'Vokabeln lernen', type: 'plain', order: 0 });
  await deck(school, 'PUT', `/boards/${String(board.id)}/stacks/${String(stack.id)}/cards/${String(created.id)}/assignUser`, { userId: STUDENT.id });
  await expect(bell.trigger(2)).toBeVisible({ timeout: 35_000 });
  await bell.trigger(2).click();
  await expect(bell.item('Die Karte "Vokabeln lernen" auf "Klasse 7a" wurde dir von Frau Schmidt zugewiesen.')).toBeVisible();
  await student.context.close();
});
