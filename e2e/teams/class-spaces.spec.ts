import type { Page } from '@playwright/test';
import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { expect, test, type School } from '../fixtures/school.js';
import { ClassHomePage, HomePage } from './class-pages.js';
import { signIn } from '../auth/sign-in.js';

// These steps build on an untouched demo school: this file gets its own.
test.use({ schoolKey: 'class-spaces' });

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'REPORT', 'SEARCH']);
/** The APIs a class space lives in (token refreshes and logins are not part of it). */
const SPACE_APIS = ['/ocs/v2.php/apps/spreed/', '/ocs/v2.php/apps/files_sharing/', '/remote.php/dav/', '/index.php/apps/deck/', '/ocs/v2.php/apps/circles/'];

function spaceWrites(school: School): string[] {
  return school.devserver.control
    .requests()
    .filter((r) => !READ_METHODS.has(r.method) && SPACE_APIS.some((prefix) => r.path.startsWith(prefix)))
    .map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`);
}

/** An API call through the gateway with the signed-in user's session, as the app would make it. */
async function api(page: Page, method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ method, path, json }) => {
      const headers: Record<string, string> = { 'X-Requested-With': 'klassenraum', 'OCS-APIRequest': 'true', Accept: 'application/json' };
      if (json !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(path, { method, headers, body: json === undefined ? null : JSON.stringify(json) });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    { method, path, json },
  );
}

const DECK = '/index.php/apps/deck/api/v1.0';

function deck(page: Page, method: string, path: string, json?: unknown) {
  return api(page, method, `${DECK}${path}`, json);
}

// One dev server per worker: these steps build on each other (set up, check, break, repair, visit).
test.describe.configure({ mode: 'serial' });

test.describe('class spaces', () => {
  test('a teacher sets up the class space of 7a in one step', async ({ page, school }) => {
    const csp = watchCsp(page);
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expectNoAxeViolations(page);

    school.devserver.control.resetRequests();
    await home.setUpButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toHaveText('Fertig. Neu eingerichtet: Ordner, Klassenchat, Aufgabenboard.');
    await expect(home.classCard('Klasse 7a')).toBeVisible();
    await expect(home.classCard('Klasse 7a')).toContainText('Keine ungelesenen Nachrichten');
    await expect(home.classCard('Klasse 7a')).toContainText('Keine offenen Aufgaben');

    const writes = spaceWrites(school);
    expect(writes.filter((w) => w.startsWith('POST /ocs/v2.php/apps/spreed/api/v4/room') && w.endsWith('/room'))).toHaveLength(1);
    expect(writes.filter((w) => w === 'POST /index.php/apps/deck/api/v1.0/boards')).toHaveLength(1);
    // One share: the class folder, read-only for students (no upload area any more, ADR 0004).
    expect(writes.filter((w) => w === 'POST /ocs/v2.php/apps/files_sharing/api/v1/shares')).toHaveLength(1);
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('provisioning a complete class space again changes nothing', async ({ page, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(home.classCard('Klasse 7a')).toBeVisible();
    // Complete: the home screen offers no set-up for 7a.
    await expect(home.setUpButton('Klasse 7a')).toHaveCount(0);
    await expect(home.completeButton('Klasse 7a')).toHaveCount(0);

    await home.classLink('Klasse 7a').click();
    const classHome = new ClassHomePage(page);
    await expect(classHome.heading('Klasse 7a')).toBeVisible();
    school.devserver.control.resetRequests();
    await classHome.checkButton('Klasse 7a').click();
    await expect(classHome.provisionStatus()).toHaveText('Der Klassenraum für Klasse 7a ist vollständig. Es wurde nichts geändert.');
    expect(spaceWrites(school)).toEqual([]);
  });

  test('a deleted Deck board is detected and only the board is set up again', async ({ page, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const boards = await deck(page, 'GET', '/boards?details=true');
    expect(boards.status).toBe(200);
    const board = (boards.body as { id: number; title: string; deletedAt: number }[]).find((b) => b.title === 'Klasse 7a' && b.deletedAt === 0);
    expect(board).toBeDefined();
    expect((await deck(page, 'DELETE', `/boards/${board?.id ?? 0}`)).status).toBe(200);

    const home = new HomePage(page);
    await home.open();
    await home.waitForClasses();
    school.devserver.control.resetRequests();
    await home.completeButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toHaveText('Fertig. Neu eingerichtet: Aufgabenboard.');

    const writes = spaceWrites(school);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((w) => !w.startsWith('POST /index.php/apps/deck/api/v1.0/boards'))).toEqual([]);
    expect(writes.filter((w) => w === 'POST /index.php/apps/deck/api/v1.0/boards')).toHaveLength(1);
    expect(writes.some((w) => /^POST \/index\.php\/apps\/deck\/api\/v1\.0\/boards\/\d+\/acl$/.test(w))).toBe(true);

    // The teacher posts in the class chat and gives a task with a due date (as other screens will).
    const boardsAfter = (await deck(page, 'GET', '/boards?details=true')).body as { id: number; title: string; deletedAt: number }[];
    const newBoard = boardsAfter.find((b) => b.title === 'Klasse 7a' && b.deletedAt === 0);
    const stacks = (await deck(page, 'GET', `/boards/${newBoard?.id ?? 0}/stacks`)).body as { id: number; title: string }[];
    const open = stacks.find((s) => s.title === 'Offen');
    const card = await deck(page, 'POST', `/boards/${newBoard?.id ?? 0}/stacks/${open?.id ?? 0}/cards`, {
      title: 'Arbeitsblatt Brüche 1',
      type: 'plain',
      order: 0,
      duedate: '2030-11-30T08:00:00+00:00',
    });
    expect(card.status).toBe(200);
    const rooms = (await api(page, 'GET', '/ocs/v2.php/apps/spreed/api/v4/room')).body as { ocs: { data: { token: string; description: string }[] } };
    const room = rooms.ocs.data.find((r) => r.description.includes('klassenraum:class=klasse-7a'));
    const message = await api(page, 'POST', `/ocs/v2.php/apps/spreed/api/v1/chat/${room?.token ?? ''}`, { message: 'Willkommen in der 7a!' });
    expect(message.status).toBe(201);
  });

  test('a student of 7a sees the 7a card and its class home', async ({ page }) => {
    const csp = watchCsp(page);
    await signIn(page, 's7a1', 'Lena Becker');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(home.classCard('Klasse 7a')).toBeVisible();
    await expect(home.classCard('Klasse 7a')).toContainText('1 ungelesene Nachricht');
    await expect(home.classCard('Klasse 7a')).toContainText(/Nächste Aufgabe: Arbeitsblatt Brüche 1, fällig /);
    await expect(home.setUpButton('Klasse 7a')).toHaveCount(0);
    await expectNoAxeViolations(page);

    await home.classLink('Klasse 7a').click();
    await expect(page).toHaveURL(/\/klassen\/7a$/);
    const classHome = new ClassHomePage(page);
    await expect(classHome.heading('Klasse 7a')).toBeVisible();
    await expect(classHome.tab('Chat')).toHaveAttribute('aria-selected', 'true');
    await expect(classHome.members().filter({ hasText: 'Frau Schmidt' })).toContainText('(Lehrkraft)');
    await expect(classHome.members().filter({ hasText: 'Lena Becker' })).toContainText(/Online|Offline|Abwesend|Nicht stören/);
    await expect(classHome.members()).toHaveCount(7);
    await expect(classHome.checkButton('Klasse 7a')).toHaveCount(0);
    await expectNoAxeViolations(page);

    // Keyboard: arrow keys move between tabs and the URL keeps the choice.
    await classHome.tab('Chat').focus();
    await page.keyboard.press('ArrowRight');
    await expect(classHome.tab('Dateien')).toBeFocused();
    await expect(classHome.tab('Dateien')).toHaveAttribute('aria-selected', 'true');
    await expect(page).toHaveURL(/\/klassen\/7a\?ansicht=dateien$/);
    await expect(classHome.panel()).toBeVisible();
    // The files panel shows the class folder as the student sees it: read-only, and no upload area in it.
    await expect(classHome.panel().getByText('Dieser Ordner ist leer.', { exact: true })).toBeVisible();
    await expect(classHome.panel().getByText('Abgabe', { exact: true })).toHaveCount(0);
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('a student of 7b does not see the 7a card', async ({ page }) => {
    await signIn(page, 's7b1', 'Hannah Koch');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(page.getByText('Hier erscheinen deine Klassen.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Klasse 7a' })).toHaveCount(0);
    await page.goto('/klassen/7a');
    await expect(page.getByText('Diese Klasse gibt es nicht, oder du gehörst ihr nicht an.')).toBeVisible();
  });
});
