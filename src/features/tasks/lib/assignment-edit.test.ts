import { describe, expect, it } from 'vitest';
import { assignmentPathsOf, cardDescriptionOf, editedCardDescription, isAssignmentShare, isInternalFile, parseCardDescription, uploadNameOf } from './assignment-model';

describe('editing an assignment', () => {
  it('keeps the folder of the first title and takes the new text, start and grace period', () => {
    const before = parseCardDescription(cardDescriptionOf('Alt', { folder: 'Brüche', availableFrom: null, toleranceMinutes: 0 }));
    if (before === null) throw new Error('no marker');
    const after = editedCardDescription(before.settings, {
      title: 'Bruchrechnen, Teil 2',
      instructions: 'Neu\n\nmit Absatz',
      due: '2026-12-01T07:00:00.000Z',
      availableFrom: '2026-11-30T07:00:00.000Z',
      toleranceMinutes: 15,
    });
    expect(parseCardDescription(after)).toEqual({
      instructions: 'Neu\n\nmit Absatz',
      settings: { folder: 'Brüche', availableFrom: '2026-11-30T07:00:00.000Z', toleranceMinutes: 15 },
    });
  });

  it('finds the shares of one assignment only, not of one whose name begins the same', () => {
    const paths = assignmentPathsOf('Klasse 7a', 'Brüche');
    expect(isAssignmentShare(paths, '/Klassen/Abgaben Klasse 7a/Brüche/Brüche – Lena Becker')).toBe(true);
    expect(isAssignmentShare(paths, '/Klassen/Abgaben Klasse 7a/Brüche/Rückmeldungen/Brüche – Rückmeldung für Lena Becker')).toBe(true);
    expect(isAssignmentShare(paths, '/Klassen/Abgaben Klasse 7a/Brüche 2/Brüche 2 – Lena Becker')).toBe(false);
    expect(isAssignmentShare(paths, '/Klassen/Abgaben Klasse 7a/Brüche')).toBe(false);
    expect(isAssignmentShare(paths, null)).toBe(false);
  });
});

describe('what a student sees of her submission folder', () => {
  it('hides the answer file and the hand-in marker, not her own files', () => {
    expect(['Antwort.md', 'Abgegeben.txt', 'Rechnung.jpg', 'antwort.md'].filter((n) => !isInternalFile(n))).toEqual(['Rechnung.jpg', 'antwort.md']);
  });

  it('names an upload safely and never with an empty name', () => {
    expect(uploadNameOf('a/b:c.txt')).toBe('a b c.txt');
    expect(uploadNameOf('...')).toBe('Datei');
  });
});
