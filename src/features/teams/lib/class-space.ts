import type { DirectoryMapping } from '../../../api/gateway-contract';

/**
 * The class space model (docs/adr/0004-class-space-model.md): a class is a Nextcloud group named by the
 * school's directory mapping (docs/adr/0014-directory-mapping.md), e.g. `klasse-7a` or `gym-kassel-7a`.
 * Its space is three parts, each shared with that group and found again by a stable name:
 * the folder `/Klassen/Klasse 7a` (read-only for students; hand-ins go through assignments), the Talk group conversation
 * `Klasse 7a` whose description carries the marker `klassenraum:class=<group>`, and the Deck board
 * `Klasse 7a` with an ACL for the group. These names are data on the server, the same in every language.
 */

export type { DirectoryMapping } from '../../../api/gateway-contract';

export const CLASSES_FOLDER = '/Klassen';
export const BOARD_COLOR = '0082C9';

const CLASS_PLACEHOLDER = '{class}';
/** A class id goes into URLs (/klassen/7a): letters, digits, "_" and "-" only. */
const CLASS_ID = /^[\p{L}\p{N}_-]+$/u;
/** Team cards use "team-<id>" (discover-classes.ts): a class id never looks like one. */
const TEAM_PREFIX = 'team-';

export interface ClassGroup {
  /** The Nextcloud group, e.g. "klasse-7a". */
  groupId: string;
  /** The id in the app's URLs, e.g. "7a" (/klassen/7a). */
  classId: string;
  /** The name of every part, e.g. "Klasse 7a". */
  name: string;
}

function templateParts(template: string): [string, string] {
  const at = template.indexOf(CLASS_PLACEHOLDER);
  return [template.slice(0, at), template.slice(at + CLASS_PLACEHOLDER.length)];
}

/**
 * "klasse-7a" → { classId: "7a", name: "Klasse 7a" } under the mapping; any other group → null. The class
 * group is its template with the class id filled in, so one id names one group: ids are unique.
 */
export function classGroupOf(mapping: DirectoryMapping, groupId: string): ClassGroup | null {
  if (mapping.teacherGroups.includes(groupId) || mapping.studentGroups.includes(groupId)) return null;
  const [prefix, suffix] = templateParts(mapping.classGroup);
  if (groupId.length <= prefix.length + suffix.length || !groupId.startsWith(prefix) || !groupId.endsWith(suffix)) return null;
  const classId = groupId.slice(prefix.length, groupId.length - suffix.length);
  if (!CLASS_ID.test(classId) || classId.startsWith(TEAM_PREFIX)) return null;
  return { groupId, classId, name: mapping.className.split(CLASS_PLACEHOLDER).join(classId) };
}

export function classGroupsOf(mapping: DirectoryMapping, groups: readonly string[]): ClassGroup[] {
  const byGroup = new Map<string, ClassGroup>();
  for (const groupId of groups) {
    const group = classGroupOf(mapping, groupId);
    if (group !== null) byGroup.set(groupId, group);
  }
  return [...byGroup.values()].sort((a, b) => a.classId.localeCompare(b.classId, 'de', { numeric: true }));
}

export function isTeacher(mapping: DirectoryMapping, groups: readonly string[]): boolean {
  return groups.some((g) => mapping.teacherGroups.includes(g));
}

export function folderPathOf(group: ClassGroup): string {
  return `${CLASSES_FOLDER}/${group.name}`;
}

/** The line in the Talk room description that ties the room to its class group. */
export function roomMarkerOf(group: ClassGroup): string {
  return `klassenraum:class=${group.groupId}`;
}

const MARKER_PATTERN = /(?:^|\n)klassenraum:class=(\S+)\s*(?:\n|$)/;

/** The class group a room description names, or null. */
export function groupInRoomDescription(description: string): string | null {
  return MARKER_PATTERN.exec(description)?.[1] ?? null;
}

/** Adds the marker to a description a teacher may have written, keeping their text. */
export function descriptionWithMarker(description: string, group: ClassGroup): string {
  const marker = roomMarkerOf(group);
  const trimmed = description.trim();
  return trimmed === '' ? marker : `${trimmed}\n\n${marker}`;
}

export function lastSegment(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}
