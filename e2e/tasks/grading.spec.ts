import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD, expect, test, type School } from '../fixtures/school.js';
import { HomePage } from '../teams/class-pages.js';
import { AssignmentsTab } from './tasks-pages.js';
import { signIn, newUserPage } from '../auth/sign-in.js';

// The steps build on each other on an untouched demo school of their own.
test.use({ schoolKey: 'grading' });
test.describe.configure({ mode: 'serial', timeout: 150_000 });

const TITLE = 'Bruchrechnen';
/** A 1×1 PNG. */
const PNG = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

function basic(user: string): string {
  return `Basic ${Buffer.from(`${user}:${DEMO_PASSWORD}`).toString('base64')}`;
}

/** A student's WebDAV client writes into her submission place (as the Nextcloud desktop client would). */
async function put(school: School, user: string, path: string, body: Uint8Array<ArrayBuffer> | string, type: string): Promise<void> {
  const res = await fetch(`${school.devserver.url}${encodeURI(`/remote.php/dav/files/${user}${path}`)}`, {
    method: 'PUT',
    headers: { Authorization: basic(user), 'Content-Type': type },
    body,
  });
  expect(res.status, `PUT ${path}`).toBeLessThan(300);
}

async function spreedNotes(school: School, user: string): Promise<{ object_type: string; subject: string; message: string }[]> {
  const res = await fetch(`${school.devserver.url}/ocs/v2.php/apps/notifications/api/v2/notifications?format=json`, {
    headers: { Authorization: basic(user), 'OCS-APIRequest': 'true', Accept: 'application/json' },
  });
  const list = ((await res.json()) as { ocs: { data: { app: string; object_type: string; subject: string; message: string }[] } }).ocs.data;
  return list.filter((n) => n.app === 'spreed');
}

function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test.describe('grading', () => {
  test('a teacher hands out; two students hand in an answer, an image and a text file', async ({ page, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const home = new HomePage(page);
    await home.waitForClasses();
    await home.setUpButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toContainText('Fertig.');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.create({ title: TITLE, instructions: 'Nr. 1 bis 3', due: localInput(Date.now() + 3 * 3_600_000), toleranceMinutes: 0 });

    const lena = `/${TITLE} – Lena Becker`;
    await put(school, 's7a1', `${lena}/Antwort.md`, '1/2 + 1/4 = 3/4', 'text/markdown');
    await put(school, 's7a1', `${lena}/Tafelbild.png`, PNG, 'image/png');
    await put(school, 's7a1', `${lena}/Abgegeben.txt`, 'Abgegeben', 'text/plain');
    const jonas = `/${TITLE} – Jonas Weber`;
    await put(school, 's7a2', `${jonas}/Rechnung.txt`, 'Meine Rechnung: 2/3', 'text/plain');
    await put(school, 's7a2', `${jonas}/Abgegeben.txt`, 'Abgegeben', 'text/plain');
  });

  test('before feedback, Emma\'s class card names the task she still has to do', async ({ page }) => {
    await signIn(page, 's7a3', 'Emma Wagner');
    const home = new HomePage(page);
    await home.waitForClasses();
    await expect(home.classCard('Klasse 7a')).toContainText(`Nächste Aufgabe: ${TITLE}`);
  });

  test('the teacher grades in one view: answer and image inline, the next student by keyboard, then returns', async ({ page, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.openAssignment(TITLE);
    const view = await tab.grade('Lena Becker');
    await expect(view.answer()).toContainText('1/2 + 1/4 = 3/4');
    const image = view.work('Lena Becker').getByRole('img', { name: 'Tafelbild.png' });
    await expect(image).toBeVisible();
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await expect(view.work('Lena Becker')).not.toContainText('Abgegeben.txt');
    await expect(page.getByText('Tastatur: Alt + → nächste Person, Alt + ← vorherige Person (außerhalb der Textfelder).')).toBeVisible();
    await expectNoAxeViolations(page);

    // In the order of the table (by name): Jonas before Lena, Emma before Jonas.
    await page.keyboard.press('Alt+ArrowLeft');
    await view.expectStudent('Jonas Weber');
    await expect(view.heading()).toBeFocused();
    await expect(view.work('Jonas Weber').getByRole('region', { name: 'Antwort (Text)' })).toContainText('Keine Textantwort.');
    await expect(view.work('Jonas Weber').getByLabel('Rechnung.txt')).toHaveText('Meine Rechnung: 2/3');
    await page.keyboard.press('Alt+ArrowRight');
    await view.expectStudent('Lena Becker');
    await view.giveBack('Lena Becker', 'Richtig gerechnet.', '1');

    await page.getByRole('button', { name: 'Vorherige Person' }).click();
    await page.getByRole('button', { name: 'Vorherige Person' }).click();
    await view.expectStudent('Emma Wagner');
    await view.giveBack('Emma Wagner', 'Bitte beim nächsten Mal abgeben.', '');
    await view.close();
    await expect(tab.row('Lena Becker')).toContainText('Zurückgegeben');
    await expect(tab.row('Emma Wagner')).toContainText('Zurückgegeben');

    // Each got one private message about it, nobody else; a second return sends none.
    expect((await spreedNotes(school, 's7a1')).filter((n) => n.message.includes(TITLE))).toHaveLength(1);
    expect((await spreedNotes(school, 's7a2')).filter((n) => n.message.includes(TITLE))).toHaveLength(0);
  });

  test('Lena sees it in the bell and on home; the returned task has left "Nächste Aufgabe"', async ({ browser, school }) => {
    const page = await newUserPage(browser, school);
    await signIn(page, 's7a1', 'Lena Becker');
    const home = new HomePage(page);
    await home.waitForClasses();
    const feedback = page.getByRole('region', { name: /^Neue Rückmeldungen/ });
    await expect(feedback).toContainText('1 neue Rückmeldung');
    await expect(feedback.getByRole('link', { name: TITLE })).toBeVisible();
    await expect(home.classCard('Klasse 7a')).toContainText('Keine offenen Aufgaben');
    await expect(page.getByRole('region', { name: 'Heute fällig' }).getByRole('link', { name: TITLE })).toHaveCount(0);

    await page.getByRole('button', { name: /^Benachrichtigungen/ }).click();
    await expect(page.getByRole('menuitem', { name: /Frau Schmidt hat dir eine private Nachricht gesendet/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expectNoAxeViolations(page);
    await page.context().close();

    // Emma too: returned without a hand-in, so nothing is open for her.
    const emma = await newUserPage(browser, school);
    await signIn(emma, 's7a3', 'Emma Wagner');
    const emmaHome = new HomePage(emma);
    await emmaHome.waitForClasses();
    await expect(emmaHome.classCard('Klasse 7a')).toContainText('Keine offenen Aufgaben');
    await emma.context().close();
  });

  test('in English the grading view says the same', async ({ page }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const tab = new AssignmentsTab(page);
    await tab.open('7a');
    await tab.openAssignment(TITLE);
    await tab.grade('Jonas Weber');
    await page.getByRole('group', { name: 'Sprache' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 3, name: 'Grading: Jonas Weber' })).toBeVisible();
    await expect(page.getByText('Keyboard: Alt + → next student, Alt + ← previous student (outside the text fields).')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next student' })).toBeVisible();
    await page.getByRole('button', { name: 'Previous student' }).click();
    await expect(page.getByRole('heading', { level: 3, name: 'Grading: Emma Wagner' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Feedback for Emma Wagner' })).toContainText('Already returned');
  });
});
