import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD, expect, test, type School } from '../fixtures/school.js';
import { HomePage } from '../teams/class-pages.js';
import { AssignmentChanges, AssignmentMaterial, AssignmentsTab, StudentAssignments } from './tasks-pages.js';
import { signIn, newUserPage } from '../auth/sign-in.js';

// Steps that build on each other (hand out, edit, delete): this file gets its own school.
test.use({ schoolKey: 'edit-assignment' });
test.describe.configure({ mode: 'serial', timeout: 150_000 });

const FIRST_TITLE = 'Wortarten';
const TITLE = 'Wortarten bestimmen';
const DECK = '/index.php/apps/deck/api/v1.0';

/** A request straight to the dev server as `user`, as another Nextcloud client would send it. */
async function nc(school: School, user: string, method: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${school.devserver.url}${path}`, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${DEMO_PASSWORD}`).toString('base64')}`, 'OCS-APIRequest': 'true', Accept: 'application/json' },
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, body: text === '' ? null : isJson ? (JSON.parse(text) as unknown) : text };
}

interface Card {
  id: number;
  title: string;
  description: string;
  duedate: string | null;
}

async function cards(school: School): Promise<Card[]> {
  const boards = await nc(school, 'schmidt', 'GET', `${DECK}/boards?details=true`);
  const board = (boards.body as { id: number; title: string; deletedAt: number }[]).find((b) => b.title === 'Klasse 7a' && b.deletedAt === 0);
  if (board === undefined) throw new Error('no class board');
  const stacks = await nc(school, 'schmidt', 'GET', `${DECK}/boards/${board.id}/stacks`);
  return (stacks.body as { cards?: Card[] }[]).flatMap((s) => s.cards ?? []);
}

async function receivedShareNames(school: School, user: string): Promise<string[]> {
  const shares = await nc(school, user, 'GET', '/ocs/v2.php/apps/files_sharing/api/v1/shares?shared_with_me=true&format=json');
  return (shares.body as { ocs: { data: { path: string }[] } }).ocs.data.map((s) => s.path);
}

function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The day after tomorrow at 10:35 local time: a due date the first one (tomorrow, now) cannot look like. */
function newDue(): Date {
  const d = new Date(Date.now() + 2 * 86_400_000);
  d.setHours(10, 35, 0, 0);
  return d;
}

const HANDED_IN = `/remote.php/dav/files/schmidt/Klassen/Abgaben Klasse 7a/${FIRST_TITLE}/${FIRST_TITLE} – Lena Becker`;

test.describe('changing and deleting a handed-out assignment', () => {
  test('a teacher hands out an assignment and Lena hands in her answer', async ({ page, browser, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const home = new HomePage(page);
    await home.waitForClasses();
    await home.setUpButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toContainText('Fertig.');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.create({ title: FIRST_TITLE, instructions: 'Unterstreiche alle Nomen.', due: localInput(new Date(Date.now() + 86_400_000)), toleranceMinutes: 0 });

    const lena = await newUserPage(browser, school);
    await signIn(lena, 's7a1', 'Lena Becker');
    const mine = new StudentAssignments(lena);
    await mine.openMine();
    await mine.assignmentLink(FIRST_TITLE).click();
    await mine.answer('Hund, Haus, Baum');
    await mine.handIn();
    // Her answer is "Deine Antwort" and the marker is "Abgegeben am …": neither shows as a file of hers.
    await expect(mine.submission()).toContainText('Abgegeben am');
    await expect(mine.submission().getByLabel('Deine Antwort (Text)')).toHaveValue('Hund, Haus, Baum');
    await expect(mine.submission()).toContainText('Noch keine Dateien.');
    await expect(mine.submission()).not.toContainText('Antwort.md');
    await expect(mine.submission()).not.toContainText('Abgegeben.txt');
    await lena.context().close();
  });

  test('the teacher changes title, due date and material; Lena sees it and opens the material in the app', async ({ page, browser, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.openAssignment(FIRST_TITLE);
    const changes = new AssignmentChanges(page);
    const due = newDue();
    await changes.edit({ title: TITLE, due: localInput(due), material: { name: 'Wortliste.txt', content: 'der Hund, laufen, schnell' } });
    await expect(changes.editForm()).toContainText(`Die Ordner der Aufgabe behalten ihren Namen „${FIRST_TITLE}“`);
    await expectNoAxeViolations(page);
    await changes.save(TITLE);
    await expect(new AssignmentMaterial(page).section().getByRole('button', { name: 'Wortliste.txt' })).toBeVisible();
    // Lena's hand-in is still counted after the change.
    await expect(tab.row('Lena Becker')).toContainText('Abgegeben');

    // Deck has the new title and due date; the settings still name the first folder.
    const card = (await cards(school)).find((c) => c.title === TITLE);
    expect(card?.duedate === null || card?.duedate === undefined ? null : Date.parse(card.duedate)).toBe(due.getTime());
    expect(card?.description).toContain(`"folder":"${FIRST_TITLE}"`);
    expect((await nc(school, 's7a3', 'GET', encodeURI(`/remote.php/dav/files/s7a3/Klasse 7a/Aufgaben/${FIRST_TITLE}/Wortliste.txt`))).status).toBe(200);

    const lena = await newUserPage(browser, school);
    await signIn(lena, 's7a1', 'Lena Becker');
    const mine = new StudentAssignments(lena);
    await mine.openMine();
    await expect(lena.getByRole('link', { name: FIRST_TITLE, exact: true })).toHaveCount(0);
    await mine.assignmentLink(TITLE).click();
    await expect(lena.getByRole('heading', { level: 2, name: TITLE })).toBeVisible();
    await expect(lena.getByText(/Fällig: .*10:35/)).toBeVisible();
    const material = new AssignmentMaterial(lena);
    await material.open('Wortliste.txt');
    await expect(material.viewer('Wortliste.txt')).toContainText('der Hund, laufen, schnell');
    await expectNoAxeViolations(lena);
    await material.viewer('Wortliste.txt').getByRole('button', { name: 'Schließen' }).click();
    await expect(material.viewer('Wortliste.txt')).toBeHidden();
    await expect(mine.submission()).toContainText('Abgegeben am');

    // In English, too.
    await lena.getByRole('button', { name: 'English' }).click();
    await expect(material.section()).toContainText('Tap a file to open it here in Klassenraum.');
    await lena.context().close();
  });

  test('the teacher deletes it after a confirmation that says the hand-ins stay; Lena no longer sees it', async ({ page, browser, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.openAssignment(TITLE);
    const changes = new AssignmentChanges(page);

    await page.getByRole('button', { name: 'Löschen', exact: true }).click();
    const german = changes.deleteDialog(`Aufgabe „${TITLE}“ löschen?`);
    await expect(german).toContainText(`Die Abgaben, die du schon bekommen hast, bleiben erhalten: in Meine Dateien unter Klassen › Abgaben Klasse 7a › ${FIRST_TITLE}.`);
    await expect(german).toContainText('Die Schülerinnen und Schüler sehen die Aufgabe, das Material und ihre Abgabeordner danach nicht mehr.');
    // The safe choice has the focus.
    await expect(german.getByRole('button', { name: 'Abbrechen' })).toBeFocused();
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await expect(german).toBeHidden();
    expect((await cards(school)).some((c) => c.title === TITLE)).toBe(true);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const english = changes.deleteDialog(`Delete the assignment “${TITLE}”?`);
    await expect(english).toContainText(`The hand-ins you already received are kept: in My files under Klassen › Abgaben Klasse 7a › ${FIRST_TITLE}.`);
    await english.getByRole('button', { name: 'Delete assignment' }).click();
    await expect(page.getByRole('status').filter({ hasText: `The assignment “${TITLE}” was deleted.` })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: TITLE })).toHaveCount(0);

    // The card is gone from the board, the material from the class folder; the teacher keeps Lena's answer.
    expect((await cards(school)).some((c) => c.title === TITLE)).toBe(false);
    expect((await nc(school, 's7a3', 'GET', encodeURI(`/remote.php/dav/files/s7a3/Klasse 7a/Aufgaben/${FIRST_TITLE}/Wortliste.txt`))).status).toBe(404);
    const answer = await nc(school, 'schmidt', 'GET', encodeURI(`${HANDED_IN}/Antwort.md`));
    expect(answer).toMatchObject({ status: 200, body: 'Hund, Haus, Baum' });
    expect((await receivedShareNames(school, 's7a1')).filter((p) => p.includes(FIRST_TITLE))).toEqual([]);

    const lena = await newUserPage(browser, school);
    await signIn(lena, 's7a1', 'Lena Becker');
    const mine = new StudentAssignments(lena);
    await mine.openMine();
    await expect(lena.getByText('Du hast keine Aufgaben.')).toBeVisible();
    await lena.context().close();
  });
});
