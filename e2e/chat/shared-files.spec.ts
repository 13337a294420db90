import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { expect, test } from '../fixtures/school.js';
import { FilesPage } from '../files/files-page.js';
import { onePagePdf } from '../files/pdf-fixture.js';
import { HomePage } from '../teams/class-pages.js';
import { ChatPage } from './chat-page.js';
import { signIn, newUserPage } from '../auth/sign-in.js';

// The teacher sets up 7a here: this file needs an untouched demo school.
test.use({ schoolKey: 'shared-files' });

const FILE = 'Arbeitsblatt Brüche.pdf';

test.describe('a file shared in the class chat', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the teacher shares it the Talk way; the student clicks its card and the preview opens inside Klassenraum', async ({ page, browser, school }) => {
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const home = new HomePage(page);
    await home.waitForClasses();
    await home.setUpButton('Klasse 7a').click();
    await expect(home.provisionStatus()).toContainText('Fertig');
    const put = await page.request.put(`/remote.php/dav/files/schmidt/Klassen/Klasse%207a/${encodeURIComponent(FILE)}`, {
      headers: { 'X-Requested-With': 'klassenraum', 'Content-Type': 'application/pdf' },
      data: onePagePdf('Brueche kuerzen'),
    });
    expect(put.status()).toBe(201);

    await page.goto('/klassen/7a?ansicht=dateien');
    const files = new FilesPage(page);
    school.devserver.control.resetRequests();
    await files.actionsFor(FILE).click();
    await page.getByRole('menuitem', { name: 'Im Klassenchat teilen' }).click();
    await expect(page.getByRole('status').filter({ hasText: `„${FILE}“ wurde im Klassenchat geteilt.` })).toBeVisible();
    // A room share (share type 10), which Talk posts as a {file} message: no link in a text message.
    const shares = school.devserver.control.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/ocs/v2.php/apps/files_sharing/api/v1/shares'));
    expect(shares.map((r) => r.status)).toEqual([200]);
    expect(school.devserver.control.requests().filter((r) => r.method === 'POST' && r.path.includes('/apps/spreed/api/v1/chat/'))).toEqual([]);

    const student = await newUserPage(browser, school);
    const csp = watchCsp(student);
    await signIn(student, 's7a1', 'Lena Becker');
    const chat = new ChatPage(student);
    await chat.openClass('7a');
    const card = chat.fileCard(FILE);
    await expect(card).toBeVisible();
    await expect(card).toContainText('PDF');
    await expectNoAxeViolations(student);

    await card.click();
    await expect(student).toHaveURL(/\/klassen\/7a\?ansicht=dateien&datei=Arbeitsblatt\+Br%C3%BCche\.pdf$/);
    const viewer = new FilesPage(student).viewer(FILE);
    await expect(viewer).toBeVisible();
    await expect(viewer.getByRole('heading', { name: FILE })).toBeVisible();
    await expectNoAxeViolations(student);
    await student.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
    await expect(student).toHaveURL(/\/klassen\/7a\?ansicht=dateien$/);
    // Back returns to the chat the card was in.
    await student.goBack();
    await expect(chat.fileCard(FILE)).toBeVisible();
    expect(csp).toEqual([]);
    await student.context().close();
  });
});
