/**
 * Replays every recording against a fresh dev server. core.json must match completely; the other
 * recordings may not exceed their baseline of mismatching exchanges (baseline.json), so progress shows
 * and regressions fail. UPDATE_CONFORMANCE_BASELINE=1 rewrites the baseline after an improvement.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadResponseValidator, openApiDir } from '../openapi/validator.js';
import { startDevServer, type DevServer } from '../server.js';
import { isAccepted, loadAcceptedDifferences } from './accepted.js';
import { loadRecording, recordingFiles } from './recording.js';
import { formatReports, Replayer } from './runner.js';

const BASELINE_FILE = fileURLToPath(new URL('./baseline.json', import.meta.url));
const baseline = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Record<string, number>;
const accepted = loadAcceptedDifferences();
/** talk-live.json has long-polls that run to their 8 s timeout (304) and several that wake after 1.5 s. */
const LONG_POLL_BUDGET_MS = 60_000;

/** Teams first: talk, files and deck refer to the team it creates; files before talk, which shares one of its files into the chat. */
const ORDER = ['core.json', 'teams.json', 'files.json', 'talk.json', 'deck.json', 'class-via-group.json'];
const files = [...ORDER.filter((f) => recordingFiles().includes(f)), ...recordingFiles().filter((f) => !ORDER.includes(f))];

/**
 * Recordings whose file order is not the order things happened on the capture server. talk-live.json: the
 * "(b2)" exchanges (15–20) were captured last: their room list answers say `x-nextcloud-talk-modified-before`
 * 1796161852 and later, the room they show has the mention of exchange 55 (1796161780) as its last message and
 * read marker, while every exchange after 20 happened before 1796161790. Replayed in file order, their 🎉
 * reaction and its removal would land before the ✅ removal the long-poll of exchange 21 waits for.
 */
const CHRONOLOGICAL: Record<string, (count: number) => number[]> = {
  'talk-live.json': (count) => {
    const all = Array.from({ length: count }, (_, i) => i);
    const b2 = all.filter((i) => i >= 15 && i <= 20);
    return [...all.filter((i) => i < 15 || i > 20), ...b2];
  },
};

let server: DevServer;
let replayer: Replayer;
const counts: Record<string, number> = {};

beforeAll(async () => {
  server = await startDevServer({ quiet: true, validateResponses: true });
  replayer = new Replayer(server.url);
});

afterAll(async () => {
  await server.close();
  if (process.env['UPDATE_CONFORMANCE_BASELINE'] === '1') {
    writeFileSync(BASELINE_FILE, `${JSON.stringify({ ...baseline, ...counts }, null, 2)}\n`);
  }
});

describe('conformance with the recordings of a real Nextcloud', () => {
  it('every accepted difference names a recorded exchange', () => {
    for (const a of accepted) {
      const names = loadRecording(a.file).exchanges.map((e) => e.name);
      expect(names, `${a.file}: "${a.exchange}"`).toContain(a.exchange);
    }
  });

  for (const file of files) {
    it(`${file} replays within its baseline`, async () => {
      const recording = loadRecording(file);
      const reports = await replayer.replay(recording, file, CHRONOLOGICAL[file]?.(recording.exchanges.length));
      const failing = reports.filter((r) => r.mismatches.length > 0 && isAccepted(accepted, file, r.name) === undefined);
      counts[file] = failing.length;
      const limit = baseline[file] ?? 0;
      const summary = `${file}: ${reports.length - failing.length}/${reports.length} exchanges conform (baseline allows ${limit} mismatching)`;
      console.log(failing.length > 0 ? `${summary}\n${formatReports(failing)}` : summary);
      if (failing.length < limit) console.log(`${file}: better than the baseline; lower it to ${failing.length} (UPDATE_CONFORMANCE_BASELINE=1)`);
      expect(failing.length, formatReports(failing)).toBeLessThanOrEqual(limit);
    }, LONG_POLL_BUDGET_MS);
  }

  it('every replayed JSON response matches the OpenAPI specs (when they are present)', () => {
    const specs = loadResponseValidator();
    if (specs === null) {
      console.warn(`OpenAPI specs absent at ${openApiDir()}: replayed responses were not validated.`);
      expect(process.env['CI'], 'the OpenAPI specs are required in CI').not.toBe('true');
    }
    expect(server.control.schemaViolations()).toEqual([]);
  });

  it('core.json conforms completely', () => {
    expect(counts['core.json']).toBe(0);
    expect(baseline['core.json'] ?? 0).toBe(0);
  });

  // Accepted only because of replay order: once every recording has run, they must conform.
  it('cross-recording exchanges conform once every recording has replayed', async () => {
    const crossRecording = accepted.filter((a) => a.reason.startsWith('Cross-recording reference'));
    for (const a of crossRecording) {
      const recording = loadRecording(a.file);
      const exchanges = recording.exchanges.filter((e) => e.name === a.exchange);
      const reports = await replayer.replay({ ...recording, exchanges }, a.file);
      expect(formatReports(reports), `${a.file}: "${a.exchange}"`).toBe('');
    }
    expect(server.control.schemaViolations()).toEqual([]);
  });
});
