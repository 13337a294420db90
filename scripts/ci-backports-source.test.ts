// .ci/backports-source derives the bookworm-backports entry from the machine's own apt sources, so
// CI never names a package mirror. Each case writes a throwaway /etc/apt look-alike and runs the script.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '.ci', 'backports-source');
const dirs: string[] = [];

function aptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'apt-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function run(dir: string): string {
  return execFileSync('bash', [script], { env: { ...process.env, APT_SOURCES_DIR: dir }, encoding: 'utf8' });
}

/** The stanza the script prints for the archive at `uri`. */
function backports(uri: string, signedBy?: string): string {
  return `Types: deb\nURIs: ${uri}\nSuites: bookworm-backports\nComponents: main\n${signedBy === undefined ? '' : `Signed-By: ${signedBy}\n`}`;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('.ci/backports-source', () => {
  it('takes URI and Signed-By of the deb822 stanza for bookworm itself, not -security or -backports', () => {
    const dir = aptDir({
      'sources.list.d/backports.sources':
        'Types: deb\nURIs: http://old.example.invalid/debian\nSuites: bookworm-backports\nComponents: main\n',
      'sources.list.d/debian.sources': [
        'Types: deb',
        'URIs: http://sec.example.invalid/debian-security',
        'Suites: bookworm-security',
        'Components: main',
        '',
        'Types: deb deb-src',
        '# a comment inside the stanza',
        'URIs: http://apt.example.invalid/debian http://second.example.invalid/debian',
        'Suites: bookworm bookworm-updates',
        'Components: main',
        'Signed-By: /usr/share/keyrings/school.gpg',
        '',
      ].join('\n'),
    });
    expect(run(dir)).toBe(backports('http://apt.example.invalid/debian', '/usr/share/keyrings/school.gpg'));
  });

  it('skips a disabled stanza and keeps an inline key block of Signed-By', () => {
    const dir = aptDir({
      'sources.list.d/a.sources':
        'Enabled: no\nTypes: deb\nURIs: http://off.example.invalid/debian\nSuites: bookworm\nComponents: main\n\n' +
        'Types: deb\nURIs: http://apt.example.invalid/debian\nSuites: bookworm\nComponents: main\n' +
        'Signed-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBF\n -----END PGP PUBLIC KEY BLOCK-----\n',
    });
    expect(run(dir)).toBe(backports('http://apt.example.invalid/debian', '\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBF\n -----END PGP PUBLIC KEY BLOCK-----'));
  });

  it('reads one-line entries with options when there is no deb822 file', () => {
    const dir = aptDir({
      'sources.list': [
        '# deb http://commented.example.invalid/debian bookworm main',
        'deb-src http://src.example.invalid/debian bookworm main',
        'deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://apt.example.invalid/debian-security bookworm-security main',
        '  deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://apt.example.invalid/debian bookworm main contrib',
        '',
      ].join('\n'),
    });
    expect(run(dir)).toBe(backports('http://apt.example.invalid/debian', '/usr/share/keyrings/x.gpg'));
  });

  it('leaves Signed-By out when the one-line entry has none', () => {
    const dir = aptDir({ 'sources.list.d/school.list': 'deb http://apt.example.invalid/debian bookworm main\n' });
    expect(run(dir)).toBe(backports('http://apt.example.invalid/debian'));
  });

  it('fails with a message naming the suite when nothing matches', () => {
    const dir = aptDir({ 'sources.list': 'deb http://apt.example.invalid/debian trixie main\n' });
    const result = spawnSync('bash', [script], { env: { ...process.env, APT_SOURCES_DIR: dir }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("no enabled 'deb' entry for suite 'bookworm'");
  });
});
