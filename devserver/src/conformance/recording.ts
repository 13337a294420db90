/** The recordings of real Nextcloud exchanges (devserver/fixtures/recordings, copied from the API reference). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const exchangeSchema = z.object({
  name: z.string(),
  user: z.string().nullable(),
  elapsed_ms: z.number().optional(),
  request: z.object({
    method: z.string(),
    path: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }),
  response: z.object({
    status: z.number(),
    // web-session.json lists the cookies an answer sets as `set-cookie-names: [...]`.
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    body: z.unknown(),
  }),
  /** `cookie-session`: a browser exchange authenticated only by its cookies (web-session.json). */
  auth: z.string().optional(),
  /** Sent `starts_after_ms` after exchange `during` started, while that one (a long-poll) was still waiting. */
  during: z.number().int().nonnegative().optional(),
  starts_after_ms: z.number().nonnegative().optional(),
});

const recordingSchema = z.object({
  flow: z.string(),
  server: z.string(),
  exchanges: z.array(exchangeSchema),
});

export type Exchange = z.infer<typeof exchangeSchema>;
export type Recording = z.infer<typeof recordingSchema>;

export const RECORDINGS_DIR = fileURLToPath(new URL('../../fixtures/recordings/', import.meta.url));

export function recordingFiles(): string[] {
  return readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadRecording(file: string): Recording {
  return recordingSchema.parse(JSON.parse(readFileSync(`${RECORDINGS_DIR}${file}`, 'utf8')));
}

/** A binary body as the recordings keep it. */
export function binaryBody(body: unknown): { bytes: number } | null {
  if (typeof body === 'object' && body !== null && '_binary_bytes' in body) {
    const n = body._binary_bytes;
    if (typeof n === 'number') return { bytes: n };
  }
  return null;
}
