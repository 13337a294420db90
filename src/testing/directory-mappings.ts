/** Test helper: the mappings the gateway's presets produce (gateway/src/directory-mapping.ts). Not part of the app bundle. */
import type { DirectoryMapping } from '../api/gateway-contract';

export const KLASSENRAUM: DirectoryMapping = {
  preset: 'klassenraum',
  classGroup: 'klasse-{class}',
  className: 'Klasse {class}',
  teacherGroups: ['lehrer'],
  studentGroups: [],
};

export const UCS_GYM_KASSEL: DirectoryMapping = {
  preset: 'ucsatschool',
  classGroup: 'gym-kassel-{class}',
  className: 'Klasse {class}',
  teacherGroups: ['lehrer-gym-kassel'],
  studentGroups: ['schueler-gym-kassel'],
};
