import type { Browser, Page } from '@playwright/test';
import { expect, test, type School } from '../fixtures/school.js';
import { AssignmentsTab } from '../tasks/tasks-pages.js';
import { HomePage } from '../teams/class-pages.js';
import { signIn } from '../auth/sign-in.js';

/** What prepareClass7a puts into the class: one task, one text in the class folder. */
export const CLASS_TASK = 'Lesetagebuch führen';
export const CLASS_FILE = 'Lesetext.txt';
export const CLASS_FILE_TEXT = 'Es war einmal ein Klassenraum ohne Netz.';

function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Frau Schmidt sets up 7a, hands out a task due tomorrow and puts a text into the class folder. */
export async function prepareClass7a(browser: Browser, school: School): Promise<void> {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  const page = await context.newPage();
  await signIn(page, 'schmidt', 'Frau Schmidt');
  const home = new HomePage(page);
  await home.waitForClasses();
  await home.setUpButton('Klasse 7a').click();
  await expect(home.provisionStatus()).toContainText('Fertig');
  const tasks = new AssignmentsTab(page);
  await tasks.open('7a');
  await tasks.create({ title: CLASS_TASK, instructions: 'Jeden Tag eine Seite.', due: localInput(Date.now() + 26 * 3600_000), toleranceMinutes: 0 });
  const put = await page.request.put(`/remote.php/dav/files/schmidt/Klassen/Klasse%207a/${CLASS_FILE}`, {
    headers: { 'X-Requested-With': 'klassenraum', 'Content-Type': 'text/plain' },
    data: CLASS_FILE_TEXT,
  });
  expect(put.status()).toBe(201);
  await context.close();
}

/**
 * For specs whose screens show 7a: the class is set up once per worker, before its first test, as a worker
 * fixture (a set-up step is not a test). A worker has its own school, so a fresh worker sets it up again.
 */
export const testWithClass7a = test.extend<object, { class7a: undefined }>({
  class7a: [
    async ({ browser, school }, use) => {
      await prepareClass7a(browser, school);
      await use(undefined);
    },
    { scope: 'worker', auto: true, timeout: 180_000 },
  ],
});

/** The app's offline snapshot on this device (IndexedDB, per browser context): whose it is and which queries it
 * holds; null when none is written. */
export async function deviceSnapshot(page: Page): Promise<{ userId: string | null; queryKeys: unknown[][] } | null> {
  return page.evaluate(
    () =>
      new Promise<{ userId: string | null; queryKeys: unknown[][] } | null>((resolve) => {
        const open = indexedDB.open('klassenraum-offline');
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) {
            resolve(null);
            return;
          }
          const get = db.transaction('entries').objectStore('entries').get('snapshot');
          get.onsuccess = () => {
            const snapshot = get.result as { userId?: string; state?: { queries?: { queryKey: unknown[] }[] } } | undefined;
            resolve(snapshot === undefined ? null : { userId: snapshot.userId ?? null, queryKeys: (snapshot.state?.queries ?? []).map((q) => q.queryKey) });
          };
          get.onerror = () => resolve(null);
        };
      }),
  );
}

/** Whose offline snapshot the app has written on this device (the service worker and IndexedDB are per browser context). */
export async function snapshotOwner(page: Page): Promise<string | null> {
  return (await deviceSnapshot(page))?.userId ?? null;
}
