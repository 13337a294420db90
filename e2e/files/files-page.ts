import { expect, type Locator, type Page } from '@playwright/test';

/** "Meine Dateien" and the files panel (also embedded in the class home). */
export class FilesPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/dateien');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Meine Dateien' })).toBeVisible();
  }

  grid(): Locator {
    return this.page.getByRole('grid');
  }

  /** The open button of an entry (its accessible name is the file name). */
  entry(name: string): Locator {
    return this.grid().getByRole('button', { name, exact: true });
  }

  renderedRows(): Locator {
    return this.grid().getByRole('row');
  }

  actionsFor(name: string): Locator {
    return this.grid().getByRole('button', { name: `Aktionen für ${name}` });
  }

  async openFolder(name: string): Promise<void> {
    await this.entry(name).click();
    await expect(this.page.getByRole('navigation', { name: 'Ordnerpfad' }).getByText(name, { exact: true })).toBeVisible();
  }

  async upload(files: string[]): Promise<void> {
    await this.page.getByTestId('files-upload-input').setInputFiles(files);
  }

  uploads(): Locator {
    return this.page.getByRole('region', { name: /Uploads/ });
  }

  uploadItem(name: string): Locator {
    return this.page.getByTestId('upload-item').filter({ hasText: name });
  }

  scroller(): Locator {
    return this.page.getByTestId('files-scroll');
  }
}
