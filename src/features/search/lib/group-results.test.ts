import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../api/core/unified-search';
import { groupResults } from './group-results';

const klass7a = { classId: '7a', name: 'Klasse 7a', folderPath: '/Live', roomToken: 'pbtyyrh7', boardId: 6 };
const klass7b = { classId: '7b', name: 'Klasse 7b', folderPath: '/Klasse 7b', roomToken: 'bbbb', boardId: 7 };

// Entries as the recording (talk-live.json, step 6) shows them for s7a1.
const results: SearchResult[] = [
  { providerId: 'files', entries: [{ title: 'Arbeitsblatt-Live.txt', subline: 'in Live', resourceUrl: 'http://127.0.0.1:8080/f/909', attributes: { fileId: '909', path: '/Live/Arbeitsblatt-Live.txt' } }] },
  {
    providerId: 'talk-message',
    entries: [
      { title: 'Frau Schmidt in Live 7a', subline: 'Live-Stunde', resourceUrl: 'http://127.0.0.1:8080/call/pbtyyrh7#message_301', attributes: { conversation: 'pbtyyrh7', messageId: '301' } },
      { title: 'Lena in privat', subline: 'Live?', resourceUrl: 'http://127.0.0.1:8080/call/other#message_2', attributes: { conversation: 'other', messageId: '2' } },
    ],
  },
  { providerId: 'search-deck-card-board', entries: [{ title: 'Live-Aufgabe', subline: '', resourceUrl: 'http://127.0.0.1:8080/apps/deck/board/6/card/22', attributes: {} }] },
];

describe('groupResults', () => {
  it('puts a file, a message and a task of the class into its group and the rest into "Andere"', () => {
    const groups = groupResults(results, [klass7b, klass7a]);
    expect(groups.map((g) => g.klass?.classId ?? null)).toEqual(['7a', null]);
    expect(groups[0]?.hits.map((h) => [h.kind, h.title])).toEqual([
      ['file', 'Arbeitsblatt-Live.txt'],
      ['message', 'Frau Schmidt in Live 7a'],
      ['task', 'Live-Aufgabe'],
    ]);
    expect(groups[1]?.hits.map((h) => h.title)).toEqual(['Lena in privat']);
  });

  it('does not match a folder by prefix only (/Live2 is not in /Live)', () => {
    const file: SearchResult = { providerId: 'files', entries: [{ title: 'x', subline: '', resourceUrl: '', attributes: { path: '/Live2/x.txt' } }] };
    expect(groupResults([file], [klass7a]).map((g) => g.klass)).toEqual([null]);
  });
});
