import { describe, expect, it } from 'vitest';
import { MIN_CHUNK_BYTES, missingChunks, planChunks } from './chunked-upload';

const MiB = 1024 * 1024;

describe('chunk planning', () => {
  it('cuts 50 MiB into ten numbered 5 MiB chunks covering every byte once', () => {
    const plan = planChunks(50 * MiB);
    expect(plan.map((c) => c.name)).toEqual(['00001', '00002', '00003', '00004', '00005', '00006', '00007', '00008', '00009', '00010']);
    expect(plan.every((c) => c.end - c.start === 5 * MiB)).toBe(true);
    expect(plan[0]?.start).toBe(0);
    expect(plan.at(-1)?.end).toBe(50 * MiB);
  });

  it('lets only the last chunk be smaller', () => {
    const plan = planChunks(10 * MiB + 10);
    expect(plan.map((c) => c.end - c.start)).toEqual([5 * MiB, 5 * MiB, 10]);
  });

  it('never goes below the server minimum and never beyond 10,000 chunks', () => {
    expect(() => planChunks(20 * MiB, MiB)).toThrow(RangeError);
    const huge = planChunks(60_000 * MiB);
    expect(huge.length).toBeLessThanOrEqual(10_000);
    expect(huge.at(-1)?.end).toBe(60_000 * MiB);
    expect(huge.slice(0, -1).every((c) => c.end - c.start >= MIN_CHUNK_BYTES)).toBe(true);
  });
});

describe('resume: which chunks are still missing', () => {
  const plan = planChunks(50 * MiB);

  it('sends only chunks the server does not hold', () => {
    const uploaded = ['00001', '00002', '00003'].map((name) => ({ name, size: 5 * MiB }));
    expect(missingChunks(plan, uploaded).map((c) => c.name)).toEqual(['00004', '00005', '00006', '00007', '00008', '00009', '00010']);
  });

  it('re-sends a chunk that arrived torn (wrong size) and ignores unknown names', () => {
    const uploaded = [
      { name: '00001', size: 5 * MiB },
      { name: '00002', size: 1234 },
      { name: '00003', size: 5 * MiB },
      { name: 'junk', size: 1 },
    ];
    expect(missingChunks(plan, uploaded).map((c) => c.name)).toEqual(['00002', '00004', '00005', '00006', '00007', '00008', '00009', '00010']);
  });

  it('has nothing to send when everything arrived', () => {
    const uploaded = plan.map((c) => ({ name: c.name, size: c.end - c.start }));
    expect(missingChunks(plan, uploaded)).toEqual([]);
  });
});
