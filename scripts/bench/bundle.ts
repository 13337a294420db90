import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './support.js';

/** What the browser must download before the app can show anything: the entry script, its module
 * preloads and the stylesheet named in dist/index.html. Everything else in dist/assets loads lazily. */
export function measureBundle(dist = 'dist'): Figure[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = new Set<string>();
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)) if (m[1]) initial.add(m[1]);
  const gz = (file: string): number => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  const initialJs = [...initial].filter((f) => f.endsWith('.js'));
  const initialCss = [...initial].filter((f) => f.endsWith('.css'));
  const allJs = readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const lazy = allJs.filter((f) => !initial.has(f));
  const sum = (files: string[]): number => files.reduce((n, f) => n + gz(f), 0);
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const lazyList = lazy
    .map((f) => ({ f, size: gz(f), raw: statSync(path.join(dist, f)).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 8)
    .map((x) => `${path.basename(x.f)} ${kb(x.size)}`)
    .join(', ');
  return [
    { name: 'Initial JS (gzip) for the app shell', value: kb(sum(initialJs)), how: `gzip -9 of the scripts dist/index.html loads (${initialJs.length} file(s))` },
    { name: 'Initial CSS (gzip)', value: kb(sum(initialCss)), how: 'gzip -9 of the stylesheets dist/index.html loads' },
    { name: 'Lazily loaded JS chunks', value: `${lazy.length} chunk(s), ${kb(sum(lazy))} gzip`, how: lazy.length ? `largest: ${lazyList}` : 'none yet: everything is in the initial bundle' },
  ];
}
