/**
 * Prints one closing line over all suites, `tests: N passed, N failed`, from the JSON reports Vitest and
 * Playwright wrote during `npm test`, so a CI log says plainly how many tests ran.
 */
import { existsSync, readFileSync } from 'node:fs';

interface VitestReport { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
interface PlaywrightReport { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }

let passed = 0;
let failed = 0;
let skipped = 0;
let flaky = 0;

if (existsSync('reports/unit.json')) {
  const unit = JSON.parse(readFileSync('reports/unit.json', 'utf8')) as VitestReport;
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
}
if (existsSync('reports/e2e-report.json')) {
  const e2e = JSON.parse(readFileSync('reports/e2e-report.json', 'utf8')) as PlaywrightReport;
  passed += e2e.stats.expected + e2e.stats.flaky;
  flaky += e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
}
if (flaky > 0) process.stdout.write(`flaky (failed first, passed on retry): ${flaky}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
