import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../gateway/testing/free-port.js';

/** One measured figure, as docs/benchmarks.md records it. */
export interface Figure {
  name: string;
  value: string;
  how: string;
}

export { freePort };

/** Starts a TypeScript entry point in its own Node process (so its memory and event loop are its own). */
export async function startNodeProcess(entry: string, env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Up to 90 s: on a shared 2-core machine under load, tsx compiling the server alone can take half a minute.
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      const res = await fetch(readyUrl);
      await res.arrayBuffer();
      return child;
    } catch {
      await sleep(50);
    }
  }
  child.kill();
  throw new Error(`${entry} did not answer at ${readyUrl}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<'exited'>((resolve) => child.once('exit', () => resolve('exited')));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(5000, 'timeout' as const)])) === 'timeout') child.kill('SIGKILL');
}

/** Resident memory of a process in bytes (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
