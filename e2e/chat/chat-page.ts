import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { LoginPage } from '../auth/login-page.js';
import { DEMO_PASSWORD } from '../fixtures/school.js';

/** The chat screen (/chats/:token) as a user sees it. */
export class ChatPage {
  constructor(readonly page: Page) {}

  async open(token: string): Promise<void> {
    await this.page.goto(`/chats/${token}`);
    // A full app load per tab: on a loaded 2-core machine the browser alone can take more than 10 s.
    await expect(this.log()).toBeVisible({ timeout: 30_000 });
    await expect(this.log().getByText('Wird geladen …')).toHaveCount(0, { timeout: 30_000 });
  }

  /** The Chat tab of a class's home (/klassen/:classId), with the members list beside it. */
  async openClass(classId: string): Promise<void> {
    await this.page.goto(`/klassen/${classId}?ansicht=chat`);
    // The class home loads classes, members and the lazy chat panel: generous on a shared 2-core machine.
    await expect(this.log()).toBeVisible({ timeout: 60_000 });
    await expect(this.log().getByText('Wird geladen …')).toHaveCount(0, { timeout: 30_000 });
  }

  log() {
    return this.page.getByRole('log', { name: 'Nachrichten' });
  }

  composer() {
    return this.page.getByLabel('Nachricht schreiben', { exact: true });
  }

  async send(text: string): Promise<void> {
    await this.composer().fill(text);
    await this.composer().press('Enter');
  }

  /** A delivered message (not one still waiting in the outbox). */
  message(text: string) {
    return this.log().locator('article:not([data-pending])').getByText(text, { exact: true });
  }

  /** The message whose text contains `text`, as a whole article (label, buttons, status). */
  article(text: string) {
    return this.log().locator('article:not([data-pending])', { hasText: text });
  }

  /**
   * One of a message's actions (reply, edit, delete, a quick reaction). They show while the pointer is over the
   * message, as for a mouse user: the pointer goes there first.
   */
  async action(text: string, name: string): Promise<Locator> {
    const article = this.article(text);
    await article.hover();
    return article.getByRole('button', { name, exact: true });
  }

  /** The button that opens a message's actions (always shown on a touch screen, focusable by keyboard). */
  actionsButton(text: string) {
    return this.article(text).getByRole('button', { name: 'Aktionen', exact: true });
  }

  async sendAnnouncement(text: string): Promise<void> {
    await this.page.getByRole('checkbox', { name: 'Als Ankündigung senden' }).check();
    await this.send(text);
  }

  /** A poll card (a fieldset whose legend is "Umfrage: <question>"). */
  pollCard(question: string) {
    return this.log().getByRole('group', { name: `Umfrage: ${question}` });
  }

  /** The line of one answer on a poll card that shows results ("gut … 1 von 2"). */
  pollResult(question: string, option: string) {
    return this.pollCard(question).getByRole('listitem').filter({ hasText: option });
  }

  busyBanner() {
    return this.page.getByText(/Der Server ist gerade ausgelastet/);
  }

  /** A file shared into the chat, drawn as a card that links into the app's files ("Blatt.pdf PDF · 1 KB"). */
  fileCard(name: string) {
    return this.log().getByRole('link', { name });
  }

  pending() {
    return this.log().locator('[data-pending]');
  }
}

/** A fresh browser context signed in as `user`, with the chat of `token` open. */
export async function signedInChat(
  browser: Browser,
  appUrl: string,
  user: string,
  token: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; chat: ChatPage }> {
  const context = await browser.newContext({ baseURL: appUrl, locale: 'de-DE', ...options });
  const page = await context.newPage();
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud(user, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const chat = new ChatPage(page);
  await chat.open(token);
  return { context, chat };
}
