import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AppShell, LoginPage } from '../auth/login-page.js';
import { expectNoAxeViolations } from '../fixtures/accessibility.js';
import { DEMO_PASSWORD, expect, test } from '../fixtures/school.js';
import { FilesPage } from './files-page.js';

// The quota of one student is changed here: this file gets its own school.
test.use({ schoolKey: 'quota' });
test.describe.configure({ timeout: 150_000 });

const CSRF = { 'X-Requested-With': 'klassenraum' };
const FULL_MESSAGE = 'Der Speicherplatz ist voll. Lösche nicht mehr benötigte Dateien oder frag die Schul-IT nach mehr Speicher.';

function filesPath(user: string, ...segments: string[]): string {
  return `/remote.php/dav/files/${user}/${segments.map(encodeURIComponent).join('/')}`;
}

/** Name and size of everything in the user's root, as the server holds it. */
async function serverListing(page: Page, user: string): Promise<string[]> {
  const res = await page.request.fetch(filesPath(user), {
    method: 'PROPFIND',
    headers: { ...CSRF, Depth: '1', 'Content-Type': 'application/xml' },
    data: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getcontentlength/><d:quota-used-bytes/></d:prop></d:propfind>',
  });
  expect(res.status()).toBe(207);
  const text = await res.text();
  return [...text.matchAll(/<d:href>([^<]*)<\/d:href>.*?<\/d:response>/gs)].map((m) => {
    const size = /<d:getcontentlength>(\d+)</.exec(m[0])?.[1] ?? /<d:quota-used-bytes>(\d+)</.exec(m[0])?.[1] ?? '?';
    return `${decodeURIComponent(m[1] ?? '')} ${size}`;
  });
}

test('a student whose storage is nearly full uploads larger files: a clear message, nothing in their files changes', async ({ page, school }) => {
  await page.goto('/');
  await new LoginPage(page).signInThroughNextcloud('s7a4', DEMO_PASSWORD);
  await new AppShell(page).expectSignedInAs('Mia Schulz');
  const essay = 'Mein Aufsatz über den Wald. '.repeat(100);
  expect((await page.request.fetch(filesPath('s7a4', 'Aufsatz.txt'), { method: 'PUT', headers: CSRF, data: essay })).status()).toBe(201);
  // 1,000 bytes left.
  school.devserver.control.setQuota('s7a4', Buffer.byteLength(essay) + 1000);
  const before = await serverListing(page, 's7a4');

  const dir = path.join(os.tmpdir(), `klassenraum-e2e-quota-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const small = path.join(dir, 'Referat.txt');
  writeFileSync(small, 'Referat über Bienen. '.repeat(200)); // 4 KB: one PUT
  const large = path.join(dir, 'Experiment.mp4');
  writeFileSync(large, Buffer.alloc(11 * 1024 * 1024, 7)); // 11 MiB: a chunked upload
  try {
    const files = new FilesPage(page);
    await files.goto();
    await expect(files.entry('Aufsatz.txt')).toBeVisible();
    school.devserver.control.resetRequests();
    await files.upload([small, large]);

    for (const name of ['Referat.txt', 'Experiment.mp4']) {
      const item = files.uploadItem(name);
      await expect(item).toContainText('Fehlgeschlagen');
      await expect(item).toContainText(FULL_MESSAGE);
    }
    await expectNoAxeViolations(page);

    // The server refused both before storing anything: the PUT and the upload folder's MKCOL got 507.
    const refused = school.devserver.control.requests().filter((r) => r.status === 507);
    expect(refused.map((r) => r.method).sort()).toEqual(['MKCOL', 'PUT']);
    expect(school.devserver.control.requests().filter((r) => r.path.includes('/remote.php/dav/uploads/') && r.method === 'PUT')).toEqual([]);

    await expect(files.entry('Referat.txt')).toHaveCount(0);
    await expect(files.entry('Experiment.mp4')).toHaveCount(0);
    await expect(files.entry('Aufsatz.txt')).toBeVisible();
    expect(await serverListing(page, 's7a4')).toEqual(before);
    expect(await (await page.request.get(filesPath('s7a4', 'Aufsatz.txt'), { headers: CSRF })).text()).toBe(essay);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
