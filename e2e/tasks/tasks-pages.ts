import { expect, type Page } from '@playwright/test';

/** The class page's Aufgaben tab: list, teacher form, submission grid, feedback. */
export class AssignmentsTab {
  constructor(private readonly page: Page) {}

  async open(classId: string): Promise<void> {
    await this.page.goto(`/klassen/${classId}?ansicht=aufgaben`);
    await expect(this.page.getByRole('heading', { level: 2, name: 'Aufgaben' })).toBeVisible();
  }

  async create({ title, instructions, due, toleranceMinutes, classFiles = [] }: { title: string; instructions: string; due: string; toleranceMinutes: number; classFiles?: string[] }): Promise<void> {
    await this.page.getByRole('button', { name: 'Neue Aufgabe' }).click();
    await this.page.getByLabel('Titel').fill(title);
    await this.page.getByLabel('Arbeitsauftrag').fill(instructions);
    await this.page.getByLabel('Fällig am').fill(due);
    await this.page.getByLabel('Nachfrist in Minuten (optional)').fill(String(toleranceMinutes));
    const material = this.page.getByRole('group', { name: 'Material aus dem Klassenordner (optional)' });
    for (const name of classFiles) await material.getByRole('checkbox', { name }).check();
    await this.page.getByRole('button', { name: 'Aufgabe verteilen' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: `Die Aufgabe „${title}“ wurde an die Klasse verteilt.` })).toBeVisible({ timeout: 20_000 });
  }

  async openAssignment(title: string): Promise<void> {
    await this.page.getByRole('button', { name: title }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  }

  grid() {
    return this.page.getByRole('table', { name: /Abgaben zu/ });
  }

  row(name: string) {
    return this.grid().getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  counts() {
    return this.page.getByRole('region', { name: 'Stand der Abgaben' });
  }

  remindButton() {
    return this.page.getByRole('button', { name: /erinnern/ });
  }

  /** "N Fehlende erinnern", read what the confirmation promises, then send. */
  async remindPrivately(count: number): Promise<void> {
    await this.remindButton().click();
    const confirm = this.page.getByRole('region', { name: `${count} Personen privat erinnern?` });
    await expect(confirm).toContainText('Jede/r bekommt eine private Nachricht von dir im Chat, mit Benachrichtigung. Im Klassenchat erscheint nichts.');
    await confirm.getByRole('button', { name: `Alle ${count} privat erinnern` }).click();
    await expect(this.page.getByRole('status').filter({ hasText: `Erinnerung privat an ${count} Personen gesendet.` })).toBeVisible();
  }

  async grade(name: string): Promise<GradingView> {
    await this.row(name).getByRole('button', { name: `Bewerten: ${name}` }).click();
    const view = new GradingView(this.page);
    await view.expectStudent(name);
    return view;
  }

  async giveFeedback(name: string, comment: string, grade: string): Promise<void> {
    const view = await this.grade(name);
    await view.giveBack(name, comment, grade);
    await view.close();
  }
}

/** One assignment's grading view: one student's answer and files beside the feedback form. */
export class GradingView {
  constructor(private readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { level: 3, name: /^Bewerten: / });
  }

  async expectStudent(name: string): Promise<void> {
    await expect(this.heading()).toHaveText(`Bewerten: ${name}`);
  }

  answer() {
    return this.page.getByRole('region', { name: 'Antwort (Text)' });
  }

  work(name: string) {
    return this.page.getByRole('region', { name: `Abgabe von ${name}` });
  }

  form(name: string) {
    return this.page.getByRole('form', { name: `Rückmeldung an ${name}` });
  }

  async giveBack(name: string, comment: string, grade: string): Promise<void> {
    const form = this.form(name);
    await form.getByLabel('Kommentar').fill(comment);
    await form.getByLabel('Note oder Punkte (optional)').fill(grade);
    await form.getByRole('button', { name: 'Zurückgeben', exact: true }).click();
    await expect(form.getByRole('status')).toHaveText(`An ${name} zurückgegeben. Nur ${name} sieht die Rückmeldung.`);
  }

  async close(): Promise<void> {
    await this.page.getByRole('button', { name: 'Zurück zur Übersicht' }).click();
    await expect(this.page.getByRole('table', { name: /Abgaben zu/ })).toBeVisible();
  }
}

/** A student's view: "Meine Aufgaben" and their own submission. */
export class StudentAssignments {
  constructor(private readonly page: Page) {}

  async openMine(): Promise<void> {
    await this.page.getByRole('link', { name: 'Meine Aufgaben' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Meine Aufgaben' })).toBeVisible();
  }

  assignmentLink(title: string) {
    return this.page.getByRole('link', { name: title });
  }

  submission() {
    return this.page.getByRole('region', { name: 'Meine Abgabe' });
  }

  async answer(text: string): Promise<void> {
    await this.submission().getByLabel('Deine Antwort (Text)').fill(text);
  }

  async upload(name: string, content: string): Promise<void> {
    await this.submission().getByLabel('Dateien hinzufügen').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content) });
    await expect(this.submission().getByRole('listitem').filter({ hasText: name })).toBeVisible();
  }

  async handIn(): Promise<void> {
    await this.submission().getByRole('button', { name: 'Abgeben' }).click();
    await expect(this.submission().getByRole('button', { name: 'Zurücknehmen' })).toBeVisible();
  }
}

/** A teacher changing or deleting an assignment she handed out (its detail view on the Aufgaben tab). */
export class AssignmentChanges {
  constructor(private readonly page: Page) {}

  editForm() {
    return this.page.getByRole('form', { name: 'Aufgabe bearbeiten' });
  }

  async edit({ title, due, material }: { title: string; due: string; material: { name: string; content: string } }): Promise<void> {
    await this.page.getByRole('button', { name: 'Bearbeiten', exact: true }).click();
    const form = this.editForm();
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Fällig am').fill(due);
    await form.getByLabel('Material hinzufügen (optional)').setInputFiles({ name: material.name, mimeType: 'text/plain', buffer: Buffer.from(material.content) });
  }

  async save(title: string): Promise<void> {
    await this.editForm().getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: `Die Aufgabe „${title}“ wurde geändert.` })).toBeVisible({ timeout: 20_000 });
    await expect(this.page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  }

  /** The confirmation before deleting (an alert dialog), in whichever language the app is in. */
  deleteDialog(name: string | RegExp) {
    return this.page.getByRole('alertdialog', { name });
  }
}

/** An assignment's material as a student sees it: buttons that open each file inside the app. */
export class AssignmentMaterial {
  constructor(private readonly page: Page) {}

  section() {
    return this.page.getByRole('region', { name: 'Material' });
  }

  async open(name: string): Promise<void> {
    await this.section().getByRole('button', { name }).click();
    await expect(this.viewer(name)).toBeVisible();
  }

  viewer(name: string) {
    return this.page.getByRole('dialog', { name });
  }
}
