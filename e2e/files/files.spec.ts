import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expectNoAxeViolations, watchCsp } from '../fixtures/accessibility.js';
import { expect, startDevServerAgain, startSchool, stopDevServer, test } from '../fixtures/school.js';
import type { DevServer } from '../../devserver/src/server.js';
import { FilesPage, holdChunk } from './files-page.js';
import { signIn } from '../auth/sign-in.js';

const CSRF = { 'X-Requested-With': 'klassenraum' };

/** WebDAV through the gateway with the signed-in browser's session, as the app itself would call it. */
async function dav(page: Page, method: string, davPath: string, data?: string | Buffer): Promise<number> {
  const response = await page.request.fetch(davPath, { method, headers: CSRF, ...(data === undefined ? {} : { data }) });
  return response.status();
}

function filesPath(user: string, ...segments: string[]): string {
  return `/remote.php/dav/files/${user}/${segments.map(encodeURIComponent).join('/')}`;
}

function chunkPuts(devserver: DevServer): string[] {
  return devserver.control
    .requests()
    .filter((r) => r.method === 'PUT' && r.path.includes('/remote.php/dav/uploads/') && r.status === 201)
    .map((r) => r.path.slice(r.path.lastIndexOf('/') + 1));
}

async function focusIsIn(page: Page, selector: string): Promise<boolean> {
  return (await page.locator(`${selector} :focus`).count()) > 0;
}

/**
 * Presses ArrowDown until the element matched by `focused` (one focused item) reads `name`. After each
 * press it waits until the focus has really moved: Radix menus move it in a timeout after the keydown, so
 * checking right after the press sees the old item, and the next press would step past the target.
 */
async function arrowDownTo(page: Page, focused: Locator, name: string): Promise<void> {
  await expect(focused).toHaveCount(1);
  for (let i = 0; i < 20; i++) {
    const current = ((await focused.textContent()) ?? '').trim();
    if (current === name) return;
    await page.keyboard.press('ArrowDown');
    await expect(focused).not.toHaveText(current);
  }
  await expect(focused).toHaveText(name);
}

test.describe('files', () => {
  // Sign-in through Nextcloud's pages plus seeding takes a while on a busy machine.
  test.describe.configure({ timeout: 150_000 });

  test('a folder of 1,000 files is listed with one PROPFIND and rendered virtualised', async ({ page, school }) => {
    const csp = watchCsp(page);
    await signIn(page, 'schmidt', 'Frau Schmidt');
    expect(await dav(page, 'MKCOL', filesPath('schmidt', 'Tausend'))).toBe(201);
    const names = Array.from({ length: 1000 }, (_, i) => `Datei ${String(i + 1).padStart(4, '0')}.txt`);
    for (let i = 0; i < names.length; i += 50) {
      const statuses = await Promise.all(names.slice(i, i + 50).map((n) => dav(page, 'PUT', filesPath('schmidt', 'Tausend', n), `Inhalt von ${n}`)));
      expect(statuses.every((s) => s === 201)).toBe(true);
    }

    const files = new FilesPage(page);
    await files.goto();
    school.devserver.control.resetRequests();
    await files.openFolder('Tausend');
    await expect(files.entry('Datei 0001.txt')).toBeVisible();
    await expect(files.grid()).toHaveAttribute('aria-rowcount', '1001');

    const propfinds = school.devserver.control.requests().filter((r) => r.method === 'PROPFIND' && r.path.startsWith('/remote.php/dav/files/schmidt/Tausend'));
    expect(propfinds).toHaveLength(1);
    // Virtualised: a screenful of rows in the DOM, not a thousand.
    expect(await files.renderedRows().count()).toBeLessThan(60);

    // The last file is one key away, and rendering it swaps the rows.
    await expect(files.entry('Datei 0001.txt')).toBeFocused();
    await page.keyboard.press('End');
    await expect(files.entry('Datei 1000.txt')).toBeFocused();
    await expect(files.entry('Datei 0001.txt')).toHaveCount(0);
    expect(await files.renderedRows().count()).toBeLessThan(60);
    await expectNoAxeViolations(page);
    expect(csp).toEqual([]);
  });

  test('keyboard only: into the list, open a folder, rename through the actions menu, open a text file, back up', async ({ page }) => {
    await signIn(page, 's7a1', 'Lena Becker');
    expect(await dav(page, 'MKCOL', filesPath('s7a1', 'Tastatur'))).toBe(201);
    expect(await dav(page, 'PUT', filesPath('s7a1', 'Tastatur', 'Notiz.txt'), 'Hausaufgabe: Seite 12')).toBe(201);
    const files = new FilesPage(page);
    await files.goto();
    await expectNoAxeViolations(page);

    // Tab until the list has focus (one stop for the whole list).
    for (let i = 0; i < 40 && !(await focusIsIn(page, '[role="grid"]')); i++) await page.keyboard.press('Tab');
    expect(await focusIsIn(page, '[role="grid"]')).toBe(true);

    // Arrow down to the folder and open it with Enter.
    await page.keyboard.press('Home');
    await arrowDownTo(page, files.grid().locator('button:focus'), 'Tastatur');
    await expect(files.entry('Tastatur')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Ordnerpfad' }).getByText('Tastatur')).toBeVisible();
    await expect(files.entry('Notiz.txt')).toBeFocused();

    // Actions by keyboard: Shift+F10 opens the menu, arrows pick "Umbenennen".
    await page.keyboard.press('Shift+F10');
    const rename = page.getByRole('menuitem', { name: 'Umbenennen' });
    await expect(page.getByRole('menu')).toBeVisible();
    await arrowDownTo(page, page.getByRole('menuitem').and(page.locator(':focus')), 'Umbenennen');
    await expect(rename).toBeFocused();
    await page.keyboard.press('Enter');
    const nameField = page.getByRole('dialog').getByLabel('Name');
    await expect(nameField).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Merkzettel.txt');
    await page.keyboard.press('Enter');
    await expect(files.entry('Merkzettel.txt')).toBeVisible();
    await expect(files.entry('Notiz.txt')).toHaveCount(0);
    await expect(files.entry('Merkzettel.txt')).toBeFocused();

    // Enter opens the text inline (from a blob URL, the page stays on the app).
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: 'Merkzettel.txt' });
    await expect(viewer.getByText('Hausaufgabe: Seite 12')).toBeVisible();
    await expect(page).toHaveURL(/\/dateien\?ordner=Tastatur&datei=Merkzettel\.txt$/);
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);

    // Backspace: one folder up, focus back in the list.
    await expect(files.entry('Merkzettel.txt')).toBeFocused();
    await page.keyboard.press('Backspace');
    await expect(files.entry('Tastatur')).toBeVisible();
    await expect(files.grid().locator(':focus')).toHaveCount(1);
  });

  test('uploading a name that exists asks: keep both makes "name (2).ext", replace overwrites', async ({ page }) => {
    await signIn(page, 's7a3', 'Emma Wagner');
    expect(await dav(page, 'PUT', filesPath('s7a3', 'Referat.txt'), 'alt')).toBe(201);
    const dir = path.join(os.tmpdir(), `klassenraum-e2e-conflict-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const source = path.join(dir, 'Referat.txt');
    writeFileSync(source, 'neu');
    try {
      const files = new FilesPage(page);
      await files.goto();
      await files.upload([source]);
      const dialog = page.getByRole('dialog', { name: 'Datei gibt es schon' });
      await expect(dialog).toBeVisible();
      await expectNoAxeViolations(page);
      await dialog.getByRole('button', { name: 'Beide behalten' }).click();
      await expect(files.entry('Referat (2).txt')).toBeVisible();
      expect(await (await page.request.get(filesPath('s7a3', 'Referat (2).txt'), { headers: CSRF })).text()).toBe('neu');

      await files.upload([source]);
      await page.getByRole('dialog', { name: 'Datei gibt es schon' }).getByRole('button', { name: 'Ersetzen' }).click();
      await expect.poll(async () => (await page.request.get(filesPath('s7a3', 'Referat.txt'), { headers: CSRF })).text()).toBe('neu');
      await expect(files.entry('Referat (3).txt')).toHaveCount(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('delete offers undo, which restores the file from the trash bin', async ({ page }) => {
    await signIn(page, 's7a2', 'Jonas Weber');
    expect(await dav(page, 'PUT', filesPath('s7a2', 'Entwurf.txt'), 'erste Fassung')).toBe(201);
    const files = new FilesPage(page);
    await files.goto();
    await files.actionsFor('Entwurf.txt').click();
    await page.getByRole('menuitem', { name: 'Löschen' }).click();
    await expect(page.getByRole('status').filter({ hasText: '„Entwurf.txt“ wurde gelöscht.' })).toBeVisible();
    await expect(files.entry('Entwurf.txt')).toHaveCount(0);
    await page.getByRole('button', { name: 'Rückgängig' }).click();
    await expect(files.entry('Entwurf.txt')).toBeVisible();
  });
});

test('a 50 MiB upload survives a Nextcloud restart and sends only the missing chunks', async ({ browser }) => {
  test.setTimeout(240_000);
  const tmp = os.tmpdir();
  const stateFile = path.join(tmp, `klassenraum-files-e2e-${process.pid}.json`);
  const source = path.join(tmp, `klassenraum-e2e-${process.pid}`, 'Projektvideo.bin');
  const content = randomBytes(50 * 1024 * 1024);
  mkdirSync(path.dirname(source), { recursive: true });
  writeFileSync(source, content);
  const school = await startSchool({ stateFile });
  try {
    const context = await browser.newContext({ baseURL: school.appUrl });
    const page = await context.newPage();
    await signIn(page, 'schmidt', 'Frau Schmidt');
    const files = new FilesPage(page);
    await files.goto();

    // Hold the 4th chunk in the browser until Nextcloud is down: the first three are stored by then.
    const chunk = await holdChunk(page, 4);

    school.devserver.control.resetRequests();
    await files.upload([source]);
    await expect.poll(chunk.held, { timeout: 60_000 }).toBe(true);
    const before = chunkPuts(school.devserver);
    expect(before).toEqual(['00001', '00002', '00003']);

    await stopDevServer(school);
    chunk.release();
    await expect(files.uploadItem('Projektvideo.bin')).toContainText('Verbindung unterbrochen', { timeout: 30_000 });
    await startDevServerAgain(school);

    await expect(files.uploadItem('Projektvideo.bin')).toContainText('Fertig', { timeout: 120_000 });
    const after = chunkPuts(school.devserver);
    expect([...after].sort()).toEqual(['00004', '00005', '00006', '00007', '00008', '00009', '00010']);
    await expect(files.entry('Projektvideo.bin')).toBeVisible();

    const stored = await page.request.get(`${school.appUrl}${filesPath('schmidt', 'Projektvideo.bin')}`, { headers: CSRF });
    expect(stored.status()).toBe(200);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(await stored.body())).toBe(sha(content));
    await context.close();
  } finally {
    await school.close();
    rmSync(stateFile, { force: true });
    rmSync(path.dirname(source), { recursive: true, force: true });
  }
});

test('a large upload resumes after a page reload from what the server already holds (the file is kept in IndexedDB)', async ({ browser }) => {
  test.setTimeout(240_000);
  const dir = path.join(os.tmpdir(), `klassenraum-e2e-reload-${process.pid}`);
  const source = path.join(dir, 'Arbeitsheft.bin');
  const content = randomBytes(24 * 1024 * 1024 + 123);
  mkdirSync(dir, { recursive: true });
  writeFileSync(source, content);
  const school = await startSchool();
  try {
    const context = await browser.newContext({ baseURL: school.appUrl });
    const page = await context.newPage();
    await signIn(page, 'mueller', 'Herr Müller');
    const files = new FilesPage(page);
    await files.goto();

    // Chunk 3 never leaves this page load. The route stays for the reload: removing it would let the held
    // request go on to the server (which then holds chunk 3 after all); the resumed upload's chunk 3 goes through.
    let held = false;
    const stuck = /\/remote\.php\/dav\/uploads\/[^/]+\/[^/]+\/00003$/;
    await page.route(stuck, async (route) => {
      if (held) return route.continue();
      held = true;
      // Never answered: the request hangs until the page goes away.
      await new Promise<void>(() => undefined);
    });
    school.devserver.control.resetRequests();
    await files.upload([source]);
    await expect.poll(() => held, { timeout: 60_000 }).toBe(true);
    expect(chunkPuts(school.devserver)).toEqual(['00001', '00002']);

    school.devserver.control.resetRequests();
    await page.reload();
    await expect(files.uploadItem('Arbeitsheft.bin')).toContainText('Fertig', { timeout: 120_000 });

    const requests = school.devserver.control.requests();
    // Resume asked the server what it holds, then sent only the rest.
    expect(requests.some((r) => r.method === 'PROPFIND' && r.path.includes('/remote.php/dav/uploads/mueller/'))).toBe(true);
    expect([...chunkPuts(school.devserver)].sort()).toEqual(['00003', '00004', '00005']);
    const stored = await page.request.get(`${school.appUrl}${filesPath('mueller', 'Arbeitsheft.bin')}`, { headers: CSRF });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(await stored.body())).toBe(sha(content));
    await context.close();
  } finally {
    await school.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
