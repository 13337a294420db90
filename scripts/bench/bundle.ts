import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './support.js';

/** The chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`. */
function staticImports(dist: string, file: string): string[] {
  const code = readFileSync(path.join(dist, file), 'utf8');
  return [...code.matchAll(/import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => `assets/${m[1] ?? ''}`);
}

function closure(dist: string, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...roots];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.endsWith('.js')) todo.push(...staticImports(dist, f));
  }
  return seen;
}

/**
 * What the browser must download before the app can show anything (the scripts and styles dist/index.html
 * names, with their static imports), what the class home adds (its route chunk and its static imports), and
 * what loads lazily. Throws when video (call) code is among what the class home needs at first.
 */
export function measureBundle(dist = 'dist'): Figure[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '').filter(Boolean);
  const initial = closure(dist, entry);
  const allJs = readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  // The class home needs its route chunk and the chat runtime, which the signed-in shell loads beside it.
  const classHomeChunks = allJs.filter((f) => /\/(class-home|chat-runtime)-[^/]+\.js$/.test(f));
  const classHome = closure(dist, [...initial, ...classHomeChunks]);
  const video = allJs.filter((f) => /\/lesson-[^/]+\.js$/.test(f) || readFileSync(path.join(dist, f), 'utf8').includes('RTCPeerConnection'));
  const leaked = video.filter((f) => classHome.has(f));
  if (leaked.length > 0) throw new Error(`video code is in what the class home loads first: ${leaked.join(', ')}`);

  const gz = (file: string): number => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
  const sum = (files: Iterable<string>): number => [...files].reduce((n, f) => n + gz(f), 0);
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  const js = (files: Iterable<string>): string[] => [...files].filter((f) => f.endsWith('.js'));
  const lazy = allJs.filter((f) => !classHome.has(f));
  const byName = (files: string[]): string =>
    files
      .map((f) => ({ name: path.basename(f).replace(/-[\w-]{8}\.js$/, ''), size: gz(f) }))
      .sort((a, b) => b.size - a.size)
      .map((x) => `${x.name} ${kb(x.size)}`)
      .join(', ');
  const classHomeOnly = js(classHome).filter((f) => !initial.has(f));
  return [
    { name: 'Initial JS (gzip) for the app shell (login, header)', value: kb(sum(js(initial))), how: `gzip -9 of the scripts dist/index.html loads and their static imports (${js(initial).length} file(s)); routes below the shell load via React Router's route lazy` },
    { name: 'JS (gzip) needed to show the class home', value: kb(sum(js(classHome))), how: `the above plus the class-home route chunk, the chat runtime the shell loads beside it, and their static imports: ${byName(classHomeOnly)}` },
    { name: 'Initial CSS (gzip)', value: kb(sum([...initial].filter((f) => f.endsWith('.css')))), how: 'gzip -9 of the stylesheets dist/index.html loads' },
    { name: 'Loaded lazily (not needed for the class home)', value: `${lazy.length} chunk(s), ${kb(sum(lazy))} gzip`, how: `${byName(lazy)}; video code (${video.map((f) => path.basename(f)).join(', ')}) is among them: checked` },
  ];
}
