import { defineConfig } from '@playwright/test';

/** E2E runs against real servers started by the fixtures in e2e/fixtures (dev server + gateway on
 * loopback) in Debian's Chromium; Playwright's own browser downloads are not used. */
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env['CI']),
  // No retries, in CI or locally: a test that fails once is a failure to fix, not to hide.
  retries: 0,
  // Reports live outside test-results/, which Playwright empties at the start of every run.
  reporter: [['list'], ['json', { outputFile: 'reports/e2e-report.json' }]],
  use: {
    browserName: 'chromium',
    locale: 'de-DE',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
