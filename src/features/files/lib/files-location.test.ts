import { describe, expect, it } from 'vitest';
import { fileSearchParams, folderFromParam, folderParamOf, withFile, withFolder } from './files-location';

describe('files location in the URL', () => {
  it('names folders below the root, so one link works for every member', () => {
    expect(folderFromParam('/Klasse 7a', 'Woche 1/Blätter')).toBe('/Klasse 7a/Woche 1/Blätter');
    expect(folderFromParam('/', 'Mathe')).toBe('/Mathe');
    expect(folderFromParam('/Klasse 7a', null)).toBe('/Klasse 7a');
    expect(folderParamOf('/Klasse 7a', '/Klasse 7a/Woche 1')).toBe('Woche 1');
    expect(folderParamOf('/', '/Mathe/Blatt')).toBe('Mathe/Blatt');
    expect(folderParamOf('/Klasse 7a', '/Klasse 7a')).toBe('');
  });

  it('never climbs above the root from a URL', () => {
    expect(folderFromParam('/Klasse 7a', '../../schmidt/Privat')).toBe('/Klasse 7a/schmidt/Privat');
    expect(folderFromParam('/Klasse 7a', './..//')).toBe('/Klasse 7a');
    expect(folderParamOf('/Klasse 7a', '/Klasse 7b/Woche 1')).toBe('');
  });

  it('keeps the other parameters, drops the file when the folder changes', () => {
    const start = new URLSearchParams({ ansicht: 'dateien', ordner: 'Woche 1', datei: 'Blatt.pdf' });
    expect(withFolder(start, '/Klasse 7a', '/Klasse 7a').toString()).toBe('ansicht=dateien');
    expect(withFolder(start, '/Klasse 7a', '/Klasse 7a/Woche 2').get('ordner')).toBe('Woche 2');
    expect(withFile(new URLSearchParams({ ansicht: 'dateien' }), 'a&b.pdf').get('datei')).toBe('a&b.pdf');
    expect(withFile(start, null).has('datei')).toBe(false);
  });

  it('links a file below the root as folder and name', () => {
    expect(Object.fromEntries(fileSearchParams('/Woche 1/Blatt.pdf'))).toEqual({ ordner: 'Woche 1', datei: 'Blatt.pdf' });
    expect(Object.fromEntries(fileSearchParams('Blatt.pdf'))).toEqual({ datei: 'Blatt.pdf' });
  });
});
