import { expect, type Page } from '@playwright/test';

/** The home screen's class list and set-up buttons. */
export class HomePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Meine Klassen' })).toBeVisible();
  }

  classList() {
    return this.page.getByRole('list', { name: 'Deine Klassen' });
  }

  classCard(name: string) {
    return this.classList().getByRole('article').filter({ has: this.page.getByRole('heading', { name }) });
  }

  classLink(name: string) {
    return this.classList().getByRole('link', { name });
  }

  setUpButton(name: string) {
    return this.page.getByRole('button', { name: `Klassenraum für ${name} einrichten` });
  }

  completeButton(name: string) {
    return this.page.getByRole('button', { name: `Klassenraum für ${name} vervollständigen` });
  }

  /** The polite status line under the set-up button. */
  provisionStatus() {
    return this.page.getByRole('status').filter({ hasText: /Klassenraum|Fertig|Nicht geklappt/ });
  }

  /** Waits until the list has loaded (cards or the empty hint). */
  async waitForClasses(): Promise<void> {
    await expect(this.page.getByText('Klassen werden geladen …')).toHaveCount(0);
  }
}

/** The teacher's search for class groups she is not a member of (Nextcloud's sharee search). */
export class ClassGroupSearch {
  constructor(private readonly page: Page) {}

  searchbox() {
    return this.page.getByRole('searchbox', { name: 'Klassengruppe suchen' });
  }

  async search(text: string): Promise<void> {
    await this.searchbox().fill(text);
    await this.page.getByRole('search').getByRole('button', { name: 'Suchen' }).click();
  }

  results(text: string) {
    return this.page.getByRole('list', { name: `Klassengruppen zu „${text}“` });
  }
}

/** /klassen/:classId */
export class ClassHomePage {
  constructor(private readonly page: Page) {}

  heading(name: string) {
    return this.page.getByRole('heading', { level: 1, name });
  }

  tablist() {
    return this.page.getByRole('tablist', { name: 'Bereiche der Klasse' });
  }

  tab(name: string) {
    return this.tablist().getByRole('tab', { name });
  }

  panel() {
    return this.page.getByRole('tabpanel');
  }

  members() {
    return this.page.getByRole('region', { name: 'Mitglieder' }).getByRole('listitem');
  }

  checkButton(name: string) {
    return this.page.getByRole('button', { name: `Klassenraum für ${name} prüfen` });
  }

  provisionStatus() {
    return this.page.getByRole('status').filter({ hasText: /Klassenraum|Fertig|Nicht geklappt/ });
  }
}

/** The header's bell: Nextcloud notifications. */
export class NotificationBell {
  constructor(private readonly page: Page) {}

  /** The bell button, named with the number of new notifications. */
  trigger(count: number) {
    return this.page.getByRole('button', { name: `Benachrichtigungen (${String(count)} neu)` });
  }

  item(subject: string) {
    return this.page.getByRole('menuitem', { name: new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  }
}
