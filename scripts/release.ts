/**
 * `npm run release`: the tarball a school installs without building. It holds the built app (dist/), the built
 * gateway (build/, with the few src/ modules it shares with the app), package.json and package-lock.json, so that
 * `npm ci --omit=dev` installs only the gateway's runtime packages, and LICENSE, README.md and deploy/ (the nginx
 * site and the systemd unit). No dev
 * server, no tests, no sources. Prints the tarball's path. `--out DIR` (default release/).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function run(cmd: string, args: string[], cwd = root): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${String(r.status)}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** What must never ship: the dev server, test code, test wiring. */
function assertProductOnly(buildDir: string): void {
  const bad = filesUnder(buildDir)
    .map((f) => path.relative(buildDir, f))
    .filter((f) => f.startsWith('devserver') || /(^|\/)testing\//.test(f) || /\.test\.js(\.map)?$/.test(f) || f.startsWith('e2e'));
  if (bad.length > 0) throw new Error(`the build holds test or dev server code: ${bad.slice(0, 5).join(', ')}`);
}

/**
 * package.json as installed at a school: the same packages (the lock stays valid), only a start script, which serves
 * the app from dist/ unless STATIC_DIR says otherwise.
 */
function releasePackageJson(): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg['scripts'] = { start: 'STATIC_DIR="${STATIC_DIR:-dist}" node build/gateway/src/main.js' };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function main(): void {
  const outArg = process.argv.indexOf('--out');
  const outDir = path.resolve(outArg >= 0 ? (process.argv[outArg + 1] ?? 'release') : path.join(root, 'release'));
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const name = `klassenraum-${version}`;

  rmSync(path.join(root, 'build'), { recursive: true, force: true });
  run('npm', ['run', 'build']);
  assertProductOnly(path.join(root, 'build'));

  const stage = path.join(outDir, name);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const part of ['dist', 'build', 'package-lock.json', 'LICENSE', 'README.md', 'deploy']) {
    // deploy/ ships its files, not the tests that check them.
    const shipped = (src: string) => !src.endsWith('.test.ts');
    if (existsSync(path.join(root, part))) cpSync(path.join(root, part), path.join(stage, part), { recursive: true, filter: shipped });
  }
  writeFileSync(path.join(stage, 'package.json'), releasePackageJson());
  const tarball = path.join(outDir, `${name}.tar.gz`);
  run('tar', ['-czf', tarball, '-C', outDir, name]);
  rmSync(stage, { recursive: true, force: true });
  process.stdout.write(`${tarball}\n`);
}

main();
