import type { Page } from '@playwright/test';
import { AppShell } from '../auth/login-page.js';
import { ChatPage } from '../chat/chat-page.js';
import { FilesPage } from '../files/files-page.js';
import { expect, test } from '../fixtures/school.js';
import { ClassHomePage } from '../teams/class-pages.js';
import { CLASS_FILE as FILE, CLASS_FILE_TEXT as FILE_TEXT, CLASS_TASK as TASK, deviceSnapshot, prepareClass7a, snapshotOwner } from './app-steps.js';
import { signIn } from '../auth/sign-in.js';

// The class space of 7a is set up here from scratch: this file gets its own school.
test.use({ schoolKey: 'offline' });
test.describe.configure({ timeout: 180_000 });

const OFFLINE_MESSAGE = 'Geschrieben im Funkloch';

/** Whether the device's snapshot already holds the class chat (it is saved a moment after changes). */
async function snapshotHoldsChat(page: Page): Promise<boolean> {
  const keys = (await deviceSnapshot(page))?.queryKeys ?? [];
  // The chat shows from the device with both: its messages and the conversation (name, permissions).
  const has = (kind: string) => keys.some((key) => key[0] === 'chat' && key[1] === kind);
  return has('timeline') && has('conversation');
}

test('after a visit, the class home works offline: tasks, the file opened before, and a chat message sent once on reconnect', async ({ browser, school }) => {
  await prepareClass7a(browser, school);

  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  const page = await context.newPage();
  await signIn(page, 's7a1', 'Lena Becker');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first visit: tasks, the class folder with the text opened, the class chat.
  const classHome = new ClassHomePage(page);
  await page.goto('/klassen/7a?ansicht=aufgaben');
  await expect(classHome.panel().getByText(TASK).first()).toBeVisible();
  await classHome.tab('Dateien').click();
  const files = new FilesPage(page);
  await files.entry(FILE).click();
  const viewer = page.getByRole('dialog', { name: FILE });
  await expect(viewer.getByText(FILE_TEXT)).toBeVisible();
  await viewer.getByRole('button', { name: 'Schließen' }).click();
  await classHome.tab('Chat').click();
  const chat = new ChatPage(page);
  await expect(chat.log()).toBeVisible();
  await expect(chat.log().getByText('Wird geladen …')).toHaveCount(0);
  await expect.poll(() => snapshotOwner(page)).toBe('s7a1');
  await expect.poll(() => snapshotHoldsChat(page)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Du bist offline.', { exact: false })).toBeVisible();
  // Today's tasks, from the device.
  await classHome.tab('Aufgaben').click();
  await expect(classHome.panel().getByText(TASK).first()).toBeVisible();
  // The text opened before, from the service worker's cache.
  await classHome.tab('Dateien').click();
  await files.entry(FILE).click();
  await expect(page.getByRole('dialog', { name: FILE }).getByText(FILE_TEXT)).toBeVisible();
  await page.getByRole('dialog', { name: FILE }).getByRole('button', { name: 'Schließen' }).click();

  // A message written offline waits in the outbox ...
  await classHome.tab('Chat').click();
  await expect(chat.log()).toBeVisible();
  school.devserver.control.resetRequests();
  await chat.send(OFFLINE_MESSAGE);
  await expect(chat.pending().getByText(OFFLINE_MESSAGE)).toBeVisible();
  // ... and arrives exactly once when the network is back.
  await context.setOffline(false);
  await expect(chat.message(OFFLINE_MESSAGE)).toBeVisible({ timeout: 60_000 });
  await expect(chat.pending()).toHaveCount(0);
  const posts = school.devserver.control.requests().filter((r) => r.method === 'POST' && /\/apps\/spreed\/api\/v1\/chat\/[^/?]+(\?|$)/.test(r.path));
  expect(posts).toHaveLength(1);
  await context.close();
});

test('signing out wipes the offline data: the next user on the tablet finds nothing of it offline', async ({ browser, school }) => {
  const context = await browser.newContext({ baseURL: school.appUrl, locale: 'de-DE' });
  const page = await context.newPage();
  await signIn(page, 's7a2', 'Jonas Weber');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.goto('/klassen/7a?ansicht=dateien');
  await new FilesPage(page).entry(FILE).click();
  await expect(page.getByRole('dialog', { name: FILE }).getByText(FILE_TEXT)).toBeVisible();
  await expect.poll(() => snapshotOwner(page)).toBe('s7a2');
  const cachedFiles = () => page.evaluate(async () => (await caches.has('klassenraum-opened-files')) ? (await (await caches.open('klassenraum-opened-files')).keys()).length : 0);
  expect(await cachedFiles()).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Schließen' }).click();
  // A message the server refused stays on the device until its author deals with it (the chat shows it).
  const outbox = () => page.evaluate(() => localStorage.getItem('klassenraum.chat.outbox.s7a2'));
  const refused = { localId: 'l1', token: 'gone', message: 'Nicht gesendet', referenceId: 'a'.repeat(64), afterId: 0, createdAt: Date.now(), seq: 1, state: 'failed', attempts: 1, errorKind: 'not-found' };
  await page.evaluate((item) => localStorage.setItem('klassenraum.chat.outbox.s7a2', JSON.stringify([item])), refused);
  await new AppShell(page).signOut('Jonas Weber');
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  await expect.poll(() => snapshotOwner(page)).toBeNull();
  expect(await cachedFiles()).toBe(0);
  // Signing out leaves no unsent text of Jonas on the shared tablet.
  expect(await outbox()).toBeNull();

  // Offline, nothing of Jonas is left to show: the app waits for the network (the shell itself still opens).
  await context.setOffline(true);
  await page.goto('/klassen/7a?ansicht=dateien');
  await expect(page.getByText('Du bist offline.', { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Klasse 7a' })).toHaveCount(0);
  await expect(new AppShell(page).userMenu('Jonas Weber')).toHaveCount(0);
  await expect(page.getByText(FILE)).toHaveCount(0);
  await context.setOffline(false);
  await context.close();
});
