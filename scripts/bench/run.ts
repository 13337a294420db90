/**
 * `npm run bench`: measures, prints and records the figures in docs/benchmarks.md. Each figure is a ratio
 * or count measured within one run, so it compares like with like on whatever machine runs it.
 * BENCH_ONLY=<part of a section title> (e.g. BENCH_ONLY=Idle) runs only the sections whose title contains it and
 * replaces only their rows in docs/benchmarks.md (new figures are added to the table; the rest stays as it was).
 */
import { execFileSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureBalancedGateways } from './balanced.js';
import { measureBundle } from './bundle.js';
import { measureGatewayMemory } from './gateway-memory.js';
import { measureGatewayOverhead } from './gateway-overhead.js';
import { measureIdleRequests } from './idle-requests.js';
import { measureLcp } from './lcp.js';
import { measureMonday } from './monday.js';
import type { Figure } from './support.js';

const started = Date.now();
const figures: Figure[] = [];
// The bench builds into its own directory, so a run never replaces the dist/ others are testing.
const dist = path.join(tmpdir(), `klassenraum-bench-dist-${process.pid}`);
// "8:00 on Monday": 1,000 students in one minute overloaded this 2-core machine (load generator, gateway and
// dev server share it); BENCH_STUDENTS overrides.
const students = Number(process.env['BENCH_STUDENTS'] ?? 500);
const sections: { title: string; run: () => Promise<Figure[]> | Figure[] }[] = [
  {
    title: 'Bundle',
    run: () => {
      execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
      return measureBundle(dist);
    },
  },
  { title: 'Gateway overhead', run: () => measureGatewayOverhead() },
  { title: 'Gateway memory', run: () => measureGatewayMemory() },
  { title: `8:00 on Monday (N = ${students})`, run: () => measureMonday(dist, students) },
  { title: 'LCP of the class home', run: () => measureLcp(dist) },
  // Five real minutes: one user with the class chat in 1 tab and one in 3 tabs, side by side.
  { title: 'Idle requests with the class chat open', run: () => measureIdleRequests(dist) },
  { title: 'Two gateways on one Redis', run: () => measureBalancedGateways() },
];

const only = process.env['BENCH_ONLY'];
const chosen = only === undefined ? sections : sections.filter((s) => s.title.toLowerCase().includes(only.toLowerCase()));
if (chosen.length === 0) throw new Error(`BENCH_ONLY=${String(only)} matches no section: ${sections.map((s) => s.title).join(', ')}`);
if (only !== undefined && !chosen.some((s) => s.title === 'Bundle')) {
  // The sections that load the app in a browser need the build.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir'], { stdio: 'inherit' });
}

for (const section of chosen) {
  process.stdout.write(`\n== ${section.title}\n`);
  const got = await section.run();
  for (const f of got) process.stdout.write(`${f.name}: ${f.value}\n`);
  figures.push(...got);
}

if (only !== undefined) {
  updateRows(figures);
  process.stdout.write(`\nUpdated ${String(figures.length)} figure(s) in docs/benchmarks.md.\n`);
  process.exit(0);
}

/** BENCH_ONLY: the measured figures replace their rows (by name) or join the end of the table; the date goes with them. */
function updateRows(measured: Figure[]): void {
  const lines = readFileSync('docs/benchmarks.md', 'utf8').split('\n');
  const day = new Date().toISOString().slice(0, 10);
  const row = (f: Figure) => `| ${f.name} | ${f.value} | ${f.how}; measured ${day} with BENCH_ONLY=${String(only)} |`;
  // The generated table: from its header to the first line that is no row.
  const head = lines.findIndex((l) => l.startsWith('| figure |'));
  let lastRow = head;
  while (lines[lastRow + 1]?.startsWith('|') === true) lastRow++;
  // A new figure goes after the one measured before it (a variant beside its original), else at the end.
  let previous = -1;
  for (const f of measured) {
    const at = lines.findIndex((l, i) => i > head && i <= lastRow && l.startsWith(`| ${f.name} |`));
    if (at >= 0) {
      lines[at] = row(f);
      previous = at;
      continue;
    }
    const insertAt = previous >= 0 ? previous + 1 : lastRow + 1;
    lines.splice(insertAt, 0, row(f));
    previous = insertAt;
    lastRow++;
  }
  writeFileSync('docs/benchmarks.md', lines.join('\n'));
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
const date = new Date().toISOString().slice(0, 10);
const rows = figures.map((f) => `| ${f.name} | ${f.value} | ${f.how} |`).join('\n');
// Sections below the generated part ("## …", e.g. figures the e2e suite measures) are kept as they are.
const previous = existsSync('docs/benchmarks.md') ? readFileSync('docs/benchmarks.md', 'utf8') : '';
const kept = previous.indexOf('\n## ') >= 0 ? previous.slice(previous.indexOf('\n## ')) : '';
writeFileSync(
  'docs/benchmarks.md',
  `# Benchmarks

Latest run: ${date}, ${machine}; the whole run took ${((Date.now() - started) / 1000).toFixed(0)} s.
Reproduce with \`npm ci && npm run bench\` (it rewrites this file). Figures are ratios or counts measured
within one run where a ratio makes sense, so they compare like with like on any machine.

| figure | value | how it was measured |
| --- | --- | --- |
${rows}

This run shared the 2-core machine with whatever else ran on it (on the development machine: several other
developers' test runs), so absolute latencies are pessimistic and noisy; ratios compare like with like.
Chat send→render latency is measured by the e2e suite (section below).
${kept}`,
);
process.stdout.write(`\nWrote docs/benchmarks.md (${figures.length} figures).\n`);
