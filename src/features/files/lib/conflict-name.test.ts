import { describe, expect, it } from 'vitest';
import { invalidNameReason, uniqueName } from './conflict-name';

describe('keep both: conflict naming', () => {
  it('keeps a free name as it is', () => {
    expect(uniqueName('Blatt.pdf', ['Anderes.pdf'])).toBe('Blatt.pdf');
  });

  it('numbers before the extension, starting at 2', () => {
    expect(uniqueName('Blatt.pdf', ['Blatt.pdf'])).toBe('Blatt (2).pdf');
    expect(uniqueName('Blatt.pdf', ['Blatt.pdf', 'Blatt (2).pdf', 'Blatt (3).pdf'])).toBe('Blatt (4).pdf');
  });

  it('counts on from an existing number and ignores case like the server does', () => {
    expect(uniqueName('Blatt (2).pdf', ['blatt (2).PDF'])).toBe('Blatt (3).pdf');
  });

  it('handles names without or with only a leading dot', () => {
    expect(uniqueName('Ordner', ['Ordner'])).toBe('Ordner (2)');
    expect(uniqueName('.hidden', ['.hidden'])).toBe('.hidden (2)');
    expect(uniqueName('archiv.tar.gz', ['archiv.tar.gz'])).toBe('archiv.tar (2).gz');
  });
});

describe('name validation', () => {
  it('refuses what Nextcloud refuses', () => {
    expect(invalidNameReason('  ')).toBe('empty');
    expect(invalidNameReason('a/b')).toBe('slash');
    expect(invalidNameReason('..')).toBe('reserved');
    expect(invalidNameReason('x'.repeat(251))).toBe('too-long');
    expect(invalidNameReason('Brüche 1.txt')).toBeNull();
  });
});
