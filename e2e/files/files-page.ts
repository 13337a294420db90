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

  /** The folder shown: the last crumb of the folder path. */
  currentFolder(): Locator {
    return this.page.getByRole('navigation', { name: 'Ordnerpfad' }).locator('[aria-current="page"]');
  }

  /** The preview dialog of a file, named by the file. */
  viewer(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }
}

/**
 * Holds the chunk numbered `n` of the next chunked upload in the browser until `release()`: the chunks before it
 * are stored by then, so a test can break something (expire tokens, stop Nextcloud) mid-upload.
 */
export async function holdChunk(page: Page, n: number): Promise<{ held: () => boolean; release: () => void }> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  const chunk = String(n).padStart(5, '0');
  await page.route(new RegExp(`/remote\\.php/dav/uploads/[^/]+/[^/]+/${chunk}$`), async (route) => {
    if (!held) {
      held = true;
      await gate;
    }
    await route.continue();
  });
  return { held: () => held, release: () => { release(); } };
}
