import { describe, expect, it } from 'vitest';
import { KLASSENRAUM, UCS_GYM_KASSEL } from '../../../testing/directory-mappings';
import { classGroupOf, classGroupsOf, folderPathOf, isTeacher } from './class-space';

describe('class groups under a directory mapping', () => {
  it('keeps the demo school as it was: klasse-7a is "Klasse 7a" at /klassen/7a, lehrer makes a teacher', () => {
    expect(classGroupOf(KLASSENRAUM, 'klasse-7a')).toEqual({ groupId: 'klasse-7a', classId: '7a', name: 'Klasse 7a' });
    expect(classGroupOf(KLASSENRAUM, 'lehrer')).toBeNull();
    expect(classGroupOf(KLASSENRAUM, 'klasse-')).toBeNull();
    expect(isTeacher(KLASSENRAUM, ['klasse-7a', 'lehrer'])).toBe(true);
    expect(isTeacher(KLASSENRAUM, ['klasse-7a'])).toBe(false);
  });

  it('reads UCS@school names: gym-kassel-7a is class 7a, the school-wide groups are not classes', () => {
    const group = classGroupOf(UCS_GYM_KASSEL, 'gym-kassel-7a');
    expect(group).toEqual({ groupId: 'gym-kassel-7a', classId: '7a', name: 'Klasse 7a' });
    expect(group && folderPathOf(group)).toBe('/Klassen/Klasse 7a');
    expect(classGroupOf(UCS_GYM_KASSEL, 'lehrer-gym-kassel')).toBeNull();
    expect(classGroupOf(UCS_GYM_KASSEL, 'schueler-gym-kassel')).toBeNull();
    // Another school's class, and the demo school's names, are not this school's classes.
    expect(classGroupOf(UCS_GYM_KASSEL, 'gs-nord-7a')).toBeNull();
    expect(classGroupOf(UCS_GYM_KASSEL, 'klasse-7a')).toBeNull();
    expect(isTeacher(UCS_GYM_KASSEL, ['lehrer'])).toBe(false);
    expect(isTeacher(UCS_GYM_KASSEL, ['lehrer-gym-kassel'])).toBe(true);
  });

  it('takes a suffix and builds the name from its template', () => {
    const mapping = { ...KLASSENRAUM, preset: 'custom', classGroup: 'k{class}.schueler', className: '{class} (Klasse)' };
    expect(classGroupOf(mapping, 'k10b.schueler')).toEqual({ groupId: 'k10b.schueler', classId: '10b', name: '10b (Klasse)' });
    expect(classGroupOf(mapping, 'k10b')).toBeNull();
  });

  it('gives only URL-safe ids that cannot be mistaken for a team card', () => {
    expect(classGroupOf(KLASSENRAUM, 'klasse-7a/../admin')).toBeNull();
    expect(classGroupOf(KLASSENRAUM, 'klasse-7 a')).toBeNull();
    expect(classGroupOf(KLASSENRAUM, 'klasse-team-abc')).toBeNull();
    expect(classGroupOf(KLASSENRAUM, 'klasse-Übung_1')?.classId).toBe('Übung_1');
  });

  it('lists each class once, in class order', () => {
    expect(classGroupsOf(UCS_GYM_KASSEL, ['gym-kassel-10a', 'lehrer-gym-kassel', 'gym-kassel-7a', 'gym-kassel-7a']).map((g) => g.classId)).toEqual([
      '7a',
      '10a',
    ]);
  });
});
