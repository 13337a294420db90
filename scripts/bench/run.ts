/**
 * `npm run bench`: measures, prints and records the figures in docs/benchmarks.md. Each figure is a ratio
 * or count measured within one run, so it compares like with like on whatever machine runs it.
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

for (const section of sections) {
  process.stdout.write(`\n== ${section.title}\n`);
  const got = await section.run();
  for (const f of got) process.stdout.write(`${f.name}: ${f.value}\n`);
  figures.push(...got);
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
