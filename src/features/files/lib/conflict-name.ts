/**
 * "Keep both" naming, as Nextcloud's web UI does it: "Blatt.pdf" → "Blatt (2).pdf" → "Blatt (3).pdf".
 * A name that already ends in " (n)" counts on from n.
 */
export function splitExtension(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  // ".bashrc" and "folder" have no extension; "archive.tar.gz" keeps ".gz" only, as Nextcloud does.
  if (dot <= 0 || dot === name.length - 1) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}

export function uniqueName(name: string, taken: ReadonlySet<string> | readonly string[]): string {
  const names = new Set(Array.from(taken, (n) => n.toLowerCase()));
  if (!names.has(name.toLowerCase())) return name;
  const { stem, ext } = splitExtension(name);
  const numbered = /^(.*) \((\d+)\)$/.exec(stem);
  const base = numbered?.[1] ?? stem;
  let n = numbered?.[2] === undefined ? 2 : Number(numbered[2]) + 1;
  for (;;) {
    const candidate = `${base} (${n})${ext}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
    n++;
  }
}

/** Characters Nextcloud refuses in names, and names it refuses outright. */
export function invalidNameReason(name: string): 'empty' | 'slash' | 'reserved' | 'too-long' | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.includes('/') || trimmed.includes('\\')) return 'slash';
  if (trimmed === '.' || trimmed === '..' || trimmed.toLowerCase() === '.htaccess') return 'reserved';
  if (new TextEncoder().encode(trimmed).length > 250) return 'too-long';
  return null;
}
