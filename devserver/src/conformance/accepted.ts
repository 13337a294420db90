/** Reads the accepted-differences table from docs/devserver-fidelity.md (the single source). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ACCEPTED_FILE = fileURLToPath(new URL('../../../docs/devserver-fidelity.md', import.meta.url));

export interface AcceptedDifference {
  file: string;
  exchange: string;
  reason: string;
}

export function loadAcceptedDifferences(text = readFileSync(ACCEPTED_FILE, 'utf8')): AcceptedDifference[] {
  const out: AcceptedDifference[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | file | exchange | reason |  → ['', file, exchange, reason, '']
    if (cells.length < 5) continue;
    const [, file, exchange, reason] = cells;
    if (file === undefined || exchange === undefined || reason === undefined) continue;
    if (!file.endsWith('.json') || reason === '') continue;
    out.push({ file, exchange, reason });
  }
  return out;
}

export function isAccepted(list: AcceptedDifference[], file: string, exchange: string): AcceptedDifference | undefined {
  return list.find((a) => a.file === file && a.exchange === exchange);
}
