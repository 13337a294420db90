import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { expect, test } from '../fixtures/school.js';
import { FilesPage } from './files-page.js';
import { onePagePdf } from './pdf-fixture.js';
import { signIn } from '../auth/sign-in.js';

const CSRF = { 'X-Requested-With': 'klassenraum' };

async function dav(page: Page, method: string, segments: string[], data?: string | Buffer): Promise<number> {
  const path = `/remote.php/dav/files/s7a3/${segments.map(encodeURIComponent).join('/')}`;
  const response = await page.request.fetch(path, { method, headers: CSRF, ...(data === undefined ? {} : { data }) });
  return response.status();
}

test.describe('folders and previews in the URL', () => {
  test.describe.configure({ timeout: 150_000 });

  test.beforeEach(async ({ page }) => {
    await signIn(page, 's7a3', 'Emma Wagner');
    expect([201, 405]).toContain(await dav(page, 'MKCOL', ['Mathe']));
    expect([201, 405]).toContain(await dav(page, 'MKCOL', ['Mathe', 'Woche 1']));
    expect(await dav(page, 'PUT', ['Mathe', 'Brüche.pdf'], onePagePdf('Arbeitsblatt Brueche'))).toBeLessThan(300);
  });

  test('into a subfolder, reload stays there, Back goes to the parent folder and Forward returns', async ({ page }) => {
    const files = new FilesPage(page);
    await files.goto();
    await files.openFolder('Mathe');
    await expect(page).toHaveURL(/\/dateien\?ordner=Mathe$/);
    await files.openFolder('Woche 1');
    await expect(page).toHaveURL(/\/dateien\?ordner=Mathe%2FWoche\+1$/);
    await expect(files.currentFolder()).toHaveText('Woche 1');

    await page.reload();
    await expect(files.currentFolder()).toHaveText('Woche 1');
    await expect(page.getByText('Dieser Ordner ist leer. Lade Dateien hoch oder ziehe sie hierher.')).toBeVisible();

    await page.goBack();
    await expect(files.currentFolder()).toHaveText('Mathe');
    await expect(files.entry('Woche 1')).toBeVisible();
    await page.goBack();
    await expect(files.currentFolder()).toHaveText('Meine Dateien');
    await expect(page.getByRole('heading', { level: 1, name: 'Meine Dateien' })).toBeVisible();
    await page.goForward();
    await expect(files.currentFolder()).toHaveText('Mathe');

    // A link to a folder opens it directly.
    await page.goto('/dateien?ordner=Mathe%2FWoche%201');
    await expect(files.currentFolder()).toHaveText('Woche 1');
  });

  test('a PDF opens in the app with its name as the title; Escape closes it, also after a click into the PDF', async ({ page }) => {
    const files = new FilesPage(page);
    await files.goto();
    await files.openFolder('Mathe');
    await files.entry('Brüche.pdf').click();
    const viewer = files.viewer('Brüche.pdf');
    await expect(viewer).toBeVisible();
    await expect(viewer.getByRole('heading', { name: 'Brüche.pdf' })).toBeVisible();
    await expect(page).toHaveURL(/\/dateien\?ordner=Mathe&datei=Br%C3%BCche\.pdf$/);
    await expectNoAxeViolations(page);

    // A click into the PDF would give the browser's PDF viewer the keys; the focus comes back to "Schließen".
    await viewer.getByTitle('Brüche.pdf').click();
    await expect(viewer.getByRole('button', { name: 'Schließen' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
    await expect(page).toHaveURL(/\/dateien\?ordner=Mathe$/);
    await expect(files.entry('Brüche.pdf')).toBeFocused();

    // The preview is linkable: reload with ?datei= opens it again; Back from it returns to the folder.
    await page.goto('/dateien?ordner=Mathe&datei=Br%C3%BCche.pdf');
    await expect(files.viewer('Brüche.pdf')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(files.viewer('Brüche.pdf')).toHaveCount(0);
    await expect(page).toHaveURL(/\/dateien\?ordner=Mathe$/);

    // A name that is not in the folder says so.
    await page.goto('/dateien?ordner=Mathe&datei=Weg.pdf');
    await expect(page.getByRole('alert')).toHaveText('„Weg.pdf“ gibt es in diesem Ordner nicht (mehr).');
  });
});
