import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The unit a school installs, checked by systemd's own tools (the machine need not run systemd). */
const unit = path.join(import.meta.dirname, 'klassenraum.service');

function analyze(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('systemd-analyze', args, { encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`systemd-analyze is not installed (Debian package "systemd"): ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('deploy/systemd/klassenraum.service', () => {
  it('is a valid unit: no unknown settings, something to start', () => {
    const r = analyze(['verify', unit]);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('is hardened: systemd rates its exposure at most 3.0 of 10 (own user, read-only system, no new privileges)', () => {
    const r = analyze(['security', '--offline=true', '--no-pager', unit]);
    const level = /Overall exposure level for klassenraum\.service: (\d+\.\d+)/.exec(r.out)?.[1];
    expect(level, r.out).toBeDefined();
    expect(Number(level)).toBeLessThanOrEqual(3.0);
    for (const line of ['✓ NoNewPrivileges=', '✓ User=/DynamicUser=', '✓ ProtectSystem=']) expect(r.out).toContain(line);
  });
});
