import { describe, expect, it } from 'vitest';
import { fromTalkText, toWireText, wireMention } from './mention-text';

describe('mentions as the composer shows them and as Talk receives them', () => {
  it('ids with a space or a slash are quoted (docs/talk/chat.md), others are not', () => {
    expect(wireMention('s7a2')).toBe('@s7a2');
    expect(wireMention('group/klasse-7a')).toBe('@"group/klasse-7a"');
    expect(wireMention('jonas weber')).toBe('@"jonas weber"');
  });

  it('a picked name becomes its id, wherever it stands as a whole name', () => {
    const picked = [{ shown: 'Jonas Weber', wire: '@s7a2' }];
    expect(toWireText('@Jonas Weber bitte melden', picked)).toBe('@s7a2 bitte melden');
    expect(toWireText('Danke @Jonas Weber, und @Jonas Weber!', picked)).toBe('Danke @s7a2, und @s7a2!');
    expect(toWireText('Hallo\n@Jonas Weber', picked)).toBe('Hallo\n@s7a2');
  });

  it('a name the user changed, typed inside a word or never picked stays text', () => {
    const picked = [{ shown: 'Jonas Weber', wire: '@s7a2' }];
    expect(toWireText('@Jonas Weberling kommt', picked)).toBe('@Jonas Weberling kommt');
    expect(toWireText('mail@Jonas Weber', picked)).toBe('mail@Jonas Weber');
    expect(toWireText('@Jonas Webe', picked)).toBe('@Jonas Webe');
    expect(toWireText('@Lena Becker', picked)).toBe('@Lena Becker');
    expect(toWireText('@Lena Becker', [])).toBe('@Lena Becker');
  });

  it('the longer of two picked names wins, two people with one name keep the order they were picked in', () => {
    expect(toWireText('@Jonas Weber und @Jonas', [{ shown: 'Jonas', wire: '@jonas' }, { shown: 'Jonas Weber', wire: '@s7a2' }])).toBe('@s7a2 und @jonas');
    const twins = [
      { shown: 'Mia', wire: '@s7a4' },
      { shown: 'Mia', wire: '@s7b9' },
    ];
    expect(toWireText('@Mia und @Mia', twins)).toBe('@s7a4 und @s7b9');
  });

  it('names with characters a regular expression would read are matched as written', () => {
    expect(toWireText('@Klasse 7a (Mathe) bitte', [{ shown: 'Klasse 7a (Mathe)', wire: '@all' }])).toBe('@all bitte');
  });

  it('a message Talk sent reads with names for editing and goes back with the same mentions', () => {
    const params = {
      'mention-user1': { type: 'user', id: 's7a2', name: 'Jonas Weber', 'mention-id': 's7a2' },
      'mention-call1': { type: 'call', id: 'k7a', name: 'Klasse 7a' },
      'mention-group1': { type: 'user-group', id: 'klasse-7b', name: 'Klasse 7b' },
      file: { type: 'file', id: '12', name: 'Blatt.pdf' },
    };
    const { text, picked } = fromTalkText('{mention-call1}: {mention-user1} und {mention-group1} {file} {mention-user9}', params);
    expect(text).toBe('@Klasse 7a: @Jonas Weber und @Klasse 7b {file} {mention-user9}');
    expect(toWireText(text, picked)).toBe('@all: @s7a2 und @"group/klasse-7b" {file} {mention-user9}');
  });
});
